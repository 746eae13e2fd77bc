package dev.switchboard.redis.internal

import java.time.Duration

/** TTLs longer than this are stored without an expiry: Redis rejects a `PX` whose end overflows its clock. */
private val LONGEST_TTL: Duration = Duration.ofDays(365L * 10_000)

/**
 * The `PX` milliseconds for [ttl]: null when there is none (or it is longer than 10,000 years, which Redis could not
 * take), otherwise rounded up to a whole millisecond and at least 1 (Redis refuses `PX 0`), so an entry never lives
 * shorter than asked and one given a TTL of zero or less expires at once.
 */
internal fun pxMillis(ttl: Duration?): Long? {
    if (ttl == null || ttl > LONGEST_TTL) return null
    if (ttl.isNegative || ttl.isZero) return 1
    val whole = ttl.toMillis()
    val rest = ttl.minusMillis(whole)
    return maxOf(1, if (rest.isZero) whole else whole + 1)
}
