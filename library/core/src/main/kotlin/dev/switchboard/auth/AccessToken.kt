package dev.switchboard.auth

import java.time.Instant

/**
 * A bearer token and the instant it stops being valid, as an [AccessTokenProvider] hands it out.
 *
 * [toString] shows the expiry only, never the token; [equals] compares both parts.
 */
public class AccessToken(
    /** The token, sent as `Authorization: Bearer <token>`. */
    public val token: String,
    /** When the token expires; it is refreshed some minutes before (see [RequestAuthorizer.bearerToken]). */
    public val expiresAt: Instant,
) {
    init {
        require(token.isNotBlank()) { "An access token must not be blank" }
    }

    override fun equals(other: Any?): Boolean = other is AccessToken && other.token == token && other.expiresAt == expiresAt

    override fun hashCode(): Int = 31 * token.hashCode() + expiresAt.hashCode()

    override fun toString(): String = "AccessToken(****, expiresAt=$expiresAt)"
}
