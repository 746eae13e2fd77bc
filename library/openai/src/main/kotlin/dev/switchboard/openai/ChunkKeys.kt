package dev.switchboard.openai

/** The keys [ChunkReader] compares, as the UTF-8 bytes it reads. */
internal object ChunkKeys {
    @JvmField val CHOICES = "choices".encodeToByteArray()
    @JvmField val ID = "id".encodeToByteArray()
    @JvmField val MODEL = "model".encodeToByteArray()
    @JvmField val USAGE = "usage".encodeToByteArray()
    @JvmField val ERROR = "error".encodeToByteArray()
    @JvmField val PROMPT_FILTER_RESULTS = "prompt_filter_results".encodeToByteArray()
    @JvmField val DELTA = "delta".encodeToByteArray()
    @JvmField val INDEX = "index".encodeToByteArray()
    @JvmField val FINISH_REASON = "finish_reason".encodeToByteArray()
    @JvmField val LOGPROBS = "logprobs".encodeToByteArray()
    @JvmField val CONTENT_FILTER_RESULTS = "content_filter_results".encodeToByteArray()
    @JvmField val CONTENT = "content".encodeToByteArray()
    @JvmField val ROLE = "role".encodeToByteArray()
    @JvmField val REFUSAL = "refusal".encodeToByteArray()
    @JvmField val TOOL_CALLS = "tool_calls".encodeToByteArray()
    @JvmField val FUNCTION_CALL = "function_call".encodeToByteArray()
    @JvmField val REASONING_CONTENT = "reasoning_content".encodeToByteArray()
    @JvmField val REASONING = "reasoning".encodeToByteArray()
}
