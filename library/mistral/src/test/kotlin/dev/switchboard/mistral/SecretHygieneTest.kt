package dev.switchboard.mistral

import dev.switchboard.CreateRequest
import dev.switchboard.ResponseHeaders
import dev.switchboard.SwitchboardException
import dev.switchboard.spi.StreamFrame
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldNotContain

/** Keys of any shape never appear in toString(), in error messages or in body excerpts, even when a server echoes them. */
class SecretHygieneTest : FunSpec({
    val key = "Qm7xW2pK9vL4nR8tY3bZ6cF1hJ5dG0sA"
    val headerSecret = "hdr-5Kq9Wm2Xv7Bn4Lp8Rt1Yz6"
    val config = MistralConfig.builder().apiKey(key).baseUrl("https://user:url-password-123@gateway.example.com/mistral?sig=url-sig-456")
        .header("X-Gateway-Token", headerSecret).build()
    val codec = MistralChatCodec.from(config)
    val call = codec.prepare("mistral-small-latest", CreateRequest.builder().user("Hi").build(), true)
    val secrets = listOf(key, headerSecret, "url-password-123", "url-sig-456")

    fun assertClean(e: Throwable) {
        var t: Throwable? = e
        while (t != null) {
            for (s in secrets) {
                withClue("message of ${t::class.simpleName}") { (t.message ?: "") shouldNotContain s }
                if (t is SwitchboardException) withClue("excerpt") { (t.bodyExcerpt ?: "") shouldNotContain s }
            }
            t = t.cause
        }
    }

    test("toString of the config, the codec and the client") {
        for (s in secrets) {
            config.toString() shouldNotContain s
            codec.toString() shouldNotContain s
            MistralChatCompletionClient.create("mistral-small-latest", config).use { it.toString() shouldNotContain s }
        }
    }

    test("error bodies, a 200 error object, an unreadable body and stream chunks that echo the secrets") {
        val echo = """{"object":"error","message":"Bad key $key / $headerSecret at https://user:url-password-123@gateway.example.com?sig=url-sig-456","type":"authentication_error"}"""
        for (status in listOf(400, 401, 403, 404, 422, 429, 500)) assertClean(codec.decodeError(status, ResponseHeaders { null }, echo))
        assertClean(shouldThrow<SwitchboardException> { call.decodeResponse(echo.encodeToByteArray(), "r") })
        assertClean(shouldThrow<SwitchboardException> { call.decodeResponse("<html>key=$key</html>".encodeToByteArray(), "r") })
        assertClean(shouldThrow<SwitchboardException> { call.newStreamDecoder("r").decode(StreamFrame(null, echo), ArrayList()) })
        assertClean(shouldThrow<SwitchboardException> { call.newStreamDecoder("r").decode(StreamFrame(null, """{"id":"$key"""), ArrayList()) })
    }
})
