package dev.switchboard

/**
 * One block of a model's reasoning exactly as the provider returned it, kept so that it can be sent back
 * unchanged on the next turn.
 *
 * Providers that sign their reasoning (Anthropic's `thinking` blocks) or return it encrypted (Anthropic's
 * `redacted_thinking`) need those blocks back to continue a conversation in which the model reasoned and
 * called tools. [CreateResult.toAssistantMessage] carries them over into [AssistantMessage.thoughtBlocks];
 * a provider whose wire has no place for them leaves them out of the requests it sends.
 *
 * A block knows the API it came from ([origin]): a signature or an encrypted item can be verified only by the API that
 * made it, so each provider sends back the blocks of its own origin (and those of none, built by hand) and leaves out
 * the others. A conversation can thus move from one provider to another without a request being rejected for a
 * foreign signature.
 */
public class ThoughtBlock @JvmOverloads constructor(
    /** The readable reasoning text; empty for a redacted block. */
    public val text: String,
    /** The provider's signature of [text], or null when it sent none. */
    public val signature: String? = null,
    /** Reasoning the provider returned encrypted, opaque to the caller; null for a readable block. */
    public val redactedData: String? = null,
    /**
     * The API that made the block and can read it back, as its codec names it (`anthropic`, `openai-responses`,
     * `bedrock-converse`, `gemini`), or null when unknown (a block built by hand, read from an older recording): such a
     * block is sent to any provider that takes blocks of its kind.
     */
    public val origin: String? = null,
) {
    /** Whether a provider whose blocks are of [origin] can send this block back: it is of that origin or of none. */
    public fun isReadableBy(origin: String): Boolean = this.origin == null || this.origin == origin

    /** Whether the block is encrypted reasoning ([redactedData]) rather than readable text (`isRedacted()` from Java). */
    @get:JvmName("isRedacted")
    public val isRedacted: Boolean get() = redactedData != null

    /** The start of the text and the sizes of the signature and redacted data, which are long and opaque. */
    override fun toString(): String = buildString {
        append("ThoughtBlock(")
        if (redactedData != null) append("redacted, ").append(redactedData.length).append(" chars")
        else append("text=").append(if (text.length > 80) text.take(80) + "…" else text)
        if (signature != null) append(", signature=").append(signature.length).append(" chars")
        if (origin != null) append(", origin=").append(origin)
        append(')')
    }

    /** Factories of [ThoughtBlock]. */
    public companion object {
        /** A readable reasoning block with its [signature]. */
        @JvmStatic public fun signed(text: String, signature: String): ThoughtBlock = ThoughtBlock(text, signature)

        /** An encrypted reasoning block holding [data]. */
        @JvmStatic public fun redacted(data: String): ThoughtBlock = ThoughtBlock("", null, data)
    }

    override fun equals(other: Any?): Boolean =
        this === other || other is ThoughtBlock &&
        text == other.text &&
        signature == other.signature &&
        redactedData == other.redactedData &&
        origin == other.origin

    override fun hashCode(): Int {
        var h = text.hashCode()
        h = 31 * h + (signature?.hashCode() ?: 0)
        h = 31 * h + (redactedData?.hashCode() ?: 0)
        h = 31 * h + (origin?.hashCode() ?: 0)
        return h
    }
}
