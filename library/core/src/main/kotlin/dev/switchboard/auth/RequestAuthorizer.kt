package dev.switchboard.auth

import dev.switchboard.spi.HttpRequestSpec
import java.time.Duration
import kotlin.time.toJavaDuration

/**
 * Credentials added to each attempt of a request when it is sent, not when it is encoded: the
 * [dev.switchboard.spi.HttpTransport] asks for them before every attempt, so a retry after a token
 * refresh carries the new token, and a codec's [dev.switchboard.spi.ChatCodec.prepare] stays pure.
 *
 * Implementations must be safe to call from many coroutines at once.
 */
public interface RequestAuthorizer {
    /**
     * The headers to add to one attempt of [request]; they replace the request's own headers of the same
     * names.
     *
     * Cancelling the caller stops the wait for credentials and rethrows the cancellation as it is.
     *
     * @throws dev.switchboard.AuthenticationException when no credentials can be had (status 0: nothing was sent).
     */
    public suspend fun authorize(request: HttpRequestSpec): Map<String, String>

    /**
     * Called when an attempt sent with [headers] (as [authorize] returned them) was answered 401. Return
     * true to have the request sent once more with fresh headers; the transport asks at most once per
     * request, so a server that keeps answering 401 ends the request with the
     * [dev.switchboard.AuthenticationException]. The default returns false.
     */
    public fun onUnauthorized(headers: Map<String, String>): Boolean = false

    /** Factories of [RequestAuthorizer]. */
    public companion object {
        /** How long before a token expires it is refreshed, by default. */
        @JvmField
        public val DEFAULT_REFRESH_BEFORE: Duration = Duration.ofMinutes(5)

        /**
         * `Authorization: Bearer <token>` with tokens from [tokens], cached and refreshed: a token is used
         * until [refreshBefore] before it expires (or half its lifetime, for a short-lived one); then one
         * request fetches a new one in the background while the others keep using the old one, and once a
         * token has expired every request waits for the one refresh in flight (concurrent callers share
         * it). A failed refresh is an [dev.switchboard.AuthenticationException] for the requests that
         * waited for it and is not remembered: the next request tries again. A request answered 401 drops
         * the token it was sent with and is sent once more with a fresh one.
         *
         * @param providerName the provider named in errors, such as `azure-openai`.
         * @throws IllegalArgumentException when [refreshBefore] is negative.
         */
        @JvmStatic
        @JvmOverloads
        public fun bearerToken(
            tokens: AccessTokenProvider,
            providerName: String,
            refreshBefore: Duration = DEFAULT_REFRESH_BEFORE,
        ): RequestAuthorizer {
            require(!refreshBefore.isNegative) { "refreshBefore must not be negative (got $refreshBefore)" }
            return BearerTokenAuthorizer(RefreshingTokenCache(tokens, providerName, refreshBefore))
        }

        /**
         * [bearerToken] with [refreshBefore] as a [kotlin.time.Duration].
         *
         * @throws IllegalArgumentException when [refreshBefore] is negative.
         */
        @JvmSynthetic
        public fun bearerToken(
            tokens: AccessTokenProvider,
            providerName: String,
            refreshBefore: kotlin.time.Duration,
        ): RequestAuthorizer = bearerToken(tokens, providerName, refreshBefore.toJavaDuration())
    }
}
