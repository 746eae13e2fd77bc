package dev.switchboard.llamacpp.internal

/** Names this module's errors and results use. */
internal object LlamaCppNames {
    const val PROVIDER = "llamacpp"
    const val RAW_STOP = "stop"
    const val RAW_LENGTH = "length"
    const val RAW_STOP_SEQUENCE = "stop_sequence"
    const val RAW_TOOL_CALLS = "tool_calls"
}
