package dev.switchboard.spi

import dev.switchboard.ProtocolException

/**
 * The [ProtocolException] for a body (or a stream's frame) a codec could not read, and the redacted excerpts its
 * messages quote.
 *
 * A JSON parser's message quotes the input it failed on (kotlinx.serialization's quotes all of it), and the body
 * may hold a key a server echoed back. So the parser's exception never becomes the cause: the cause is a stand-in
 * that keeps its class name, the first line of its message with every quoted run longer than a few characters
 * taken out and what looks like a secret redacted, and its stack trace; it has no cause of its own.
 */
@SwitchboardSpi
public object DecodeErrors {
    /** The longest excerpt of a body kept in messages and in [ProtocolException.bodyExcerpt] by default. */
    public const val EXCERPT_LENGTH: Int = 200

    /** The longest description of what the parser objected to. */
    private const val PROBLEM_LENGTH: Int = 200

    /** A quoted run of input longer than [Secrets.MIN_LENGTH] - 1 characters, as parsers quote tokens and keys. */
    private val QUOTED = Regex("'[^'\\n]{${Secrets.MIN_LENGTH},}'|\"[^\"\\n]{${Secrets.MIN_LENGTH},}\"")

    /**
     * The start of [text] with [secrets] and whatever [HttpErrors.redact] recognises taken out, at most [max]
     * characters (then followed by `…`). Redacts before it cuts, so that a cut cannot leave part of a secret
     * unrecognised.
     */
    @JvmStatic
    @JvmOverloads
    public fun excerpt(text: String, secrets: Secrets = Secrets.NONE, max: Int = EXCERPT_LENGTH): String {
        val head = if (text.length > max + 200) text.substring(0, max + 200) else text
        val redacted = HttpErrors.redact(secrets.scrub(head))
        return if (redacted.length > max) redacted.substring(0, max) + "…" else redacted
    }

    /**
     * What [e] objected to, without the input it quotes: the first line of its message (or its class name when
     * it has none), quoted runs of [Secrets.MIN_LENGTH] or more characters replaced by `'…'`, [secrets] and
     * secret-like text redacted, cut to 200 characters.
     */
    @JvmStatic
    @JvmOverloads
    public fun problem(e: Throwable, secrets: Secrets = Secrets.NONE): String {
        val first = (e.message?.takeIf { it.isNotBlank() } ?: e.javaClass.simpleName).lineSequence().first()
        val unquoted = QUOTED.replace(first.take(PROBLEM_LENGTH + 200), "'…'")
        val redacted = HttpErrors.redact(secrets.scrub(unquoted))
        return if (redacted.length > PROBLEM_LENGTH) redacted.substring(0, PROBLEM_LENGTH) + "…" else redacted
    }

    /**
     * [e] as a cause that is safe to keep and log: a stand-in with [e]'s class name, its [problem] and its stack
     * trace, and no cause.
     */
    @JvmStatic
    @JvmOverloads
    public fun safeCause(e: Throwable, secrets: Secrets = Secrets.NONE): Throwable = UnreadableInput(e, problem(e, secrets))

    /**
     * The error for [body] (a whole response, a stream's event or line) that [provider]'s codec could not read:
     * `The <provider> <what> (<problem>): <excerpt>`, with the excerpt as [ProtocolException.bodyExcerpt] and
     * [safeCause] of [e] as the cause. With no [e] (the body parsed but lacks what it needs) the message names no
     * problem and there is no cause.
     *
     * @param what what went wrong, as the rest of the sentence: `response is not a valid chat completion`.
     * @param max the longest excerpt; a stream's line is usually quoted at more than a whole body's start.
     */
    @JvmStatic
    @JvmOverloads
    public fun unreadable(
        provider: String,
        what: String,
        body: String,
        requestId: String?,
        e: Throwable?,
        secrets: Secrets = Secrets.NONE,
        max: Int = EXCERPT_LENGTH,
    ): ProtocolException {
        val excerpt = excerpt(body, secrets, max)
        val problem = e?.let { " (" + problem(it, secrets) + ")" } ?: ""
        return ProtocolException("The $provider $what$problem: $excerpt", provider, 200, requestId, excerpt, e?.let { safeCause(it, secrets) })
    }

    /** The stand-in for a parser's failure: its class, a message that quotes none of the input, its stack trace. */
    private class UnreadableInput(original: Throwable, problem: String) : Exception(original.javaClass.name + ": " + problem) {
        init {
            stackTrace = original.stackTrace
        }

        override fun toString(): String = message ?: javaClass.name
    }
}
