package dev.switchboard.faults

import dev.switchboard.contract.ProviderWire
import dev.switchboard.contract.WireUsage
import kotlinx.coroutines.delay
import java.io.ByteArrayOutputStream
import java.time.ZoneOffset
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter
import java.util.zip.GZIPOutputStream

/**
 * The server behaviours of the fault matrix, in a provider's own wire format ([wire]): each answers with
 * the provider's real JSON, streams and error bodies, and breaks them where a test says.
 *
 * Error bodies and HTML pages quote the credentials the request carried ([credentials]), as servers and
 * proxies sometimes do: the client must keep them out of its errors.
 */
public class Faults(private val wire: ProviderWire, private val model: String) {
    /** The text of [answer] and [stream]. */
    public val pieces: List<String> = listOf("Faults ", "were ", "survived", ".")

    /** The whole text. */
    public val text: String = pieces.joinToString("")

    /** The usage the answers carry. */
    public val usage: WireUsage = WireUsage(7, pieces.size)

    /** The JSON of a complete answer. */
    public val answerJson: String = wire.textResponse(model, text, usage)

    /** The frames of a complete stream, its terminator last. */
    public val frames: List<String> = wire.textStream(model, pieces, usage)

    /** A successful JSON answer. */
    public suspend fun FaultServer.Exchange.answer() {
        respond(200, "application/json", answerJson)
    }

    /** A successful stream, one chunk per frame. */
    public suspend fun FaultServer.Exchange.stream(frames: List<String> = this@Faults.frames) {
        beginChunks(200, wire.streamContentType)
        for (f in frames) chunk(wire.frameBytes(f))
        endChunks()
    }

    /** Answers a stream request with a stream, any other with JSON. */
    public suspend fun FaultServer.Exchange.success() {
        if (isStream(request)) stream() else answer()
    }

    /** The provider's error body for [status], quoting the request's credentials. */
    public fun errorBody(exchange: FaultServer.Exchange, status: Int): String =
        wire.errorBody(status, "Simulated failure $status for credentials [${credentials(exchange.request).joinToString(" ")}]")

    /** An error status with the provider's error body and [headers]. */
    public suspend fun FaultServer.Exchange.error(status: Int, vararg headers: String) {
        respond(status, "application/json", errorBody(this, status), *headers)
    }

    /** An HTML page with [status], as a proxy or captive portal sends it, quoting the request's credentials. */
    public suspend fun FaultServer.Exchange.html(status: Int) {
        respond(
            status, "text/html; charset=utf-8",
            "<!DOCTYPE html><html><head><title>$status</title></head><body><h1>Gateway says $status</h1>" +
                "<p>Request carried ${credentials(request).joinToString(", ")}</p></body></html>",
        )
    }

    /**
     * The opening frames of a stream, then frames every [intervalMs] forever, until the client closes; [begin]
     * false goes on with a response already begun.
     */
    public suspend fun FaultServer.Exchange.endless(intervalMs: Long, begin: Boolean = true) {
        if (begin) beginChunks(200, wire.streamContentType)
        for (f in wire.endlessTextStream(model)) {
            chunk(wire.frameBytes(f))
            delay(intervalMs)
        }
    }

    /** [frames] with its JSON cut in half at frame [index]: a malformed chunk in an otherwise good stream. */
    public fun malformedAt(index: Int): List<String> = frames.mapIndexed { i, f -> if (i == index) truncateJson(f) else f }

    /** [text] compressed with gzip. */
    public fun gzip(text: String): ByteArray = ByteArrayOutputStream().also { out -> GZIPOutputStream(out).use { it.write(text.toByteArray()) } }.toByteArray()

    /** A gzip stream of [frames], each frame flushed into its own piece, as a compressing proxy sends a stream. */
    public fun gzipPieces(frames: List<String>): List<ByteArray> {
        val out = ByteArrayOutputStream()
        val gz = GZIPOutputStream(out, true)
        val pieces = ArrayList<ByteArray>()
        for (f in frames) {
            gz.write(wire.frameBytes(f))
            gz.flush()
            pieces += out.toByteArray()
            out.reset()
        }
        gz.finish()
        pieces += out.toByteArray()
        return pieces.filter { it.isNotEmpty() }
    }

    /**
     * Whether [request] asks for a stream: its body says `"stream":true` (OpenAI, Anthropic, Ollama and Azure all do), or
     * it accepts a stream's media type (Bedrock's ConverseStream, whose body does not say).
     */
    public fun isStream(request: FaultServer.Request): Boolean =
        request.body.replace(" ", "").contains("\"stream\":true") ||
            request.headers["accept"]?.let { it.contains("event-stream") || it.contains("ndjson") || it.contains("eventstream") } == true

    /** Factories. */
    public companion object {
        /** Request headers that carry credentials. */
        public val CREDENTIAL_HEADERS: Set<String> =
            setOf("authorization", "proxy-authorization", "x-api-key", "api-key", "x-goog-api-key", "ocp-apim-subscription-key")

        /** The credentials [request] carried: header values and, for `Bearer`/`Basic` ones, the token alone. */
        @JvmStatic
        public fun credentials(request: FaultServer.Request): List<String> {
            val out = ArrayList<String>()
            for ((name, value) in request.headers) {
                if (name !in CREDENTIAL_HEADERS || value.isBlank()) continue
                out += value
                val token = value.substringAfter(' ', "")
                if (token.length >= 8) out += token
            }
            return out
        }

        /** An HTTP-date [seconds] from now, as `Retry-After` may carry it. */
        @JvmStatic
        public fun httpDate(seconds: Long): String =
            DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(seconds))

        /** [frame] with the JSON in it cut in half, the framing (event line, line ends) kept. */
        @JvmStatic
        public fun truncateJson(frame: String): String {
            val start = frame.indexOf('{')
            val end = frame.lastIndexOf('}')
            require(start in 0 until end) { "no JSON object in frame: $frame" }
            return frame.substring(0, start + (end - start) / 2) + frame.substring(end + 1)
        }
    }
}
