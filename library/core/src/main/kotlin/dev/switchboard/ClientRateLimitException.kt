package dev.switchboard

import dev.switchboard.ratelimit.RateLimit
import java.time.Duration
import java.time.Instant

/**
 * A client-side rate limit ([dev.switchboard.ratelimit.RateLimiter]) refused the call before anything was sent: the
 * call would have had to wait longer than the limiter's `maxWait` (zero when it fails fast). Not the provider's
 * answer — that is [RateLimitException], a 429 — so [statusCode] is 0 and nothing was spent at the provider.
 *
 * It names the [limit] that was reached and when it frees for this call: [retryAfter] from when the call was refused,
 * that is [freesAt], if no other call takes the budget first. Retrying then may succeed, so [isRetryable] is true.
 */
public class ClientRateLimitException(
    message: String,
    provider: String,
    /** The limit the call did not fit in: the one that frees last when several are reached. */
    public val limit: RateLimit,
    /** How long from the refusal until [limit] would admit the call. */
    public val retryAfter: Duration,
    /** When [limit] would admit the call, by the limiter's clock. */
    public val freesAt: Instant,
) : SwitchboardException(message, null, provider, 0, null, null) {
    override val isRetryable: Boolean get() = true
}
