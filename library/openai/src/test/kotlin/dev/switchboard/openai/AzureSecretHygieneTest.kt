package dev.switchboard.openai

import dev.switchboard.engine.java.JavaEngineProvider
import dev.switchboard.CreateRequest
import dev.switchboard.HttpOptions
import dev.switchboard.SwitchboardException
import dev.switchboard.UserMessage
import dev.switchboard.auth.AccessToken
import dev.switchboard.auth.AccessTokenProvider
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldNotContain
import java.time.Instant

/** The Azure key and Entra ID tokens never appear in toString, messages or body excerpts, even when the server echoes them. */
class AzureSecretHygieneTest : FunSpec({
    val server = AzureLoopback()
    afterSpec { server.close() }

    // Shaped like no known key, so that only knowing the configured secrets can hide them.
    val key = "Qw7Er9Ty2Ui4Op6As8Df1Gh3Jk5Lz0Xc"
    val token = "Mn5Bv7Cx9Zl2Kj4Hg6Fd8Sa1Po3Iu0Yt"
    val http = HttpOptions.builder().engine(JavaEngineProvider).maxRetries(0).build()
    val tokens = AccessTokenProvider { AccessToken(token, Instant.now().plusSeconds(3600)) }

    fun clean(text: String?, what: String, secrets: List<String> = listOf(key, token)) {
        if (text == null) return
        withClue("$what: $text") { for (s in secrets) text shouldNotContain s }
    }

    /** [e] holds none of [secrets] (the ones its client knows: a server may echo anything). */
    fun clean(e: SwitchboardException, secrets: List<String>) {
        clean(e.message, "message", secrets)
        clean(e.bodyExcerpt, "excerpt", secrets)
        var c = e.cause
        while (c != null) {
            clean(c.message, "cause", secrets)
            c = c.cause
        }
    }

    test("configs and clients, with a key and with a token provider") {
        val k = AzureOpenAiConfig.builder().endpoint(server.root).apiKey(key).httpOptions(http).build()
        val t = AzureOpenAiConfig.builder().endpoint(server.root).tokenProvider(tokens).httpOptions(http).build()
        clean(k.toString(), "key config")
        clean(t.toString(), "token config")
        AzureOpenAiChatCompletionClient.create("gpt-4o", k).use { clean(it.toString(), "client") }
        AzureOpenAiChatCompletionClient.create("gpt-4o", t).use { clean(it.toString(), "client") }
    }

    test("error bodies that echo the key or the token, for every status and in streams") {
        val echo = """{"error":{"code":"InvalidAuth","message":"Rejected api-key $key and bearer $token; seen: $token $key"}}"""
        val filter = """{"error":{"code":"content_filter","message":"Filtered for $key $token","innererror":{"content_filter_result":{"hate":{"filtered":true,"severity":"high"}}}}}"""
        for (credentials in listOf("key", "token")) {
            val b = AzureOpenAiConfig.builder().endpoint(server.root).httpOptions(http)
            val config = if (credentials == "key") b.apiKey(key).build() else b.tokenProvider(tokens).build()
            val known = listOf(if (credentials == "key") key else token)
            AzureOpenAiChatCompletionClient.create("gpt-4o", config).use { client ->
                for (status in listOf(400, 401, 403, 404, 429, 500)) {
                    server.respondJson(echo, status)
                    clean(shouldThrow<SwitchboardException> { client.create(CreateRequest.of(UserMessage.of("x"))) }, known)
                    clean(shouldThrow<SwitchboardException> { client.createStream(CreateRequest.of(UserMessage.of("x"))).collect {} }, known)
                }
                server.respondJson(filter, 400)
                clean(shouldThrow<SwitchboardException> { client.create(CreateRequest.of(UserMessage.of("x"))) }, known)
            }
        }
    }
})
