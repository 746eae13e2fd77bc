@file:OptIn(SwitchboardSpi::class)

package dev.switchboard.azure.inference.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.azure.inference.AzureAiInferenceChatCompletionClient
import dev.switchboard.azure.inference.AzureAiInferenceConfig
import dev.switchboard.config.ComponentKind
import dev.switchboard.config.ComponentProvider
import dev.switchboard.config.ConfigContext
import dev.switchboard.config.ConfigNode
import dev.switchboard.config.EndpointSettings
import dev.switchboard.spi.SwitchboardSpi
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * `azure-ai-inference`: a model on an Azure AI Inference endpoint (`model`, `endpoint`, `api_version`,
 * `extra_parameters`, `stream_usage`), or GitHub Models with `github_models: true`; authenticated by `api_key`, a fixed
 * `bearer_token` or a nested `token_provider`. `model_info` is required (the service does not say what a model can
 * do). What the document leaves out comes from `AZURE_AI_CHAT_ENDPOINT`, `AZURE_AI_CHAT_KEY` (or `GITHUB_TOKEN`).
 */
internal class AzureAiInferenceComponent : ComponentProvider<ChatCompletionClient> {
    override val kind = ComponentKind.CLIENT
    override val name = "azure-ai-inference"

    override fun create(config: ConfigNode, context: ConfigContext): ChatCompletionClient {
        val model = config.string("model", "the model name")
        val b = if (config.boolean("github_models", false)) AzureAiInferenceConfig.githubModels(context::environment)
        else AzureAiInferenceConfig.fromEnvironment(context::environment)
        config.urlOrNull("endpoint")?.let { b.endpoint(it) }
        config.stringOrNull("api_version")?.let { b.apiVersion(it) }
        config.choice("extra_parameters", AzureAiInferenceConfig.ExtraParameters.entries.map { it.wireValue }, null)
            ?.let { v -> b.extraParameters(AzureAiInferenceConfig.ExtraParameters.entries.first { it.wireValue == v }) }
        config.booleanOrNull("stream_usage")?.let { b.streamUsage(it) }
        val given = listOf("api_key", "bearer_token", "token_provider").filter { config.has(it) }
        if (given.size > 1) config.fail(given[1], "give one of api_key, bearer_token and token_provider (found ${given.joinToString(" and ")})")
        config.secretOrNull("bearer_token")?.let { b.apiKey(null).bearerToken(it) }
        context.componentOrNull(config, "token_provider", ComponentKind.TOKEN_PROVIDER)?.let { b.apiKey(null).bearerToken(null).tokenProvider(it) }
        if (config.has("api_key")) b.bearerToken(null)
        if (!config.has("model_info")) config.fail("model_info", "missing (expected the model's capabilities: {vision, function_calling, json_output, structured_output, family})")
        EndpointSettings.read(config, context, b)
        return AzureAiInferenceChatCompletionClient.create(model, b.build())
    }

    override fun describe(component: ChatCompletionClient): JsonObject? {
        val client = component as? AzureAiInferenceChatCompletionClient ?: return null
        val c = client.config
        return buildJsonObject {
            put("model", client.model)
            put("endpoint", c.endpoint)
            c.apiVersion?.let { if (it != AzureAiInferenceConfig.DEFAULT_API_VERSION) put("api_version", it) }
            c.extraParameters?.let { put("extra_parameters", it.wireValue) }
            if (c.streamUsage) put("stream_usage", true)
            if (c.bearerToken != null) put("bearer_token", "\${GITHUB_TOKEN}")
            EndpointSettings.describe(this, c.apiKey, "AZURE_AI_CHAT_KEY", c.headers, c.modelInfo ?: client.modelInfo, c.httpOptions)
        }
    }
}
