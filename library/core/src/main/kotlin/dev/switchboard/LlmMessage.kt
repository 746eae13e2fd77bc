package dev.switchboard

/**
 * One message of a conversation sent to a model.
 *
 * The hierarchy is closed: [SystemMessage], [UserMessage], [AssistantMessage] and [ToolResultMessage].
 * Every message is an immutable value; build them with the factory methods on each type.
 */
public sealed class LlmMessage

/** Instructions for the model, sent before the conversation. */
public data class SystemMessage @JvmOverloads constructor(
    /** The instruction text. */
    val content: String,
    /** Asks the provider to cache the prompt up to and including this message; see [CacheMarker]. */
    val cache: CacheMarker? = null,
) : LlmMessage() {
    /** This message with [marker] (null removes it); see [CacheMarker]. */
    public fun withCache(marker: CacheMarker?): SystemMessage = copy(cache = marker)

    /** Factories of [SystemMessage]. */
    public companion object {
        /** A system message holding [content]. */
        @JvmStatic public fun of(content: String): SystemMessage = SystemMessage(content)
    }
}

/** What the user said: text and images, in order. */
public data class UserMessage @JvmOverloads constructor(
    /** The parts of the message, in the order the model sees them; never empty. */
    val content: List<ContentPart>,
    /** An optional name of the speaker, sent where the provider supports it. */
    val name: String? = null,
    /** Asks the provider to cache the prompt up to and including this message; see [CacheMarker]. */
    val cache: CacheMarker? = null,
) : LlmMessage() {
    init {
        require(content.isNotEmpty()) { "A UserMessage needs at least one content part" }
    }

    /** This message with [marker] (null removes it); see [CacheMarker]. */
    public fun withCache(marker: CacheMarker?): UserMessage = copy(cache = marker)

    /** The concatenated text parts, without images. */
    public val text: String get() = content.filterIsInstance<TextPart>().joinToString("") { it.text }

    /** Whether any part is an image (`hasImages()` from Java). */
    @get:JvmName("hasImages")
    public val hasImages: Boolean get() = content.any { it is ImagePart }

    /** Factories of [UserMessage]. */
    public companion object {
        /** A user message with a single text part. */
        @JvmStatic public fun of(text: String): UserMessage = UserMessage(listOf(TextPart(text)))

        /** A user message with the given parts in order. */
        @JvmStatic public fun of(vararg parts: ContentPart): UserMessage = UserMessage(parts.toList())

        /** A user message with the given parts in order. */
        @JvmStatic public fun of(parts: List<ContentPart>): UserMessage = UserMessage(parts.toList())
    }
}

/**
 * What the model answered in an earlier turn: text, tool calls, or both, and the reasoning text the
 * model exposed ([thought]), if any, with the provider's own reasoning blocks ([thoughtBlocks]). Send it
 * back unchanged to continue the conversation.
 */
public data class AssistantMessage @JvmOverloads constructor(
    /** The text of the answer, or null when the model only called tools. */
    val content: String? = null,
    /** The tool calls the model made, in order. */
    val toolCalls: List<FunctionCall> = emptyList(),
    /** The model's reasoning text, where the provider exposes it. */
    val thought: String? = null,
    /** An optional name of the speaker, sent where the provider supports it. */
    val name: String? = null,
    /**
     * The reasoning blocks as the provider returned them, with their signatures or encrypted data, in
     * order; providers that need them back (Anthropic's signed and redacted thinking) send them.
     */
    val thoughtBlocks: List<ThoughtBlock> = emptyList(),
    /** Asks the provider to cache the prompt up to and including this message; see [CacheMarker]. */
    val cache: CacheMarker? = null,
) : LlmMessage() {
    init {
        require(content != null || toolCalls.isNotEmpty() || thought != null || thoughtBlocks.isNotEmpty()) {
            "An AssistantMessage needs content, tool calls or a thought"
        }
    }

    /** This message with [marker] (null removes it); see [CacheMarker]. */
    public fun withCache(marker: CacheMarker?): AssistantMessage = copy(cache = marker)

    /** Factories of [AssistantMessage]. */
    public companion object {
        /** An assistant message holding [text]. */
        @JvmStatic public fun of(text: String): AssistantMessage = AssistantMessage(content = text)

        /** An assistant message holding the given tool calls. */
        @JvmStatic public fun ofToolCalls(toolCalls: List<FunctionCall>): AssistantMessage =
            AssistantMessage(toolCalls = toolCalls.toList())
    }
}

/** The results of tool calls, answering the [FunctionCall]s of the previous [AssistantMessage]. */
public data class ToolResultMessage @JvmOverloads constructor(
    /** One result per answered call. */
    val results: List<FunctionExecutionResult>,
    /** Asks the provider to cache the prompt up to and including this message; see [CacheMarker]. */
    val cache: CacheMarker? = null,
) : LlmMessage() {
    init {
        require(results.isNotEmpty()) { "A ToolResultMessage needs at least one result" }
    }

    /** This message with [marker] (null removes it); see [CacheMarker]. */
    public fun withCache(marker: CacheMarker?): ToolResultMessage = copy(cache = marker)

    /** Factories of [ToolResultMessage]. */
    public companion object {
        /** A message carrying the given results. */
        @JvmStatic public fun of(vararg results: FunctionExecutionResult): ToolResultMessage =
            ToolResultMessage(results.toList())

        /** A message carrying the given results. */
        @JvmStatic public fun of(results: List<FunctionExecutionResult>): ToolResultMessage =
            ToolResultMessage(results.toList())
    }
}

/** A call of a tool requested by the model. [arguments] is the JSON text the model produced. */
public data class FunctionCall(
    /** The provider's identifier of this call, echoed back in the [FunctionExecutionResult]. */
    val id: String,
    /** The tool's name. */
    val name: String,
    /** The arguments as JSON text, exactly as the model produced them (it may be invalid JSON). */
    val arguments: String,
)

/**
 * The outcome of running a tool for the call [callId]: build it with [of] or [error], whose arguments
 * are `(callId, name, content)` in that order. There is no public constructor, so no second argument
 * order to confuse the tool's name with its output.
 */
@ConsistentCopyVisibility
public data class FunctionExecutionResult private constructor(
    /** The [FunctionCall.id] this result answers. */
    val callId: String,
    /** The tool's name, required by some providers. */
    val name: String?,
    /** The text handed back to the model. */
    val content: String,
    /** Whether the tool failed; [content] then describes the failure. */
    val isError: Boolean,
) {
    /** Factories of [FunctionExecutionResult]. */
    public companion object {
        /** A successful result of the call [callId] of tool [name] (null where the provider needs no name). */
        @JvmStatic public fun of(callId: String, name: String?, content: String): FunctionExecutionResult =
            FunctionExecutionResult(callId, name, content, false)

        /** A failed result of the call [callId] of tool [name]; [message] tells the model what went wrong. */
        @JvmStatic public fun error(callId: String, name: String?, message: String): FunctionExecutionResult =
            FunctionExecutionResult(callId, name, message, true)
    }
}
