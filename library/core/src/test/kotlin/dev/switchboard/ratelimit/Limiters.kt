package dev.switchboard.ratelimit

import kotlinx.coroutines.test.TestScope

/** A local limiter whose budget refills with the virtual time of this test scope. */
fun TestScope.limiter(configure: RateLimits.Builder.() -> Unit): RateLimiter =
    RateLimiter.of(RateLimits.builder().clock(VirtualClock { testScheduler.currentTime }).apply(configure).build())

/** The balance of this limiter's only limit of [kind]. */
suspend fun RateLimiter.balance(kind: RateLimit.Kind): Long = availableNow().filterKeys { it.kind == kind }.values.single()
