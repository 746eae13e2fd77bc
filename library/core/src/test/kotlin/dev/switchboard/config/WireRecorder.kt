package dev.switchboard.config

import dev.switchboard.http.TestServer
import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.request.httpMethod
import io.ktor.server.request.receiveText
import io.ktor.server.request.uri
import io.ktor.server.response.respondText
import io.ktor.server.routing.route
import io.ktor.server.routing.routing
import java.util.concurrent.CopyOnWriteArrayList

/**
 * A loopback server for the providers' configuration tests: it answers every request with [body] (of
 * [contentType]) and records what it was sent, so a test can load a document pointing at [url] and check the
 * request the loaded client made.
 */
class WireRecorder(private val body: String, private val contentType: String = "application/json") : AutoCloseable {
    /** One request as received. */
    data class Request(val method: String, val uri: String, val headers: Map<String, String>, val body: String)

    /** The requests received so far, in order. */
    val requests: MutableList<Request> = CopyOnWriteArrayList()

    private val server = TestServer {
        routing {
            route("{...}") {
                handle {
                    val text = call.receiveText()
                    val headers = call.request.headers.entries().associate { it.key.lowercase() to it.value.joinToString(",") }
                    requests += Request(call.request.httpMethod.value, call.request.uri, headers, text)
                    call.respondText(body, ContentType.parse(contentType), HttpStatusCode.OK)
                }
            }
        }
    }

    /** The base URL (no trailing slash). */
    val url: String get() = "http://127.0.0.1:${server.port}"

    /** The only request received. */
    val single: Request get() = requests.single()

    override fun close() = server.close()
}
