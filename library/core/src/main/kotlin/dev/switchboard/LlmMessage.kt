package dev.switchboard

/**
 * One message of a conversation sent to a model.
 *
 * The hierarchy is closed: [SystemMessage], [UserMessage], [AssistantMessage] and [ToolResultMessage].
 * Every message is an immutable value; build them with the factory methods on each type.
 */
public sealed class LlmMessage

/** Instructions for the model, sent before the conversation. */
public class SystemMessage @JvmOverloads constructor(
    /** The instruction text. */
    public val content: String,
    /** Asks the provider to cache the prompt up to and including this message; see [CacheMarker]. */
    public val cache: CacheMarker? = null,
) : LlmMessage() {
    /** This message with [marker] (null removes it); see [CacheMarker]. */
    public fun withCache(marker: CacheMarker?): SystemMessage = SystemMessage(content, marker)

    /** Factories of [SystemMessage]. */
    public companion object {
        /** A system message holding [content]. */
        @JvmStatic public fun of(content: String): SystemMessage = SystemMessage(content)
    }

    override fun equals(other: Any?): Boolean =
        this === other || other is SystemMessage &&
        content == other.content &&
        cache == other.cache

    override fun hashCode(): Int {
        var h = content.hashCode()
        h = 31 * h + (cache?.hashCode() ?: 0)
        return h
    }

    override fun toString(): String = "SystemMessage(content=$content, cache=$cache)"
}

/** What the user said: text, images and documents, in order. */
public class UserMessage @JvmOverloads constructor(
    /** The parts of the message, in the order the model sees them; never empty. */
    public val content: List<ContentPart>,
    /** An optional name of the speaker, sent where the provider supports it. */
    public val name: String? = null,
    /** Asks the provider to cache the prompt up to and including this message; see [CacheMarker]. */
    public val cache: CacheMarker? = null,
) : LlmMessage() {
    init {
        require(content.isNotEmpty()) { "A UserMessage needs at least one content part" }
    }

    /** This message with [marker] (null removes it); see [CacheMarker]. */
    public fun withCache(marker: CacheMarker?): UserMessage = UserMessage(content, name, marker)

    /** The concatenated text parts, without images or documents. */
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

    override fun equals(other: Any?): Boolean =
        this === other || other is UserMessage &&
        content == other.content &&
        name == other.name &&
        cache == other.cache

    override fun hashCode(): Int {
        var h = content.hashCode()
        h = 31 * h + (name?.hashCode() ?: 0)
        h = 31 * h + (cache?.hashCode() ?: 0)
        return h
    }

    override fun toString(): String = "UserMessage(content=$content, name=$name, cache=$cache)"
}

/**
 * What the model answered in an earlier turn: text, tool calls, or both, and the reasoning text the
 * model exposed ([thought]), if any, with the provider's own reasoning blocks ([thoughtBlocks]). Send it
 * back unchanged to continue the conversation.
 */
public class AssistantMessage @JvmOverloads constructor(
    /** The text of the answer, or null when the model only called tools. */
    public val content: String? = null,
    /** The tool calls the model made, in order. */
    public val toolCalls: List<FunctionCall> = emptyList(),
    /** The model's reasoning text, where the provider exposes it. */
    public val thought: String? = null,
    /** An optional name of the speaker, sent where the provider supports it. */
    public val name: String? = null,
    /**
     * The reasoning blocks as the provider returned them, with their signatures or encrypted data, in
     * order; providers that need them back (Anthropic's signed and redacted thinking) send them.
     */
    public val thoughtBlocks: List<ThoughtBlock> = emptyList(),
    /** Asks the provider to cache the prompt up to and including this message; see [CacheMarker]. */
    public val cache: CacheMarker? = null,
) : LlmMessage() {
    init {
        require(content != null || toolCalls.isNotEmpty() || thought != null || thoughtBlocks.isNotEmpty()) {
            "An AssistantMessage needs content, tool calls or a thought"
        }
    }

    /** This message with [marker] (null removes it); see [CacheMarker]. */
    public fun withCache(marker: CacheMarker?): AssistantMessage =
        AssistantMessage(content, toolCalls, thought, name, thoughtBlocks, marker)

    /** Factories of [AssistantMessage]. */
    public companion object {
        /** An assistant message holding [text]. */
        @JvmStatic public fun of(text: String): AssistantMessage = AssistantMessage(content = text)

        /** An assistant message holding the given tool calls. */
        @JvmStatic public fun ofToolCalls(toolCalls: List<FunctionCall>): AssistantMessage =
            AssistantMessage(toolCalls = toolCalls.toList())
    }

    override fun equals(other: Any?): Boolean =
        this === other || other is AssistantMessage &&
        content == other.content &&
        toolCalls == other.toolCalls &&
        thought == other.thought &&
        name == other.name &&
        thoughtBlocks == other.thoughtBlocks &&
        cache == other.cache

    override fun hashCode(): Int {
        var h = (content?.hashCode() ?: 0)
        h = 31 * h + toolCalls.hashCode()
        h = 31 * h + (thought?.hashCode() ?: 0)
        h = 31 * h + (name?.hashCode() ?: 0)
        h = 31 * h + thoughtBlocks.hashCode()
        h = 31 * h + (cache?.hashCode() ?: 0)
        return h
    }

    override fun toString(): String = "AssistantMessage(content=$content, toolCalls=$toolCalls, thought=$thought, name=$name, thoughtBlocks=$thoughtBlocks, cache=$cache)"
}

