package dev.switchboard.config

import dev.switchboard.ChatCompletionClient
import dev.switchboard.auth.AccessTokenProvider
import dev.switchboard.ratelimit.RateLimitStore

/**
 * What a [ComponentProvider] builds: a chat client, a token provider, a cache store… named for error messages.
 * Two kinds of the same [type] are equal, so that modules which cannot see each other can each declare one.
 */
public class ComponentKind<T : Any>(
    /** How messages name it, such as `client` or `cache store`. */
    public val name: String,
    /** The type built. */
    public val type: Class<T>,
) {
    override fun equals(other: Any?): Boolean = other is ComponentKind<*> && other.type == type
    override fun hashCode(): Int = type.hashCode()
    override fun toString(): String = name

    /** The kinds the core knows. */
    public companion object {
        /** A [ChatCompletionClient]: a provider's client or a wrapper around others. */
        @JvmField public val CLIENT: ComponentKind<ChatCompletionClient> = ComponentKind("client", ChatCompletionClient::class.java)
        /** An [AccessTokenProvider], such as `azure-identity`. */
        @JvmField public val TOKEN_PROVIDER: ComponentKind<AccessTokenProvider> = ComponentKind("token provider", AccessTokenProvider::class.java)
        /** A [RateLimitStore] shared between processes, such as `redis`. */
        @JvmField public val RATE_LIMIT_STORE: ComponentKind<RateLimitStore> = ComponentKind("rate-limit store", RateLimitStore::class.java)
    }
}
