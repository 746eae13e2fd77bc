package dev.switchboard.bench.rows

import dev.switchboard.bench.Row
import dev.switchboard.bench.Tally
import dev.switchboard.bench.Tracker
import io.ktor.client.HttpClient
import io.ktor.client.engine.cio.CIO
import io.ktor.client.request.header
import io.ktor.client.request.preparePost
import io.ktor.client.request.setBody
import io.ktor.client.statement.HttpResponse
import io.ktor.client.statement.bodyAsChannel
import io.ktor.http.ContentType
import io.ktor.http.content.ByteArrayContent
import io.ktor.utils.io.readAvailable
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * The floor of the CIO engine: a Ktor `HttpClient` over CIO configured as `switchboard-engine-cio` configures it
 * (no request timeout, no connection limit that a held stream would hit, no redirects, no default transformers),
 * sending one prebuilt request (two headers, the same body as [FloorRow]'s) and reading each body's bytes into one
 * array that every stream shares (the bytes are dropped, so a held stream keeps no buffer of its own). What a row over
 * the CIO engine holds above this is the library's own.
 */
public class CioFloorRow(baseUrl: String, @Suppress("UNUSED_PARAMETER") variant: String) : Row {
    private val url = "$baseUrl/v1/chat/completions"
    private val client = HttpClient(
        CIO.create {
            requestTimeout = 0
            maxConnectionsCount = 65_536
            endpoint.maxConnectionsPerRoute = 65_536
            endpoint.connectAttempts = 1
        },
    ) {
        expectSuccess = false
        followRedirects = false
        useDefaultTransformers = false
    }
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    override fun countsBytes(): Boolean = true

    override fun stream(count: Int): Long = runBlocking {
        var total = 0L
        repeat(count) { total += exchange(STREAMING, Tally(null)) }
        total
    }

    override fun create(count: Int, inFlight: Int): Long = callsInFlight(count, inFlight) { exchange(PLAIN, Tally(null)) }

    override fun openStreams(count: Int, tracker: Tracker) {
        repeat(count) {
            val tally = Tally(tracker)
            scope.launch {
                try {
                    exchange(STREAMING, tally)
                } catch (e: Throwable) {
                    tally.fail(e)
                }
            }
        }
    }

    /** Sends [body] and reads the answer's bytes to its end into [tally], which completes with their count. */
    private suspend fun exchange(body: ByteArray, tally: Tally): Long = client.preparePost(url) {
        header("Authorization", "Bearer " + "sk-" + "bench")
        setBody(ByteArrayContent(body, ContentType.Application.Json))
    }.execute { response: HttpResponse ->
        check(response.status.value == 200) { "HTTP ${response.status.value}" }
        val channel = response.bodyAsChannel()
        val buffer = SCRATCH
        var total = 0L
        while (true) {
            val n = channel.readAvailable(buffer, 0, buffer.size)
            if (n < 0) break
            total += n
            tally.add(n.toLong())
        }
        tally.complete()
        total
    }

    override fun close() {
        scope.cancel()
        client.close()
    }

    private companion object {
        const val BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]"
        /** Where every stream's bytes are read and dropped; what concurrent readers leave in it is never looked at. */
        val SCRATCH = ByteArray(8192)
        val PLAIN: ByteArray = "$BODY}".toByteArray()
        val STREAMING: ByteArray = "$BODY,\"stream\":true,\"stream_options\":{\"include_usage\":true}}".toByteArray()
    }
}
