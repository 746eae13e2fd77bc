@file:OptIn(SwitchboardSpi::class)

package dev.switchboard.openai.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.config.ComponentKind
import dev.switchboard.config.ComponentProvider
import dev.switchboard.config.ConfigContext
import dev.switchboard.config.ConfigNode
import dev.switchboard.config.EndpointSettings
import dev.switchboard.openai.AzureOpenAiChatCompletionClient
import dev.switchboard.openai.AzureOpenAiConfig
import dev.switchboard.openai.ChatCompletionsConfigBuilder
import dev.switchboard.openai.GuidedDecodingDialect
import dev.switchboard.openai.OpenAiApi
import dev.switchboard.openai.OpenAiChatCompletionClient
import dev.switchboard.openai.OpenAiCompatible
import dev.switchboard.openai.OpenAiConfig
import dev.switchboard.spi.SwitchboardSpi
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

private val API_NAMES = listOf("chat_completions", "responses")

/** `api`, `store`, `reasoning_summary`, `use_max_completion_tokens` and `use_developer_role`, shared by both providers. */
private fun readChatOptions(config: ConfigNode, b: ChatCompletionsConfigBuilder<*>) {
    config.choice("api", API_NAMES, null)?.let { b.api(OpenAiApi.parse(it)) }
    config.booleanOrNull("store")?.let { b.store(it) }
    config.choice("reasoning_summary", listOf("auto", "concise", "detailed"), null)?.let { b.reasoningSummary(it) }
    config.booleanOrNull("use_max_completion_tokens")?.let { b.useMaxCompletionTokens(it) }
    config.booleanOrNull("use_developer_role")?.let { b.useDeveloperRole(it) }
}

private fun JsonObjectBuilder.putApi(api: OpenAiApi) {
    put("api", api.name.lowercase())
}

/**
 * `openai`: OpenAI itself, or with `preset` one of the OpenAI-compatible services ([OpenAiCompatible], by its
 * provider name such as `groq` or `lm-studio`). Values the document leaves out come from the environment variables
 * the code's `fromEnvironment()` or preset reads (`OPENAI_API_KEY`, `GROQ_API_KEY`…).
 */
internal class OpenAiComponent : ComponentProvider<ChatCompletionClient> {
    override val kind = ComponentKind.CLIENT
    override val name = "openai"

    override fun create(config: ConfigNode, context: ConfigContext): ChatCompletionClient {
        val model = config.string("model", "the model name, such as gpt-4o-mini")
        val presets = OpenAiCompatible.entries.map { it.providerName }
        val preset = config.choice("preset", presets, null)?.let { p -> OpenAiCompatible.entries.first { it.providerName == p } }
        val b = preset?.config(context::environment) ?: OpenAiConfig.fromEnvironment(context::environment)
        config.urlOrNull("base_url")?.let { b.baseUrl(it) }
        config.stringOrNull("organization")?.let { b.organization(it) }
        config.stringOrNull("project")?.let { b.project(it) }
        config.choice("guided_decoding", GuidedDecodingDialect.entries.map { it.name.lowercase() }, null)
            ?.let { g -> b.guidedDecoding(GuidedDecodingDialect.valueOf(g.uppercase())) }
        readChatOptions(config, b)
        EndpointSettings.read(config, context, b)
        return OpenAiChatCompletionClient.create(model, b.build())
    }

    override fun describe(component: ChatCompletionClient): JsonObject? {
        val client = component as? OpenAiChatCompletionClient ?: return null
        val c = client.config
        val preset = OpenAiCompatible.entries.firstOrNull { it.providerName == c.providerName }
        return buildJsonObject {
            put("model", client.model)
            if (preset != null) put("preset", preset.providerName)
            if (c.baseUrl != (preset?.defaultBaseUrl ?: OpenAiConfig.DEFAULT_BASE_URL)) put("base_url", c.baseUrl)
            c.organization?.let { put("organization", it) }
            c.project?.let { put("project", it) }
            putApi(c.api)
            c.store?.let { put("store", it) }
            c.reasoningSummary?.let { put("reasoning_summary", it) }
            val keyVariable = if (preset != null) preset.apiKeyVariable ?: "${preset.name}_API_KEY" else "OPENAI_API_KEY"
            EndpointSettings.describe(this, c.apiKey, keyVariable, c.headers, c.modelInfo, c.httpOptions)
        }
    }
}

/**
 * `azure-openai`: a `deployment` of an Azure OpenAI resource (`endpoint`, `api_version`, `v1_api`), authenticated by
 * `api_key` or by a nested `token_provider` (such as `{provider: azure-identity}`); what the document leaves out comes
 * from `AZURE_OPENAI_ENDPOINT`, `AZURE_OPENAI_API_KEY` (unless a token provider is given) and `OPENAI_API_VERSION`.
 */
internal class AzureOpenAiComponent : ComponentProvider<ChatCompletionClient> {
    override val kind = ComponentKind.CLIENT
    override val name = "azure-openai"

    override fun create(config: ConfigNode, context: ConfigContext): ChatCompletionClient {
        val deployment = config.string("deployment", "the deployment name")
        val b = AzureOpenAiConfig.fromEnvironment(context::environment)
        config.urlOrNull("endpoint")?.let { b.endpoint(it) }
        config.stringOrNull("api_version")?.let { b.apiVersion(it) }
        config.booleanOrNull("v1_api")?.let { b.v1Api(it) }
        readChatOptions(config, b)
        EndpointSettings.tokenProvider(config, context)?.let { b.apiKey(null).tokenProvider(it) }
        EndpointSettings.read(config, context, b)
        return AzureOpenAiChatCompletionClient.create(deployment, b.build())
    }

    override fun describe(component: ChatCompletionClient): JsonObject? {
        val client = component as? AzureOpenAiChatCompletionClient ?: return null
        val c = client.config
        return buildJsonObject {
            put("deployment", client.deployment)
            put("endpoint", c.endpoint)
            c.apiVersion?.let { put("api_version", it) }
            if (c.v1Api) put("v1_api", true)
            putApi(c.api)
            c.store?.let { put("store", it) }
            EndpointSettings.describe(this, c.apiKey, "AZURE_OPENAI_API_KEY", c.headers, c.modelInfo, c.httpOptions)
        }
    }
}
