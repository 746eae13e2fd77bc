package dev.switchboard.azure.identity

import com.azure.core.credential.TokenCredential
import com.azure.core.credential.TokenRequestContext
import com.azure.identity.DefaultAzureCredentialBuilder
import dev.switchboard.auth.AccessToken
import dev.switchboard.auth.AccessTokenProvider
import java.util.Objects

/**
 * Microsoft Entra ID tokens from Azure Identity for Switchboard's Azure clients: adapts any
 * [TokenCredential] (`DefaultAzureCredential`, managed identity, workload identity, client secret or
 * certificate, Azure CLI…) to the core [AccessTokenProvider].
 *
 * ```kotlin
 * val config = AzureOpenAiConfig.builder()
 *     .endpoint("https://my-resource.openai.azure.com")
 *     .tokenProvider(AzureIdentityTokens.defaultCredential())
 *     .build()
 * ```
 *
 * The client calls the provider on `Dispatchers.IO`, one call at a time, and caches each token until five
 * minutes before it expires; Azure Identity's own cache and retries sit underneath.
 */
public object AzureIdentityTokens {
    /** The scope of Azure OpenAI and Azure AI services (Foundry, AI Inference): the default for every provider made here. */
    public const val COGNITIVE_SERVICES_SCOPE: String = "https://cognitiveservices.azure.com/.default"

    /**
     * Tokens for [scope] (default [COGNITIVE_SERVICES_SCOPE]) from [credential], fetched with its blocking
     * `getTokenSync`.
     *
     * What the credential throws (such as Azure Identity's `CredentialUnavailableException`) reaches the
     * request that needed the token as a [dev.switchboard.AuthenticationException] with status 0.
     *
     * @throws IllegalArgumentException when [scope] is blank.
     */
    @JvmStatic
    @JvmOverloads
    public fun provider(credential: TokenCredential, scope: String = COGNITIVE_SERVICES_SCOPE): AccessTokenProvider {
        require(scope.isNotBlank()) { "The token scope must not be blank (Azure OpenAI and AI services use $COGNITIVE_SERVICES_SCOPE)" }
        return CredentialTokenProvider(credential, listOf(scope.trim()))
    }

    /** Tokens for [scopes] (at least one, none blank) from [credential]; for the declarative loader. */
    internal fun provider(credential: TokenCredential, scopes: List<String>): AccessTokenProvider {
        require(scopes.isNotEmpty() && scopes.none { it.isBlank() }) { "Give at least one non-blank token scope (Azure OpenAI and AI services use $COGNITIVE_SERVICES_SCOPE)" }
        return CredentialTokenProvider(credential, scopes.map { it.trim() })
    }

    /**
     * Tokens for [scope] (default [COGNITIVE_SERVICES_SCOPE]) from a `DefaultAzureCredential` built with its
     * defaults: environment variables, workload identity, managed identity, then developer sign-ins (Azure
     * CLI, Azure Developer CLI, PowerShell, IntelliJ). Building it makes no network call; the first request does.
     *
     * @throws IllegalArgumentException when [scope] is blank.
     */
    @JvmStatic
    @JvmOverloads
    public fun defaultCredential(scope: String = COGNITIVE_SERVICES_SCOPE): AccessTokenProvider =
        provider(DefaultAzureCredentialBuilder().build(), scope)
}

/** An [AccessTokenProvider] over a [TokenCredential] for its scopes. */
internal class CredentialTokenProvider(private val credential: TokenCredential, private val scopes: List<String>) : AccessTokenProvider {
    private val scope = scopes.joinToString(" ")

    override fun getToken(): AccessToken {
        val token = credential.getTokenSync(TokenRequestContext().addScopes(*scopes.toTypedArray()))
        check(!Objects.isNull(token)) { "${credential.javaClass.name} returned no token for the scope $scope" }
        val value = token.token
        check(!value.isNullOrBlank()) { "${credential.javaClass.name} returned an empty token for the scope $scope" }
        val expiresAt = token.expiresAt
        check(!Objects.isNull(expiresAt)) { "${credential.javaClass.name} returned a token without an expiry for the scope $scope" }
        return AccessToken(value, expiresAt.toInstant())
    }

    override fun toString(): String = "AzureIdentityTokens(${credential.javaClass.simpleName}, scope=$scope)"
}
