package dev.switchboard.bench.rows

import dev.switchboard.HttpOptions
import dev.switchboard.ResponseHeaders
import dev.switchboard.bench.server.MockServer
import dev.switchboard.bench.server.Payloads
import dev.switchboard.spi.EngineProvider
import dev.switchboard.spi.ExchangeRequest
import dev.switchboard.spi.ExchangeResponse
import dev.switchboard.spi.HttpExchanger
import dev.switchboard.spi.SwitchboardSpi
import io.ktor.utils.io.ByteReadChannel
import java.io.ByteArrayOutputStream
import java.util.concurrent.ConcurrentHashMap

/**
 * An engine without a network (variant `memory` of the library's rows): every exchange answers at once with the bytes
 * the mock server would send for the same path (`/fast/<events>/<api path>`), from memory. What a stream then costs is
 * the library's own path alone (transport, framing, codec, events, and for the facade its hand-over to the caller),
 * with no socket, no HTTP parsing and no JDK thread: the figure the per-layer split of the README subtracts.
 */
@OptIn(SwitchboardSpi::class)
public object MemoryEngine : EngineProvider {
    override val name: String = "memory"
    override val priority: Int = 0

    override fun create(options: HttpOptions): HttpExchanger = MemoryExchanger()
}

@OptIn(SwitchboardSpi::class)
private class MemoryExchanger : HttpExchanger {
    private val bodies = ConcurrentHashMap<String, ByteArray>()
    override val name: String get() = "memory"

    override suspend fun <T> exchange(request: ExchangeRequest, handle: suspend (ExchangeResponse) -> T): T {
        val path = request.uri.path
        val format = formatOf(path)
        val stream = MockServer.streams(format, path, request.body)
        val body = bodies.computeIfAbsent((if (stream) "stream " else "call ") + path) { body(format, path, stream) }
        val type = if (!stream) "application/json" else Payloads.streamContentType(format)
        return handle(object : ExchangeResponse {
            override val status: Int = 200
            override val headers: ResponseHeaders = ResponseHeaders { name ->
                when (name.lowercase()) {
                    "content-type" -> type
                    "x-request-id", "request-id" -> "req_bench0001"
                    else -> null
                }
            }

            override suspend fun body(): ByteReadChannel = ByteReadChannel(body)
        })
    }

    /** The format of a path `/fast/<events>/<api path>`. */
    private fun formatOf(path: String): Payloads.Format =
        MockServer.formatOf("/" + segments(path)[3]) ?: throw IllegalArgumentException("no wire format for $path")

    private fun segments(path: String): List<String> =
        path.split('/', limit = 4).also { require(it.size == 4) { "expected /fast/<events>/<api path>, got $path" } }

    private fun body(format: Payloads.Format, path: String, stream: Boolean): ByteArray {
        if (!stream) return Payloads.completion(format)
        val out = ByteArrayOutputStream()
        for (event in Payloads.events(format, segments(path)[2].toInt())) out.write(event)
        return out.toByteArray()
    }

    override fun close() {}
}
