@file:OptIn(SwitchboardSpi::class)

package dev.switchboard.azure.identity.internal

import com.azure.core.credential.TokenCredential
import com.azure.identity.AzureCliCredentialBuilder
import com.azure.identity.ClientSecretCredentialBuilder
import com.azure.identity.DefaultAzureCredentialBuilder
import com.azure.identity.ManagedIdentityCredentialBuilder
import com.azure.identity.WorkloadIdentityCredentialBuilder
import dev.switchboard.auth.AccessTokenProvider
import dev.switchboard.azure.identity.AzureIdentityTokens
import dev.switchboard.config.ComponentKind
import dev.switchboard.config.ComponentProvider
import dev.switchboard.config.ConfigContext
import dev.switchboard.config.ConfigNode
import dev.switchboard.spi.SwitchboardSpi

/**
 * `azure-identity`, a token provider: Microsoft Entra ID tokens for `scopes` (default Cognitive Services) from the
 * `credential` named (`default`, `azure-cli`, `managed-identity`, `workload-identity`, `client-secret`), with
 * `tenant_id`, `client_id`, `client_secret` (secret) and `authority_host` where that credential takes them.
 */
internal class AzureIdentityComponent : ComponentProvider<AccessTokenProvider> {
    override val kind = ComponentKind.TOKEN_PROVIDER
    override val name = "azure-identity"

    override fun create(config: ConfigNode, context: ConfigContext): AccessTokenProvider {
        val scopes = config.stringList("scopes").ifEmpty { listOf(AzureIdentityTokens.COGNITIVE_SERVICES_SCOPE) }
        if (scopes.any { it.isEmpty() }) config.fail("scopes", "expected non-blank scopes")
        val kind = config.choice("credential", KINDS, "default")!!
        val tenant = config.stringOrNull("tenant_id")
        val clientId = config.stringOrNull("client_id")
        val authority = config.urlOrNull("authority_host")
        fun notFor(key: String) {
            if (config.has(key)) config.fail(key, "the $kind credential takes no $key")
        }
        val credential: TokenCredential = when (kind) {
            "client-secret" -> ClientSecretCredentialBuilder()
                .tenantId(tenant ?: config.fail("tenant_id", "missing (expected the directory (tenant) id)"))
                .clientId(clientId ?: config.fail("client_id", "missing (expected the application (client) id)"))
                .clientSecret(config.secretOrNull("client_secret") ?: config.fail("client_secret", "missing (expected the client secret, such as \${AZURE_CLIENT_SECRET})"))
                .apply { authority?.let(::authorityHost) }.build()
            "managed-identity" -> {
                notFor("tenant_id"); notFor("client_secret"); notFor("authority_host")
                ManagedIdentityCredentialBuilder().apply { clientId?.let(::clientId) }.build()
            }
            "workload-identity" -> {
                notFor("client_secret")
                WorkloadIdentityCredentialBuilder().apply { tenant?.let(::tenantId); clientId?.let(::clientId); authority?.let(::authorityHost) }.build()
            }
            "azure-cli" -> {
                notFor("client_id"); notFor("client_secret"); notFor("authority_host")
                AzureCliCredentialBuilder().apply { tenant?.let(::tenantId) }.build()
            }
            else -> {
                notFor("client_secret")
                DefaultAzureCredentialBuilder().apply {
                    tenant?.let(::tenantId); clientId?.let(::managedIdentityClientId); authority?.let(::authorityHost)
                }.build()
            }
        }
        return AzureIdentityTokens.provider(credential, scopes)
    }

    private companion object {
        val KINDS = listOf("default", "azure-cli", "managed-identity", "workload-identity", "client-secret")
    }
}
