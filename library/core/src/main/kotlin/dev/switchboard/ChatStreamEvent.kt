package dev.switchboard

/**
 * One event of a streamed answer. Deltas arrive as the model produces them; the last event of every
 * complete stream is [Completed], holding the same [CreateResult] that `create` would have returned.
 * A stream that breaks before [Completed] ends with an exception, never silently.
 */
public sealed class ChatStreamEvent {
    /** A piece of the answer text of choice [choiceIndex]. */
    public data class TextDelta @JvmOverloads constructor(
        /** The new text. */
        val text: String,
        /** The choice it belongs to. */
        val choiceIndex: Int = 0,
    ) : ChatStreamEvent()

    /** A piece of the model's reasoning text. */
    public data class ThoughtDelta @JvmOverloads constructor(
        /** The new reasoning text. */
        val text: String,
        /** The choice it belongs to. */
        val choiceIndex: Int = 0,
    ) : ChatStreamEvent()

    /** The model started the tool call at position [index]. */
    public data class ToolCallStart @JvmOverloads constructor(
        /** The call's position among this turn's calls. */
        val index: Int,
        /** The call's id. */
        val id: String,
        /** The tool's name. */
        val name: String,
        /** The choice it belongs to. */
        val choiceIndex: Int = 0,
    ) : ChatStreamEvent()

    /** A piece of the JSON arguments of the tool call at position [index]. */
    public data class ToolCallDelta @JvmOverloads constructor(
        /** The call's position. */
        val index: Int,
        /** The new argument text. */
        val argumentsDelta: String,
        /** The choice it belongs to. */
        val choiceIndex: Int = 0,
    ) : ChatStreamEvent()

    /** The tool call at position [index] is complete. */
    public data class ToolCallEnd @JvmOverloads constructor(
        /** The call's position. */
        val index: Int,
        /** The complete call. */
        val call: FunctionCall,
        /** The choice it belongs to. */
        val choiceIndex: Int = 0,
    ) : ChatStreamEvent()

    /** The stream finished; [result] is the whole answer, usage included. Always the last event. */
    public data class Completed(
        /** The complete result. */
        val result: CreateResult,
    ) : ChatStreamEvent()
}
