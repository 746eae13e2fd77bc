package dev.switchboard.bench.rows

import dev.switchboard.ChatStreamEvent
import dev.switchboard.HttpOptions
import dev.switchboard.bench.Row
import dev.switchboard.bench.Tracker
import dev.switchboard.bench.server.Payloads.Format
import dev.switchboard.createRequest
import dev.switchboard.openai.OpenAiChatCompletionClient
import dev.switchboard.openai.OpenAiConfig
import dev.switchboard.spi.EngineProvider
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * This library's Kotlin API: `create` and `createStream(...).collect`, in coroutines, over the engine
 * named by the variant (`java`, `okhttp`, `apache5`, `cio`, or `memory`: no network, see [MemoryEngine]), optionally behind a wrapper named after a slash:
 * `java/events-off` and `java/events-on` (call events, see [Wrappers]), `java/cache-hit` (a memory cache that has
 * every answer after the first call), `java/router` (a router over two deployments of the same client config), or
 * another provider's client instead of OpenAI's after the slash: `java/anthropic`, `java/ollama`, `java/responses`,
 * `java/gemini`, `java/cohere`, `java/bedrock` (see [NativeClients]), against the mock server's matching format.
 */
public class SwitchboardKotlinRow(baseUrl: String, variant: String) : Row {
    private val after = variant.substringAfter('/', "")
    private val http = HttpOptions.builder().engine(engineProvider(variant.substringBefore('/'))).build()
    private val client = NativeClients.of(after, baseUrl, http) ?: Wrappers.wrap(after) {
        OpenAiChatCompletionClient.create(
            "gpt-4o-mini",
            OpenAiConfig.builder()
                .baseUrl("$baseUrl/v1")
                .apiKey("sk-" + "bench")
                .httpOptions(http)
                .build(),
        )
    }

    override fun format(): Format = NativeClients.format(after)
    private val request = createRequest { user("Say hello") }
    /** The streams' request: another than the calls', so that a cache does not answer one with the other. */
    private val streamRequest = createRequest { user("Say hello"); user("(streaming)") }
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    override fun stream(count: Int): Long = runBlocking {
        var chars = 0L
        repeat(count) {
            client.createStream(streamRequest).collect { event ->
                if (event is ChatStreamEvent.TextDelta) chars += event.text.length
            }
        }
        chars
    }

    override fun create(count: Int, inFlight: Int): Long =
        callsInFlight(count, inFlight) { client.create(request).content!!.length.toLong() }

    override fun openStreams(count: Int, tracker: Tracker) {
        repeat(count) {
            scope.launch {
                var chars = 0L
                var opened = false
                try {
                    client.createStream(streamRequest).collect { event ->
                        if (!opened) {
                            opened = true
                            tracker.first()
                        }
                        if (event is ChatStreamEvent.TextDelta) chars += event.text.length
                    }
                    tracker.done(opened, chars, null)
                } catch (e: Exception) {
                    tracker.done(opened, chars, e)
                }
            }
        }
    }

    override fun close() {
        scope.cancel()
        client.close()
    }

    internal companion object {
        /** The engine binding of [name], loaded by name so that only its module needs to be on the classpath. */
        fun engineProvider(name: String): EngineProvider {
            val className = when (name) {
                "java" -> "dev.switchboard.engine.java.JavaEngineProvider"
                "okhttp" -> "dev.switchboard.engine.okhttp.OkHttpEngineProvider"
                "apache5" -> "dev.switchboard.engine.apache5.Apache5EngineProvider"
                "cio" -> "dev.switchboard.engine.cio.CioEngineProvider"
                "memory" -> "dev.switchboard.bench.rows.MemoryEngine"
                else -> throw IllegalArgumentException("unknown engine '$name'")
            }
            return Class.forName(className).getField("INSTANCE").get(null) as EngineProvider
        }
    }
}
