package dev.switchboard.azure.identity

import dev.switchboard.config.ConfigException
import dev.switchboard.config.ConfigLoader
import dev.switchboard.config.Switchboard
import dev.switchboard.openai.AzureOpenAiChatCompletionClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

/**
 * `azure-identity` nested in an Azure OpenAI document. Building a credential makes no network call, and Entra ID's
 * token endpoint needs https, so the token exchange itself is tested with a credential of the test's own in
 * [AzureIdentityTokensTest]; here, that the document builds the credential and scopes it names, and its errors.
 */
class AzureIdentityComponentTest : FunSpec({
    val secret = "test-client-secret-for-config"
    val loader = ConfigLoader.builder().environment(mapOf("AZURE_CLIENT_SECRET" to secret, "AZURE_OPENAI_API_KEY" to "env-key")).build()

    fun azure(tokenProvider: String): String =
        """{"provider": "azure-openai", "config": {"deployment": "gpt-prod", "endpoint": "https://r.openai.azure.com", "token_provider": $tokenProvider}}"""

    test("a client-secret credential for the document's scopes replaces the environment's API key") {
        val client = loader.loadJson(
            azure(
                """{"provider": "azure-identity", "config": {"credential": "client-secret", "tenant_id": "t1", "client_id": "c1",
                   "client_secret": "${'$'}{AZURE_CLIENT_SECRET}", "scopes": ["api://my-app/.default"]}}""",
            ),
        ) as AzureOpenAiChatCompletionClient
        client.config.apiKey shouldBe null
        client.config.tokenProvider.toString() shouldBe "AzureIdentityTokens(ClientSecretCredential, scope=api://my-app/.default)"
        val described = Switchboard.describeJson(client)
        described shouldNotContain secret
        described shouldContain "\${AZURE_CLIENT_SECRET}"
        client.close()
    }

    test("with no config, DefaultAzureCredential for the Cognitive Services scope") {
        val client = loader.loadJson(azure("""{"provider": "azure-identity"}""")) as AzureOpenAiChatCompletionClient
        client.config.tokenProvider.toString() shouldBe "AzureIdentityTokens(DefaultAzureCredential, scope=${AzureIdentityTokens.COGNITIVE_SERVICES_SCOPE})"
        client.close()
    }

    test("an inline secret is left out of the description") {
        val client = loader.loadJson(
            azure("""{"provider": "azure-identity", "config": {"credential": "client-secret", "tenant_id": "t1", "client_id": "c1", "client_secret": "inline-$secret"}}"""),
        )
        Switchboard.describeJson(client) shouldNotContain secret
        client.close()
    }

    test("errors name the path: a missing tenant, a key a credential does not take, an unknown credential") {
        shouldThrow<ConfigException> {
            loader.loadJson(azure("""{"provider": "azure-identity", "config": {"credential": "client-secret", "client_id": "c1", "client_secret": "s"}}"""))
        }.message!! shouldContain "config.token_provider.config.tenant_id: missing"
        shouldThrow<ConfigException> {
            loader.loadJson(azure("""{"provider": "azure-identity", "config": {"credential": "managed-identity", "client_secret": "s"}}"""))
        }.message!! shouldContain "config.token_provider.config.client_secret: the managed-identity credential takes no client_secret"
        shouldThrow<ConfigException> {
            loader.loadJson(azure("""{"provider": "azure-identity", "config": {"credential": "browser"}}"""))
        }.message!! shouldContain "unknown value \"browser\" (expected one of: default, azure-cli, managed-identity, workload-identity, client-secret)"
    }
})
