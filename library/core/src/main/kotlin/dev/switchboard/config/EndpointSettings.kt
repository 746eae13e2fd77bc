package dev.switchboard.config

import dev.switchboard.EndpointConfigBuilder
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.auth.AccessTokenProvider
import dev.switchboard.spi.HttpExchanger
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject

/**
 * The keys every provider's `config` shares, read into (and written back from) an [EndpointConfigBuilder]:
 * `api_key` (secret), `headers` (those named like credentials are secret), `model_info` and `http`. For
 * [ComponentProvider] authors.
 */
public object EndpointSettings {
    private val CREDENTIAL_HEADER = Regex("(?i)auth|key|token|secret|password|signature|cookie")

    /** Reads `api_key`, `headers`, `model_info` and `http` of [node] into [builder]. */
    @JvmStatic
    public fun read(node: ConfigNode, context: ConfigContext, builder: EndpointConfigBuilder<*>) {
        node.secretOrNull("api_key")?.let { builder.apiKey(it) }
        for ((name, value) in node.stringMap("headers") { CREDENTIAL_HEADER.containsMatchIn(it) }) builder.header(name, value)
        modelInfo(node, "model_info")?.let { builder.modelInfo(it) }
        httpOptions(node, "http", context)?.let { builder.httpOptions(it) }
    }

    /**
     * The model info at [key]: `{vision, function_calling, json_output, structured_output, family, context_window,
     * max_output_tokens}`, each capability false unless given; or null when absent.
     */
    @JvmStatic
    public fun modelInfo(node: ConfigNode, key: String): ModelInfo? {
        val m = node.nodeOrNull(key) ?: return null
        val b = ModelInfo.builder()
            .vision(m.boolean("vision", false))
            .functionCalling(m.boolean("function_calling", false))
            .jsonOutput(m.boolean("json_output", false))
            .structuredOutput(m.boolean("structured_output", false))
        m.stringOrNull("family")?.let { b.family(it) }
        m.intOrNull("context_window")?.let { if (it <= 0) m.fail("context_window", "expected a positive number of tokens"); b.contextWindow(it) }
        m.intOrNull("max_output_tokens")?.let { if (it <= 0) m.fail("max_output_tokens", "expected a positive number of tokens"); b.maxOutputTokens(it) }
        return b.build()
    }

    /**
     * The HTTP options at [key]: `{connect_timeout, request_timeout, stream_idle_timeout, max_retries,
     * initial_backoff, max_backoff, exchanger}` (durations such as `30s`; `exchanger` names an `HttpExchanger`
     * bound to the loader), or null when absent.
     */
    @JvmStatic
    public fun httpOptions(node: ConfigNode, key: String, context: ConfigContext): HttpOptions? {
        val h = node.nodeOrNull(key) ?: return null
        val b = HttpOptions.builder()
        fun positive(k: String) = h.durationOrNull(k)?.also { if (it.isZero || it.isNegative) h.fail(k, "expected a positive duration") }
        positive("connect_timeout")?.let { b.connectTimeout(it) }
        positive("request_timeout")?.let { b.requestTimeout(it) }
        positive("stream_idle_timeout")?.let { b.streamIdleTimeout(it) }
        h.intOrNull("max_retries")?.let { if (it !in 0..100) h.fail("max_retries", "expected a number from 0 to 100"); b.maxRetries(it) }
        positive("initial_backoff")?.let { b.initialBackoff(it) }
        positive("max_backoff")?.let { b.maxBackoff(it) }
        context.boundOrNull(h, "exchanger", HttpExchanger::class.java)?.let { b.exchanger(it) }
        return b.build()
    }

    /**
     * The token provider of the nested `token_provider` of [node] (such as `{provider: azure-identity}`), or null when
     * absent; a document that also gives `api_key` is refused, since a client takes one or the other.
     */
    @JvmStatic
    public fun tokenProvider(node: ConfigNode, context: ConfigContext): AccessTokenProvider? {
        val tokens = context.componentOrNull(node, "token_provider", ComponentKind.TOKEN_PROVIDER) ?: return null
        if (node.has("api_key")) node.fail("token_provider", "give either api_key or token_provider, not both")
        return tokens
    }

    /** Writes [info] as `model_info` into [out]. */
    @JvmStatic
    public fun describeModelInfo(out: JsonObjectBuilder, info: ModelInfo?) {
        if (info == null) return
        out.putJsonObject("model_info") {
            put("vision", info.vision); put("function_calling", info.functionCalling)
            put("json_output", info.jsonOutput); put("structured_output", info.structuredOutput)
            put("family", info.family.toString())
            info.contextWindow?.let { put("context_window", it) }
            info.maxOutputTokens?.let { put("max_output_tokens", it) }
        }
    }

    /**
     * Writes what every provider shares into [out]: `api_key` as the placeholder `${[keyVariable]}` when there is a
     * key (never its value), headers whose names do not look like credentials, model info and HTTP timeouts.
     */
    @JvmStatic
    public fun describe(out: JsonObjectBuilder, apiKey: String?, keyVariable: String, headers: Map<String, String>, info: ModelInfo?, http: HttpOptions) {
        if (apiKey != null) put(out, "api_key", "\${$keyVariable}")
        val plain = headers.filterKeys { !CREDENTIAL_HEADER.containsMatchIn(it) }
        if (plain.isNotEmpty()) out.put("headers", JsonObject(plain.mapValues { JsonPrimitive(it.value) }))
        describeModelInfo(out, info)
        if (http !== HttpOptions.DEFAULT) out.put("http", buildJsonObject {
            put("connect_timeout", "${http.connectTimeout.toMillis()}ms")
            put("request_timeout", "${http.requestTimeout.toMillis()}ms")
            put("stream_idle_timeout", "${http.streamIdleTimeout.toMillis()}ms")
            put("max_retries", http.maxRetries)
            put("initial_backoff", "${http.initialBackoff.toMillis()}ms")
            put("max_backoff", "${http.maxBackoff.toMillis()}ms")
        })
    }

    private fun put(out: JsonObjectBuilder, key: String, value: String) { out.put(key, value) }
}
