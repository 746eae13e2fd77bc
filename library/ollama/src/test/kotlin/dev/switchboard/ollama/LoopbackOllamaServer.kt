package dev.switchboard.ollama

import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.ApplicationCall
import io.ktor.server.cio.CIO
import io.ktor.server.engine.embeddedServer
import io.ktor.server.request.receiveText
import io.ktor.server.response.respondBytesWriter
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.utils.io.writeFully
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference

/**
 * A Ktor CIO server on 127.0.0.1 that plays an Ollama server: `POST /api/chat`, `POST /api/show` and
 * `GET /api/tags`. It records every request ([seen]) and answers each endpoint with its current handler.
 */
internal class LoopbackOllamaServer : AutoCloseable {
    /** A request as the server received it: path, headers (names in lower case) and the JSON body (empty for GET). */
    class Seen(val path: String, val headers: Map<String, String>, val body: JsonObject)

    val seen = ConcurrentLinkedQueue<Seen>()
    val showCalls = AtomicInteger()
    private val chat = AtomicReference<suspend (ApplicationCall, JsonObject) -> Unit>()
    private val show = AtomicReference<suspend (ApplicationCall, JsonObject) -> Unit> { call, _ -> json(call, SHOW_TEXT_ONLY) }
    private val tags = AtomicReference<suspend (ApplicationCall) -> Unit> { call -> json(call, TAGS) }

    private val server = embeddedServer(CIO, port = 0, host = "127.0.0.1") {
        routing {
            post("/api/chat") {
                val body = record(call, "/api/chat")
                checkNotNull(chat.get()) { "no chat answer set" }(call, body)
            }
            post("/api/show") {
                showCalls.incrementAndGet()
                val body = record(call, "/api/show")
                show.get()(call, body)
            }
            get("/api/tags") {
                record(call, "/api/tags")
                tags.get()(call)
            }
        }
    }.start(wait = false)

    private suspend fun record(call: ApplicationCall, path: String): JsonObject {
        val text = call.receiveText()
        val body = if (text.isBlank()) JsonObject(emptyMap()) else Json.parseToJsonElement(text).jsonObject
        seen += Seen(path, call.request.headers.entries().associate { it.key.lowercase() to it.value.first() }, body)
        return body
    }

    val port: Int = runBlocking { server.engine.resolvedConnectors().first().port }

    /** The base URL to configure a client with. */
    val baseUrl: String get() = "http://127.0.0.1:$port"

    fun chats(): List<Seen> = seen.filter { it.path == "/api/chat" }

    fun onChat(answer: suspend (ApplicationCall, JsonObject) -> Unit) = chat.set(answer)

    fun onShow(answer: suspend (ApplicationCall, JsonObject) -> Unit) = show.set(answer)

    fun onTags(answer: suspend (ApplicationCall) -> Unit) = tags.set(answer)

    /** Answers chats with [body] and [status]. */
    fun chatJson(body: String, status: HttpStatusCode = HttpStatusCode.OK) = onChat { call, _ -> json(call, body, status) }

    /** Answers chats with an NDJSON body, written in network writes of [pieceSize] bytes, each flushed. */
    fun chatNdjson(body: String, pieceSize: Int = Int.MAX_VALUE) = onChat { call, _ -> ndjson(call, body.toByteArray(), pieceSize) }

    override fun close() = server.stop(100, 1000)

    companion object {
        suspend fun json(call: ApplicationCall, json: String, status: HttpStatusCode = HttpStatusCode.OK) {
            call.respondText(json, ContentType.Application.Json, status)
        }

        suspend fun ndjson(call: ApplicationCall, body: ByteArray, pieceSize: Int) {
            call.respondBytesWriter(ContentType.parse("application/x-ndjson")) {
                var at = 0
                while (at < body.size) {
                    val n = minOf(pieceSize, body.size - at)
                    writeFully(body, at, at + n)
                    flush()
                    at += n
                }
            }
        }

        /** A text-only chat model: no vision, no tools, trained for 8192 tokens. */
        const val SHOW_TEXT_ONLY: String =
            """{"capabilities":["completion"],"details":{"format":"gguf","family":"llama","families":["llama"]},""" +
                """"model_info":{"general.architecture":"llama","llama.context_length":8192},"parameters":"stop \"<|eot_id|>\""}"""

        /** The spec's example answer to /api/tags (ollama-openapi.yaml). */
        const val TAGS: String =
            """{"models":[{"name":"gemma4","model":"gemma4","modified_at":"2025-10-03T23:34:03.409490317-07:00","size":9608350245,""" +
                """"digest":"c6eb396dbd5992bbe3f5cdb947e8bbc0ee413d7c17e2beaae69f5d569cf982eb","details":{"format":"gguf",""" +
                """"family":"gemma4","families":["gemma4"],"parameter_size":"8.0B","quantization_level":"Q4_K_M"}}]}"""
    }
}
