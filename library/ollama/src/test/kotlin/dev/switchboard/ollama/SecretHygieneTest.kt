package dev.switchboard.ollama

import dev.switchboard.CreateRequest
import dev.switchboard.HttpOptions
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
 * API keys, whatever their shape, never appear in the `toString()` of a configuration, a codec or a client,
 * nor in the message or body excerpt of an error, even when a server (or a proxy in front of Ollama) echoes
 * them back, or the key was passed where the host belongs.
 */
class SecretHygieneTest : FunSpec({
    // Shaped like no known provider's key, so that only knowing the configured key can hide it.
    val key = "Zq8mT4vN2pL6xR0cW9yB3kF7hJ1dG5sA"
    val headerSecret = "hdr-7Kq2Wm9Xv4Bn8Lp3Rt6Yz1"
    val http = HttpClient(MockEngine { error("no network call is expected in this test") })
    afterSpec { http.close() }
    val config = OllamaConfig.builder().apiKey(key).baseUrl("https://user:url-password-123@proxy.example.com/ollama")
        .header("X-Proxy-Token", headerSecret).header("X-Team", "search")
        .httpOptions(HttpOptions.builder().httpClient(http).build()).build()
    val codec = OllamaChatCodec.from(config, "llama3.2")
    val call = codec.prepare("llama3.2", CreateRequest.builder().user("Hi").build(), false)
    val streamed = codec.prepare("llama3.2", CreateRequest.builder().user("Hi").build(), true)
    val secrets = listOf(key, headerSecret, "url-password-123")

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
        config.toString() shouldContain "proxy.example.com"
        assertClean(codec.toString(), "codec")
        OllamaChatCompletionClient.create("llama3.2", config).use { assertClean(it.toString(), "client") }
    }

    test("a key passed as the host by mistake is not repeated in the error") {
        // A bare word is a valid host name (OLLAMA_HOST=gpu-box), so only malformed hosts can be refused.
        for (wrong in listOf("ftp://$key", "$key:port", "https://$key:99999", "http://[$key")) {
            val e = shouldThrow<IllegalArgumentException> { OllamaConfig.builder().baseUrl(wrong) }
            assertClean(e.message, "host error")
        }
        val env = shouldThrow<IllegalArgumentException> { OllamaConfig.fromEnvironment(mapOf("OLLAMA_HOST" to "$key:x")::get) }
        assertClean(env.message, "OLLAMA_HOST error")
    }

    test("an error body that echoes the key, the header secret or the URL, for every status and endpoint") {
        val echo = """{"error":"invalid credentials $key / $headerSecret for https://user:url-password-123@proxy.example.com"}"""
        for (status in listOf(400, 401, 403, 404, 429, 500)) {
            assertClean(codec.decodeError(status, ResponseHeaders { null }, echo))
            assertClean(codec.errors("/api/show", "llama3.2").decode(status, ResponseHeaders { null }, echo))
            assertClean(codec.decodeError(status, ResponseHeaders { null }, "proxy refused Bearer $key"))
        }
    }

    test("an in-band error, a body that is not JSON, and stream lines quoting the key") {
        assertClean(shouldThrow<SwitchboardException> { call.decodeResponse("""{"error":"key $key was revoked"}""".encodeToByteArray(), null) })
        assertClean(shouldThrow<SwitchboardException> { call.decodeResponse("<html>proxy refused key=$key</html>".encodeToByteArray(), null) })
        assertClean(shouldThrow<SwitchboardException> {
            streamed.newStreamDecoder(null).decode(StreamFrame(null, """{"error":"upstream refused $headerSecret"}"""), ArrayList())
        })
        val broken = streamed.newStreamDecoder(null)
        broken.decode(StreamFrame(null, """{"message":{"content":"$key"""), ArrayList())
        assertClean(shouldThrow<SwitchboardException> { broken.decode(StreamFrame(null, """{"done":true}"""), ArrayList()) })
        val cut = streamed.newStreamDecoder(null)
        cut.decode(StreamFrame(null, """{"message":{"content":"$key"""), ArrayList())
        assertClean(shouldThrow<SwitchboardException> { cut.finish(false) })
    }
})
