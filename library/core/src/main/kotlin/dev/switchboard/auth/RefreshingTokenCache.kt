package dev.switchboard.auth

import dev.switchboard.AuthenticationException
import dev.switchboard.SwitchboardException
import dev.switchboard.internal.http.Failures
import dev.switchboard.spi.HttpErrors
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.util.Objects
import kotlin.coroutines.cancellation.CancellationException

/**
 * Tokens from an [AccessTokenProvider], cached until their refresh point and fetched by one call at a time.
 *
 * The refresh point of a token is [refreshBefore] before it expires, or half its remaining lifetime when
 * that is shorter. Before it, [get] returns the cached token without locking. Between it and the expiry, the
 * first caller starts a refresh in the background and every caller keeps getting the cached token; a failed
 * background refresh is tried again [RETRY_AFTER_FAILURE] later at the earliest. Once the token has expired
 * (or before the first one), callers wait for the one refresh in flight; its failure is thrown to each of
 * them and forgotten.
 */
internal class RefreshingTokenCache(
    private val source: AccessTokenProvider,
    private val providerName: String,
    private val refreshBefore: Duration,
    private val clock: Clock = Clock.systemUTC(),
    dispatcher: CoroutineDispatcher = Dispatchers.IO,
) {
    private class Held(val token: AccessToken, val refreshAt: Instant)

    private val lock = Any()
    @Volatile private var held: Held? = null
    /** The refresh in flight; guarded by [lock]. */
    private var inflight: Deferred<AccessToken>? = null
    /** No background refresh starts before this instant (after a failed one); guarded by [lock]. */
    private var quietUntil: Instant = Instant.MIN
    private val scope = CoroutineScope(SupervisorJob() + dispatcher + CoroutineName("switchboard-token-refresh"))

    /**
     * A token that has not expired.
     *
     * @throws AuthenticationException when the refresh this call waited for failed.
     */
    suspend fun get(): AccessToken {
        val h = held
        if (h != null && clock.instant() < h.refreshAt) return h.token
        val wait: Deferred<AccessToken>
        synchronized(lock) {
            val current = held
            val now = clock.instant()
            if (current != null && now < current.refreshAt) return current.token
            if (current != null && now < current.token.expiresAt) {
                // Still valid: refresh in the background (unless one just failed) and use this one meanwhile.
                if (inflight == null && now >= quietUntil) start()
                return current.token
            }
            wait = inflight ?: start()
        }
        return wait.await()
    }

    /** Drops [token] if it is the cached one (a server refused it), so that the next [get] fetches a new one. */
    fun invalidate(token: String) {
        synchronized(lock) {
            val current = held
            if (current != null && current.token.token == token) held = null
        }
    }

    /**
     * Starts a refresh and makes it the one in flight; called under [lock]. The refresh clears [inflight]
     * under the same lock when it ends, so it never stays set to a finished one.
     */
    private fun start(): Deferred<AccessToken> {
        val job = scope.async(start = CoroutineStart.LAZY) {
            var fetched: AccessToken? = null
            try {
                fetched = fetch()
                fetched
            } finally {
                synchronized(lock) {
                    inflight = null
                    if (fetched != null) {
                        held = Held(fetched, refreshPoint(fetched))
                    } else {
                        quietUntil = clock.instant().plus(RETRY_AFTER_FAILURE)
                    }
                }
            }
        }
        inflight = job
        job.start()
        return job
    }

    private fun fetch(): AccessToken {
        val token = try {
            source.getToken()
        } catch (e: CancellationException) {
            throw e
        } catch (e: SwitchboardException) {
            throw e
        } catch (e: Exception) {
            throw AuthenticationException(
                "Could not get an access token for $providerName from ${source.javaClass.name}: " +
                    "${HttpErrors.redact(Failures.describe(e))}. Check the credentials the token provider uses",
                providerName, 0, cause = Failures.redacted(e),
            )
        }
        if (Objects.isNull(token)) {
            throw AuthenticationException(
                "The access token provider ${source.javaClass.name} for $providerName returned null instead of a token",
                providerName, 0,
            )
        }
        val now = clock.instant()
        if (!now.isBefore(token.expiresAt)) {
            throw AuthenticationException(
                "The access token provider ${source.javaClass.name} for $providerName returned a token that expired at " +
                    "${token.expiresAt} (now is $now): check the provider, or this machine's clock",
                providerName, 0,
            )
        }
        return token
    }

    private fun refreshPoint(token: AccessToken): Instant {
        val now = clock.instant()
        val half = Duration.between(now, token.expiresAt).dividedBy(2)
        return token.expiresAt.minus(if (half < refreshBefore) half else refreshBefore)
    }

    override fun toString(): String = "RefreshingTokenCache($providerName, ${source.javaClass.name})"

    companion object {
        /** The least time between a failed background refresh and the next one, while the cached token is valid. */
        val RETRY_AFTER_FAILURE: Duration = Duration.ofSeconds(30)
    }
}

/** `Authorization: Bearer <token>` from a [RefreshingTokenCache]; a 401 drops the token it was sent with. */
internal class BearerTokenAuthorizer(private val cache: RefreshingTokenCache) : RequestAuthorizer {
    override suspend fun authorize(request: dev.switchboard.spi.HttpRequestSpec): Map<String, String> =
        mapOf(AUTHORIZATION to PREFIX + cache.get().token)

    override fun onUnauthorized(headers: Map<String, String>): Boolean {
        val value = headers[AUTHORIZATION] ?: return false
        if (!value.startsWith(PREFIX)) return false
        // The next attempt carries a newer token: the one the cache fetched meanwhile, or a fresh one.
        cache.invalidate(value.substring(PREFIX.length))
        return true
    }

    override fun toString(): String = "BearerTokenAuthorizer($cache)"

    private companion object {
        const val AUTHORIZATION = "Authorization"
        const val PREFIX = "Bearer "
    }
}
