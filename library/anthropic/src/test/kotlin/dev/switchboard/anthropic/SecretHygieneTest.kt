package dev.switchboard.anthropic

import dev.switchboard.CreateRequest
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.SwitchboardException
import dev.switchboard.ResponseHeaders
import dev.switchboard.spi.StreamFrame
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.ktor.client.HttpClient
import io.ktor.client.engine.mock.MockEngine

/**
 * API keys, whatever their shape, never appear in the `toString()` of a configuration, a codec or a
 * client, nor in the message or body excerpt of an error, even when a server echoes them back or the key
 * was passed where a URL belongs.
 */
class SecretHygieneTest : FunSpec({
    // Shaped like no known provider's key, so that only knowing the configured key can hide it.
    val key = "Qm7xW2pK9vL4nR8tY3bZ6cF1hJ5dG0sA"
    val headerSecret = "hdr-5Kq9Wm2Xv7Bn4Lp8Rt1Yz6"
    val http = HttpClient(MockEngine { error("no network call is expected in this test") })
    afterSpec { http.close() }
    val config = AnthropicConfig.builder().apiKey(key).baseUrl("https://user:url-password-123@gateway.example.com/anthropic?sig=url-sig-456")
        .header("X-Gateway-Token", headerSecret).header("X-Team", "search")
        .httpOptions(HttpOptions.builder().httpClient(http).build()).build()
    val codec = AnthropicChatCodec.from(config, "claude-sonnet-4-5", ModelInfo.ALL_CAPABILITIES)
    val call = codec.prepare("claude-sonnet-4-5", CreateRequest.builder().user("Hi").build(), false)
    val streamed = codec.prepare("claude-sonnet-4-5", CreateRequest.builder().user("Hi").build(), true)
    val secrets = listOf(key, headerSecret, "url-password-123", "url-sig-456")

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

    test("toString of the config, the codec and the client") {
        assertClean(config.toString(), "config")
        config.toString() shouldContain "gateway.example.com"
        assertClean(codec.toString(), "codec")
        AnthropicChatCompletionClient.create("claude-sonnet-4-5", config).use { assertClean(it.toString(), "client") }
    }

    test("a key passed as the base URL by mistake is not repeated in the error") {
        val e = shouldThrow<IllegalArgumentException> { AnthropicConfig.builder().baseUrl(key).build() }
        assertClean(e.message, "base URL error")
        e.message!! shouldContain "http://"
    }

    test("an error body that echoes the key, the header secret or the URL") {
        val echo = """{"type":"error","error":{"type":"authentication_error","message":"Invalid x-api-key $key / $headerSecret for """ +
            """https://user:url-password-123@gateway.example.com/anthropic?sig=url-sig-456"},"request_id":"req_1"}"""
        for (status in listOf(400, 401, 402, 403, 404, 413, 429, 500, 529)) {
            assertClean(codec.decodeError(status, ResponseHeaders { null }, echo))
        }
    }

    test("an error object in a 200 response, and a response that is not JSON, both quoting the key") {
        assertClean(shouldThrow<SwitchboardException> {
            call.decodeResponse("""{"type":"error","error":{"type":"authentication_error","message":"key $key was revoked"}}""".encodeToByteArray(), "req_1")
        })
        assertClean(shouldThrow<SwitchboardException> {
            call.decodeResponse("""<html>proxy refused key=$key</html>""".encodeToByteArray(), "req_1")
        })
    }

    test("a stream's error event or broken event quoting the key") {
        val frames = listOf(
            StreamFrame("error", """{"type":"error","error":{"type":"overloaded_error","message":"key $key is out of credit"}}"""),
            StreamFrame("message_start", """{"type":"message_start","message":{"id":"$headerSecret"""),
        )
        for (frame in frames) {
            assertClean(shouldThrow<SwitchboardException> { streamed.newStreamDecoder("req_2").decode(frame, ArrayList()) })
        }
    }
})
