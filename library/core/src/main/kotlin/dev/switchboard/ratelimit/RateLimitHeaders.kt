package dev.switchboard.ratelimit

import dev.switchboard.ResponseHeaders
import java.time.Duration
import java.time.Instant
import java.time.format.DateTimeParseException

/**
 * What a provider said of one of its limits in a response: [remaining] requests or tokens left now, out of [limit]
 * when it said, all back [resetIn] from now when it said.
 */
internal class LearnedLimit(val kind: RateLimit.Kind, val remaining: Long, val limit: Long?, val resetIn: Duration?)

/**
 * Reads the rate-limit headers of OpenAI (and Azure OpenAI, and the services that copy them):
 * `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`, the reset a duration such as `6m0s`, `1.5s` or `20ms`;
 * and Anthropic's `anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}`, the reset an RFC 3339 time.
 * A header that is absent or unreadable is left out; a limit without its `remaining` header is not learned.
 */
internal object RateLimitHeaders {
    private val KINDS = listOf(RateLimit.Kind.REQUESTS to "requests", RateLimit.Kind.TOKENS to "tokens")
    private val PART = Regex("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|h|m|s)")

    /** The limits [headers] tell of, [now] being the time they arrived. */
    fun read(headers: ResponseHeaders, now: Instant): List<LearnedLimit> {
        val out = ArrayList<LearnedLimit>(2)
        for ((kind, word) in KINDS) {
            openAi(headers, kind, word)?.let { out += it } ?: anthropic(headers, kind, word, now)?.let { out += it }
        }
        return out
    }

    private fun openAi(headers: ResponseHeaders, kind: RateLimit.Kind, word: String): LearnedLimit? {
        val remaining = count(headers["x-ratelimit-remaining-$word"]) ?: return null
        return LearnedLimit(kind, remaining, count(headers["x-ratelimit-limit-$word"]), duration(headers["x-ratelimit-reset-$word"]))
    }

    private fun anthropic(headers: ResponseHeaders, kind: RateLimit.Kind, word: String, now: Instant): LearnedLimit? {
        val remaining = count(headers["anthropic-ratelimit-$word-remaining"]) ?: return null
        val reset = headers["anthropic-ratelimit-$word-reset"]?.let { instant(it) }?.let { Duration.between(now, it) }
        return LearnedLimit(kind, remaining, count(headers["anthropic-ratelimit-$word-limit"]), reset?.takeUnless { it.isNegative })
    }

    private fun count(value: String?): Long? = value?.trim()?.toLongOrNull()?.takeIf { it >= 0 }

    private fun instant(value: String): Instant? = try {
        Instant.parse(value.trim())
    } catch (_: DateTimeParseException) {
        null
    }

    /** A Go-style duration (`1h2m3.5s`, `20ms`), or a bare number of seconds; null when it is neither. */
    internal fun duration(value: String?): Duration? {
        val text = value?.trim()?.takeIf { it.isNotEmpty() } ?: return null
        text.toDoubleOrNull()?.let { return if (it >= 0) Duration.ofNanos((it * 1e9).toLong()) else null }
        var nanos = 0.0
        var end = 0
        for (m in PART.findAll(text)) {
            if (m.range.first != end) return null
            end = m.range.last + 1
            val unit = when (m.groupValues[2]) {
                "h" -> 3.6e12
                "m" -> 6e10
                "s" -> 1e9
                "ms" -> 1e6
                "us", "µs" -> 1e3
                else -> 1.0
            }
            nanos += m.groupValues[1].toDouble() * unit
        }
        return if (end == text.length && end > 0) Duration.ofNanos(nanos.toLong()) else null
    }
}
