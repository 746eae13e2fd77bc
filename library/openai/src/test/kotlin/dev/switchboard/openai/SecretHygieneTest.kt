package dev.switchboard.openai

import dev.switchboard.CreateRequest
import dev.switchboard.HttpOptions
import dev.switchboard.ModelFamily
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
    val key = "Zq8mT4vN2pL6xR0cW9yB3kF7hJ1dG5sA"
    val headerSecret = "hdr-7Kq2Wm9Xv4Bn8Lp3Rt6Yz1"
    val http = HttpClient(MockEngine { error("no network call is expected in this test") })
    afterSpec { http.close() }
    val config = OpenAiConfig.builder().apiKey(key).baseUrl("https://user:url-password-123@gateway.example.com/v1?api-version=1&sig=url-sig-456")
        .header("api-key", headerSecret).header("X-Team", "search")
        .httpOptions(HttpOptions.builder().httpClient(http).build()).build()
    val codec = OpenAiChatCodec.from(config, ModelFamily.GPT_4O)
    val call = codec.prepare("gpt-4o", CreateRequest.builder().user("Hi").build(), false)
    val streamed = codec.prepare("gpt-4o", CreateRequest.builder().user("Hi").build(), true)
    val secrets = listOf(key, headerSecret, "url-password-123", "url-sig-456")

    fun assertClean(text: String?, what: String) {
        if (text == null) return
        for (s in secrets) withClue("$what: $text") { text shouldNotContain s }
    }

    fun assertClean(e: SwitchboardException) {
        assertClean(e.message, "message of ${e::class.simpleName}")
        assertClean(e.bodyExcerpt, "body excerpt of ${e::class.simpleName}")
    }

    test("toString of the config, the codec and the client") {
        assertClean(config.toString(), "config")
        config.toString() shouldContain "gateway.example.com"
        assertClean(codec.toString(), "codec")
        OpenAiChatCompletionClient.create("gpt-4o", config).use { assertClean(it.toString(), "client") }
    }

    test("a key passed as the base URL by mistake is not repeated in the error") {
        val e = shouldThrow<IllegalArgumentException> { OpenAiConfig.builder().baseUrl(key).build() }
        assertClean(e.message, "base URL error")
        e.message!! shouldContain "http://"
        val ollama = shouldThrow<IllegalArgumentException> { OpenAiCompatible.ollamaBaseUrl("ftp://$key") }
        assertClean(ollama.message, "OLLAMA_HOST error")
    }

    test("an error body that echoes the key, the header secret or the URL") {
        val echo = """{"error":{"message":"Invalid credentials $key / $headerSecret for https://user:url-password-123@gateway.example.com/v1?sig=url-sig-456","type":"auth","code":"bad_key"}}"""
        for (status in listOf(400, 401, 403, 404, 429, 500)) {
            assertClean(codec.decodeError(status, ResponseHeaders { null }, echo))
        }
    }

    test("an in-band error in a 200 response, and a response that is not JSON, both quoting the key") {
        assertClean(shouldThrow<SwitchboardException> {
            call.decodeResponse("""{"error":{"message":"key $key was revoked","code":"401"}}""".encodeToByteArray(), "req_1")
        })
        assertClean(shouldThrow<SwitchboardException> {
            call.decodeResponse("""<html>proxy refused key=$key</html>""".encodeToByteArray(), "req_1")
        })
    }

    test("a stream's error event, error chunk or broken chunk quoting the key") {
        val frames = listOf(
            StreamFrame("error", """{"error":{"message":"key $key is out of credit"}}"""),
            StreamFrame(null, """{"error":{"message":"upstream refused $headerSecret"}}"""),
            StreamFrame(null, """{"choices":[{"index":0,"delta":{"content":"$key"""),
        )
        for (frame in frames) {
            assertClean(shouldThrow<SwitchboardException> { streamed.newStreamDecoder("req_2").decode(frame, ArrayList()) })
        }
    }
})
