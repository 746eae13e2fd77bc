package dev.switchboard.bedrock

import dev.switchboard.CreateRequest
import dev.switchboard.HttpOptions
import dev.switchboard.ResponseHeaders
import dev.switchboard.SwitchboardException
import dev.switchboard.faults.CapturedLogs
import dev.switchboard.spi.StreamFrame
import com.sun.net.httpserver.HttpServer
import java.net.InetSocketAddress
import java.time.Duration
import dev.switchboard.testing.EventStreamWriter
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.ktor.client.HttpClient
import io.ktor.client.engine.mock.MockEngine
import java.time.Clock
import java.time.Instant
import java.time.ZoneOffset

/**
 * The AWS secret key, the session token and a Bedrock API key never appear in the `toString()` of a configuration,
 * a codec, an authorizer or a client, nor in an error's message or body excerpt, even when the server echoes them.
 * (That the fault matrix's thousands of log lines hold none of the credentials is checked by [BedrockFaultTest].)
 */
class SecretHygieneTest : FunSpec({
    val secretKey = "Zr4tV8nQ2mK6pW1xB9cL3hJ7"
    val sessionToken = "FwoGZXIvYXdzEJr-session-Qm7xW2pK9vL4nR8t"
    val bearer = "ABSKQmVkcm9ja0FQSUtleS-bearer-5Kq9Wm2Xv7Bn4Lp8"
    val secrets = listOf(secretKey, sessionToken, bearer)
    val http = HttpClient(MockEngine { error("no network call is expected in this test") })
    afterSpec { http.close() }
    val signed = BedrockConfig.builder().region("us-east-1").credentials("AKIDEXAMPLE", secretKey, sessionToken)
        .httpOptions(HttpOptions.builder().httpClient(http).build()).build()
    val keyed = BedrockConfig.builder().region("us-east-1").apiKey(bearer).httpOptions(HttpOptions.builder().httpClient(http).build()).build()
    val codec = BedrockChatCodec.from(keyed, "amazon.nova-lite-v1:0")

    fun assertClean(text: String?, what: String) {
        if (text == null) return
        for (s in secrets) withClue("$what: $text") { text shouldNotContain s }
    }

    fun assertClean(e: Throwable) {
        var t: Throwable? = e
        while (t != null) {
            assertClean(t.message, "message of ${t::class.simpleName}")
            if (t is SwitchboardException) assertClean(t.bodyExcerpt, "body excerpt of ${t::class.simpleName}")
            t = t.cause
        }
    }

    test("toString of the configurations, the codec, the authorizer and the clients") {
        assertClean(signed.toString(), "signed config")
        assertClean(keyed.toString(), "keyed config")
        keyed.toString() shouldContain "bedrock-runtime.us-east-1.amazonaws.com"
        assertClean(codec.toString(), "codec")
        assertClean(signed.staticKeys.toString(), "static keys")
        BedrockChatCompletionClient.create("amazon.nova-lite-v1:0", signed).use { assertClean(it.toString(), "signed client") }
        BedrockChatCompletionClient.create("amazon.nova-lite-v1:0", keyed).use { assertClean(it.toString(), "keyed client") }
        val authorizer = SigV4Authorizer({ signed.staticKeys!! }, "us-east-1",
            clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
        assertClean(authorizer.toString(), "authorizer")
    }

    test("an error body echoing the bearer key is scrubbed for every status") {
        val echo = """{"message":"The security token $bearer included in the request is invalid.","__type":"UnrecognizedClientException"}"""
        for (status in listOf(400, 403, 404, 408, 424, 429, 500, 503)) assertClean(codec.decodeError(status, ResponseHeaders { null }, echo))
    }

    test("a response that is not JSON, and stream exceptions and broken events quoting the key") {
        val call = codec.prepare("amazon.nova-lite-v1:0", CreateRequest.builder().user("Hi").build(), false)
        assertClean(shouldThrow<SwitchboardException> { call.decodeResponse("<html>proxy refused $bearer</html>".encodeToByteArray(), "r") })
        val streamed = codec.prepare("amazon.nova-lite-v1:0", CreateRequest.builder().user("Hi").build(), true)
        val frames = Fixtures.frames(
            EventStreamWriter.exception("throttlingException", """{"message":"key $bearer is throttled"}""") +
                EventStreamWriter.event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"$bearer""""),
        ) + StreamFrame("metadata", """{"usage":"$bearer"}""")
        for (frame in frames) assertClean(shouldThrow<SwitchboardException> { streamed.newStreamDecoder("r").decode(frame, ArrayList()) })
    }

    test("signed calls over HTTP, retried and failing with a body that echoes the session token: no secret in logs or errors") {
        val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
        server.createContext("/") { ex ->
            val token = ex.requestHeaders.getFirst("X-Amz-Security-Token")
            ex.requestBody.readAllBytes()
            val body = """{"message":"The security token $token is expired"}""".encodeToByteArray()
            ex.responseHeaders.add("x-amzn-ErrorType", if (ex.requestURI.path.endsWith("converse")) "ServiceUnavailableException" else "ExpiredTokenException")
            ex.sendResponseHeaders(503, body.size.toLong())
            ex.responseBody.use { it.write(body) }
        }
        server.start()
        CapturedLogs.start()
        val logs = try {
            val config = BedrockConfig.builder().region("us-east-1").baseUrl("http://127.0.0.1:${server.address.port}")
                .credentials("AKIDEXAMPLE", secretKey, sessionToken)
                .httpOptions(HttpOptions.builder().maxRetries(1).initialBackoff(Duration.ofMillis(1)).build()).build()
            BedrockChatCompletionClient.create("amazon.nova-lite-v1:0", config).use { client ->
                assertClean(shouldThrow<SwitchboardException> { client.create(CreateRequest.builder().user("Hi").build()) })
            }
            CapturedLogs.snapshot()
        } finally {
            CapturedLogs.stop()
            server.stop(0)
        }
        // The AWS SDK's signer logged each canonical request at DEBUG, X-Amz-Security-Token included; the module's own
        // signer logs nothing, so every line must be clean.
        for (line in logs) assertClean(line, "log line")
    }
})
