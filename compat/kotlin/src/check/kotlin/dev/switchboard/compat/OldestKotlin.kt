package dev.switchboard.compat

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.HttpOptions
import dev.switchboard.createRequest
import dev.switchboard.engine.java.JavaEngineProvider
import dev.switchboard.extraBody
import dev.switchboard.openai.OpenAiChatCompletionClient
import dev.switchboard.openai.OpenAiConfig
import kotlinx.serialization.json.put

/**
 * What a Kotlin program written from the README does, compiled by the oldest supported Kotlin compiler: it must
 * read the metadata of every jar it touches (core, a provider, an engine, coroutines, kotlinx.serialization, stdlib).
 * Compiled only, never run.
 */
suspend fun quickstart(): String {
    val config = OpenAiConfig.builder()
        .apiKey("sk-not-used")
        .httpOptions(HttpOptions.builder().engine(JavaEngineProvider).build())
        .build()
    OpenAiChatCompletionClient.create("gpt-4o-mini", config).use { client ->
        return ask(client)
    }
}

/** A create, a stream collected to its Completed event, and the request DSL. */
suspend fun ask(client: ChatCompletionClient): String {
    val request = createRequest {
        system("Be brief")
        user("Hello")
        maxTokens(50)
        extraBody("metadata") { put("trace", "compat") }
    }
    val answer = client.create(request)
    val streamed = StringBuilder()
    client.createStream(request).collect { event ->
        when (event) {
            is ChatStreamEvent.TextDelta -> streamed.append(event.text)
            is ChatStreamEvent.Completed -> streamed.append(" [").append(event.result.usage.completionTokens).append(']')
            else -> Unit
        }
    }
    return "${answer.content} / $streamed"
}
