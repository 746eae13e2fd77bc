package dev.switchboard.internal.http

import dev.switchboard.ResponseHeaders
import java.time.Duration
import java.time.Instant
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter
import java.time.format.DateTimeParseException
import java.util.Locale

/**
 * Reads how long a server asked the client to wait: `retry-after-ms` (milliseconds, as OpenAI and
 * Azure send it) wins over `Retry-After` (delta seconds or an HTTP-date).
 */
internal object RetryAfter {
    private val RFC_850: DateTimeFormatter = DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US)
    private val ASCTIME: DateTimeFormatter = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)

    /** The delay the headers ask for, never negative, or null when they ask for none or it cannot be read. */
    fun parse(headers: ResponseHeaders, now: Instant = Instant.now()): Duration? {
        headers["retry-after-ms"]?.let { ms -> parseMillis(ms)?.let { return it } }
        return headers["retry-after"]?.let { parseValue(it, now) }
    }

    /** A `retry-after-ms` value: a non-negative number of milliseconds, possibly fractional. */
    fun parseMillis(value: String): Duration? {
        val millis = value.trim().toDoubleOrNull() ?: return null
        if (millis.isNaN() || millis < 0 || millis.isInfinite()) return null
        return Duration.ofNanos((millis * 1_000_000).toLong().coerceAtMost(MAX_NANOS))
    }

    /** A `Retry-After` value: delta seconds (possibly fractional) or an HTTP-date (past dates give zero). */
    fun parseValue(value: String, now: Instant = Instant.now()): Duration? {
        val text = value.trim()
        if (text.isEmpty()) return null
        val seconds = text.toDoubleOrNull()
        if (seconds != null) {
            if (seconds.isNaN() || seconds < 0 || seconds.isInfinite()) return null
            return Duration.ofNanos((seconds * 1_000_000_000).toLong().coerceAtMost(MAX_NANOS))
        }
        val at = parseDate(text) ?: return null
        val delay = Duration.between(now, at)
        return if (delay.isNegative) Duration.ZERO else delay
    }

    private fun parseDate(text: String): Instant? {
        for (format in arrayOf(DateTimeFormatter.RFC_1123_DATE_TIME, RFC_850, ASCTIME)) {
            try {
                return if (format === ASCTIME) {
                    java.time.LocalDateTime.parse(text, format).toInstant(java.time.ZoneOffset.UTC)
                } else {
                    ZonedDateTime.parse(text, format).toInstant()
                }
            } catch (_: DateTimeParseException) {
                // try the next format
            }
        }
        return null
    }

    /** About 292 years: keeps the arithmetic far from overflow. */
    private const val MAX_NANOS: Long = Long.MAX_VALUE / 1000
}
