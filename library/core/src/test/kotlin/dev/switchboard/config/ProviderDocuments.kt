package dev.switchboard.config

import dev.switchboard.ChatCompletionClient
import dev.switchboard.CreateRequest
import dev.switchboard.UserMessage
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

/** What the providers' configuration tests share: load a document against a [WireRecorder], call once, describe back. */
object ProviderDocuments {
    /** A loader reading only [env]. */
    fun loader(env: Map<String, String>): ConfigLoader = ConfigLoader.builder().environment(env).build()

    /** The loaded client's answer to "hi" and the last request it sent (a provider may ask about the model first), for the document [doc] made with the server's URL. */
    suspend fun call(answer: String, env: Map<String, String>, contentType: String = "application/json", doc: (url: String) -> String): Pair<String, WireRecorder.Request> =
        WireRecorder(answer, contentType).use { wire ->
            loader(env).loadJson(doc(wire.url)).use { client ->
                val text = client.create(CreateRequest.of(UserMessage.of("hi"))).content.toString()
                text to wire.requests.last()
            }
        }

    /**
     * Checks that [client] is described without [secret] (as `${[variable]}` where it had a key) and that the
     * description loads back into a client of the same model, provider and endpoint.
     */
    fun describesWithoutSecret(client: ChatCompletionClient, secret: String, variable: String?, env: Map<String, String>) {
        val text = Switchboard.describeJson(client)
        text shouldNotContain secret
        if (variable != null) text shouldContain "\"\${$variable}\""
        loader(env).load(Switchboard.describe(client)).use { again ->
            again.model shouldBe client.model
            again.provider shouldBe client.provider
            again.endpoint shouldBe client.endpoint
        }
    }

    /** The message of the [ConfigException] loading [doc] with [env] throws. */
    fun failure(doc: String, env: Map<String, String> = emptyMap()): String =
        io.kotest.assertions.throwables.shouldThrow<ConfigException> { loader(env).loadJson(doc) }.message!!
}
