package dev.switchboard.auth

/**
 * Where a client gets its bearer tokens: Microsoft Entra ID through Azure Identity (the
 * `switchboard-azure-identity` module adapts any `TokenCredential`), a workload identity, a vault, or
 * any function of your own. A lambda from Kotlin and Java alike:
 *
 * ```java
 * AccessTokenProvider tokens = () -> new AccessToken(myVault.fetch(), Instant.now().plusSeconds(3600));
 * ```
 *
 * **Blocking, on purpose.** [getToken] is a plain blocking call because the credential libraries it wraps
 * (Azure Identity's `getTokenSync`, Google's `refreshAccessToken`, a vault client) are blocking, a Java
 * implementation is then a one-line lambda with no future or reactive type to build, and a token is
 * fetched about once an hour, so the thread it holds costs nothing. The client never calls it on the
 * caller's thread or an event loop: it runs on `Dispatchers.IO`, at most one call at a time per client
 * (concurrent requests that need a token share the one call), and the token is cached until a few
 * minutes before [AccessToken.expiresAt]. A request whose caller is cancelled stops waiting for the
 * token at once; the call itself finishes and its token is kept for the next request.
 *
 * Bound the time [getToken] may take in the implementation itself (Azure Identity does): a call that
 * never returns holds every request that needs a new token until its caller cancels it.
 */
public fun interface AccessTokenProvider {
    /**
     * A valid token; it may be one this provider cached itself.
     *
     * Any exception thrown here reaches the caller of the request as a [dev.switchboard.AuthenticationException]
     * with status 0 (no request was sent), the exception as its cause; it is not remembered: the next request
     * calls this method again.
     */
    public fun getToken(): AccessToken
}
