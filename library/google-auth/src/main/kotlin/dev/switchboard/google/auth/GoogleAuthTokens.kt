package dev.switchboard.google.auth

import com.google.auth.oauth2.GoogleCredentials
import dev.switchboard.auth.AccessToken
import dev.switchboard.auth.AccessTokenProvider
import java.io.IOException
import java.time.Duration
import java.time.Instant

/**
 * OAuth2 bearer tokens from google-auth-library for Switchboard's Vertex AI clients: adapts Application Default
 * Credentials, or any [GoogleCredentials] (a service account key, workload identity federation, impersonation, a
 * user's `gcloud auth application-default login`), to the core [AccessTokenProvider].
 *
 * ```kotlin
 * val config = GeminiConfig.vertex("my-project", "global")
 *     .tokenProvider(GoogleAuthTokens.applicationDefault())
 *     .build()
 * ```
 *
 * The client calls the provider on `Dispatchers.IO`, one call at a time, and caches each token until a few minutes
 * before it expires; google-auth-library's own refresh sits underneath.
 */
public object GoogleAuthTokens {
    /** The scope of Vertex AI (and every Google Cloud API): the default for every provider made here. */
    public const val CLOUD_PLATFORM_SCOPE: String = "https://www.googleapis.com/auth/cloud-platform"

    /**
     * Tokens from [credentials], scoped to [scopes] (default [CLOUD_PLATFORM_SCOPE]) when the credentials need
     * scopes (service accounts do; a user's credentials and the metadata server's do not).
     *
     * What the credentials throw (an `IOException` from the token endpoint, a refused grant) reaches the request
     * that needed the token as a [dev.switchboard.AuthenticationException] with status 0.
     *
     * @throws IllegalArgumentException when [scopes] is empty or holds a blank scope.
     */
    @JvmStatic
    @JvmOverloads
    public fun provider(credentials: GoogleCredentials, scopes: List<String> = listOf(CLOUD_PLATFORM_SCOPE)): AccessTokenProvider {
        require(scopes.isNotEmpty() && scopes.none { it.isBlank() }) {
            "Give at least one non-blank OAuth2 scope (Vertex AI uses $CLOUD_PLATFORM_SCOPE)"
        }
        val scoped = if (credentials.createScopedRequired()) credentials.createScoped(scopes.map { it.trim() }) else credentials
        return CredentialsTokenProvider(scoped)
    }

    /**
     * Tokens from Application Default Credentials, scoped to [scopes] (default [CLOUD_PLATFORM_SCOPE]): the key
     * file named by `GOOGLE_APPLICATION_CREDENTIALS`, then `gcloud`'s application-default credentials, then the
     * metadata server of Compute Engine, GKE, Cloud Run and Cloud Functions.
     *
     * @throws IOException when no credentials are found (google-auth-library's message says where it looked).
     * @throws IllegalArgumentException when [scopes] is empty or holds a blank scope.
     */
    @JvmStatic
    @JvmOverloads
    @Throws(IOException::class)
    public fun applicationDefault(scopes: List<String> = listOf(CLOUD_PLATFORM_SCOPE)): AccessTokenProvider =
        provider(GoogleCredentials.getApplicationDefault(), scopes)
}

/** An [AccessTokenProvider] over [GoogleCredentials] already scoped. */
internal class CredentialsTokenProvider(private val credentials: GoogleCredentials) : AccessTokenProvider {
    override fun getToken(): AccessToken {
        // Blocking I/O when the token is due: the client calls this on Dispatchers.IO, never on a caller's thread.
        credentials.refreshIfExpired()
        val token = checkNotNull(credentials.accessToken) { "${credentials.javaClass.simpleName} returned no access token" }
        val value = token.tokenValue
        check(!value.isNullOrBlank()) { "${credentials.javaClass.simpleName} returned an empty access token" }
        // A token google-auth-library gives no expiry (one made with GoogleCredentials.create(token)) never expires
        // for it; asking again within the hour returns the same token, so an hour is a safe cache lifetime.
        val expiresAt = token.expirationTime?.toInstant() ?: Instant.now().plus(NO_EXPIRY_LIFETIME)
        return AccessToken(value, expiresAt)
    }

    /** The credentials' kind, never their key or token. */
    override fun toString(): String = "GoogleAuthTokens(${credentials.javaClass.simpleName})"

    private companion object {
        val NO_EXPIRY_LIFETIME: Duration = Duration.ofHours(1)
    }
}