/** The results of tool calls, answering the [FunctionCall]s of the previous [AssistantMessage]. */
public class ToolResultMessage @JvmOverloads constructor(
    /** One result per answered call. */
    public val results: List<FunctionExecutionResult>,
    /** Asks the provider to cache the prompt up to and including this message; see [CacheMarker]. */
    public val cache: CacheMarker? = null,
) : LlmMessage() {
    init {
        require(results.isNotEmpty()) { "A ToolResultMessage needs at least one result" }
    }

    /** This message with [marker] (null removes it); see [CacheMarker]. */
    public fun withCache(marker: CacheMarker?): ToolResultMessage = ToolResultMessage(results, marker)

    /** Factories of [ToolResultMessage]. */
    public companion object {
        /** A message carrying the given results. */
        @JvmStatic public fun of(vararg results: FunctionExecutionResult): ToolResultMessage =
            ToolResultMessage(results.toList())

        /** A message carrying the given results. */
        @JvmStatic public fun of(results: List<FunctionExecutionResult>): ToolResultMessage =
            ToolResultMessage(results.toList())
    }

    override fun equals(other: Any?): Boolean =
        this === other || other is ToolResultMessage &&
        results == other.results &&
        cache == other.cache

    override fun hashCode(): Int {
        var h = results.hashCode()
        h = 31 * h + (cache?.hashCode() ?: 0)
        return h
    }

    override fun toString(): String = "ToolResultMessage(results=$results, cache=$cache)"
}

/**
 * A call of a tool requested by the model. [arguments] is the JSON text the model produced; [signature] is the
 * provider's opaque signature of the reasoning that led to the call (Gemini's `thoughtSignature`), which
 * [CreateResult.toAssistantMessage] carries over so that the provider gets it back on the next turn.
 */
public class FunctionCall @JvmOverloads constructor(
    /** The provider's identifier of this call, echoed back in the [FunctionExecutionResult]. */
    public val id: String,
    /** The tool's name. */
    public val name: String,
    /** The arguments as JSON text, exactly as the model produced them (it may be invalid JSON). */
    public val arguments: String,
    /** The provider's signature of the reasoning behind this call, to send back unchanged; null when it sent none. */
    public val signature: String? = null,
) {
    override fun equals(other: Any?): Boolean =
        this === other || other is FunctionCall &&
        id == other.id &&
        name == other.name &&
        arguments == other.arguments &&
        signature == other.signature

    override fun hashCode(): Int {
        var h = id.hashCode()
        h = 31 * h + name.hashCode()
        h = 31 * h + arguments.hashCode()
        h = 31 * h + (signature?.hashCode() ?: 0)
        return h
    }

    /** The id, name and arguments; of the signature, which is long and opaque, only its length. */
    override fun toString(): String =
        "FunctionCall(id=$id, name=$name, arguments=$arguments" + (signature?.let { ", signature=${it.length} chars" } ?: "") + ")"
}

/**
 * The outcome of running a tool for the call [callId]: build it with [of] or [error], whose arguments
 * are `(callId, name, content)` in that order. There is no public constructor, so no second argument
 * order to confuse the tool's name with its output.
 */
public class FunctionExecutionResult private constructor(
    /** The [FunctionCall.id] this result answers. */
    public val callId: String,
    /** The tool's name, required by some providers. */
    public val name: String?,
    /** The text handed back to the model. */
    public val content: String,
    /** Whether the tool failed; [content] then describes the failure. */
    public val isError: Boolean,
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

    override fun equals(other: Any?): Boolean =
        this === other || other is FunctionExecutionResult &&
        callId == other.callId &&
        name == other.name &&
        content == other.content &&
        isError == other.isError

    override fun hashCode(): Int {
        var h = callId.hashCode()
        h = 31 * h + (name?.hashCode() ?: 0)
        h = 31 * h + content.hashCode()
        h = 31 * h + isError.hashCode()
        return h
    }

    override fun toString(): String = "FunctionExecutionResult(callId=$callId, name=$name, content=$content, isError=$isError)"
}
