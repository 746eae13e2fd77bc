@file:OptIn(SwitchboardSpi::class)

package dev.switchboard.bedrock.internal

import dev.switchboard.ChatCompletionClient
import dev.switchboard.bedrock.BedrockChatCompletionClient
import dev.switchboard.bedrock.BedrockConfig
import dev.switchboard.bedrock.BedrockGuardrail
import dev.switchboard.config.ComponentKind
import dev.switchboard.config.ComponentProvider
import dev.switchboard.config.ConfigContext
import dev.switchboard.config.ConfigNode
import dev.switchboard.config.EndpointSettings
import dev.switchboard.spi.SwitchboardSpi
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject

/**
 * `bedrock`: the Converse API (`model`, `region`, `base_url`, `profile`, `guardrail: {id, version, trace,
 * async_streaming}`), authenticated by a Bedrock API key (`api_key`), by `credentials: {access_key_id,
 * secret_access_key, session_token}`, or else by the AWS default chain; what the document leaves out comes from
 * `AWS_BEARER_TOKEN_BEDROCK`, `AWS_REGION`, `AWS_PROFILE` and `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`.
 */
internal class BedrockComponent : ComponentProvider<ChatCompletionClient> {
    override val kind = ComponentKind.CLIENT
    override val name = "bedrock"

    override fun create(config: ConfigNode, context: ConfigContext): ChatCompletionClient {
        val model = config.string("model", "the model id, such as us.anthropic.claude-sonnet-4-5-20250929-v1:0")
        val b = BedrockConfig.fromEnvironment(context::environment, BedrockConfig::profileRegion)
        config.stringOrNull("profile")?.let { b.profile(it); if (!config.has("region")) BedrockConfig.profileRegion(it)?.let(b::region) }
        config.stringOrNull("region")?.let { b.region(it) }
        config.urlOrNull("base_url")?.let { b.baseUrl(it) }
        config.nodeOrNull("credentials")?.let { c ->
            if (config.has("api_key")) config.fail("credentials", "give either api_key or credentials, not both")
            val id = c.secretOrNull("access_key_id") ?: c.fail("access_key_id", "missing (expected the AWS access key id)")
            val secret = c.secretOrNull("secret_access_key") ?: c.fail("secret_access_key", "missing (expected the AWS secret access key)")
            b.apiKey(null).credentials(id, secret, c.secretOrNull("session_token"))
        }
        config.nodeOrNull("guardrail")?.let { g ->
            val trace = g.choice("trace", BedrockGuardrail.Trace.entries.map { it.name.lowercase() }, null)
            val gb = BedrockGuardrail.builder(g.string("id", "the guardrail's identifier"), g.string("version", "the guardrail's version, such as 1 or DRAFT"))
            trace?.let { gb.trace(BedrockGuardrail.Trace.valueOf(it.uppercase())) }
            g.booleanOrNull("async_streaming")?.let { gb.asyncStreaming(it) }
            b.guardrail(gb.build())
        }
        EndpointSettings.read(config, context, b)
        return BedrockChatCompletionClient.create(model, b.build())
    }

    override fun describe(component: ChatCompletionClient): JsonObject? {
        val client = component as? BedrockChatCompletionClient ?: return null
        val c = client.config
        return buildJsonObject {
            put("model", client.model)
            c.region?.let { put("region", it) }
            if (c.region == null || c.baseUrl != "https://bedrock-runtime.${c.region}.amazonaws.com") put("base_url", c.baseUrl)
            c.profile?.let { put("profile", it) }
            c.guardrail?.let { g ->
                putJsonObject("guardrail") {
                    put("id", g.identifier); put("version", g.version); put("trace", g.trace.name.lowercase())
                    if (g.asyncStreaming) put("async_streaming", true)
                }
            }
            EndpointSettings.describe(this, c.apiKey, "AWS_BEARER_TOKEN_BEDROCK", c.headers, c.modelInfo, c.httpOptions)
        }
    }
}
