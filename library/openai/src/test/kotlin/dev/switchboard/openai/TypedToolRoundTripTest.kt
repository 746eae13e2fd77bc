package dev.switchboard.openai

import dev.switchboard.Description
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.JsonSchemas
import dev.switchboard.Tool
import dev.switchboard.ToolArgumentsException
import dev.switchboard.ToolResultMessage
import dev.switchboard.arguments
import dev.switchboard.createRequest
import dev.switchboard.of
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.ktor.client.HttpClient
import io.ktor.client.engine.mock.MockEngine
import io.ktor.client.engine.mock.respond
import io.ktor.client.engine.mock.toByteArray
import io.ktor.http.HttpHeaders
import io.ktor.http.headersOf
import kotlinx.serialization.Serializable
import kotlinx.serialization.builtins.serializer
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.serializer
import java.util.concurrent.CopyOnWriteArrayList

@Serializable
@Description("Looks up the current weather")
internal data class CurrentWeather(val city: String, val unit: Scale = Scale.CELSIUS) {
    @Serializable
    enum class Scale { CELSIUS, FAHRENHEIT }
}

/** A typed tool through the OpenAI codec on a MockEngine: its schema goes out, the model's call comes back typed, the result goes out. */
class TypedToolRoundTripTest : FunSpec({
    val bodies = CopyOnWriteArrayList<JsonObject>()
    val answers = ArrayDeque<String>()
    val http = HttpClient(MockEngine { request ->
        bodies += Json.parseToJsonElement(request.body.toByteArray().decodeToString()).jsonObject
        respond(answers.removeFirst(), headers = headersOf(HttpHeaders.ContentType, "application/json"))
    })
    afterSpec { http.close() }
    beforeTest { bodies.clear(); answers.clear() }

    fun toolCallAnswer(arguments: String) =
        """{"id":"chatcmpl-t1","object":"chat.completion","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant",""" +
            """"content":null,"tool_calls":[{"id":"call_w1","type":"function","function":{"name":"current_weather",""" +
            """"arguments":${Json.encodeToString(String.serializer(), arguments)}}}]},"finish_reason":"tool_calls"}],""" +
            """"usage":{"prompt_tokens":30,"completion_tokens":12,"total_tokens":42}}"""
    val textAnswer =
        """{"id":"chatcmpl-t2","object":"chat.completion","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant",""" +
            """"content":"It is 21 °F in Oslo."},"finish_reason":"stop"}],"usage":{"prompt_tokens":50,"completion_tokens":9,"total_tokens":59}}"""

    fun client() = OpenAiChatCompletionClient.create(
        "gpt-4o",
        OpenAiConfig {
            apiKey = "sk-typed-tool-0123456789"
            httpOptions { httpClient = http; maxRetries = 0 }
        },
    )

    test("the schema goes out, the call's arguments come back typed, the result goes back") {
        answers += toolCallAnswer("""{"city":"Oslo","unit":"FAHRENHEIT"}""")
        answers += textAnswer
        client().use { c ->
            val tool = Tool.of<CurrentWeather>("current_weather")
            val ask = createRequest { user("How cold is Oslo, in °F?"); tool(tool) }
            val first = c.create(ask)
            val call = first.toolCalls.single()
            val weather = call.arguments<CurrentWeather>()
            weather shouldBe CurrentWeather("Oslo", CurrentWeather.Scale.FAHRENHEIT)
            val second = c.create(ask.newBuilder()
                .message(first.toAssistantMessage())
                .message(ToolResultMessage(listOf(FunctionExecutionResult.of(call.id, call.name, "21 °F in ${weather.city}"))))
                .build())
            second.content shouldBe "It is 21 °F in Oslo."
        }
        val function = bodies[0]["tools"]!!.jsonArray.single().jsonObject["function"]!!.jsonObject
        function["name"]!!.jsonPrimitive.content shouldBe "current_weather"
        function["description"]!!.jsonPrimitive.content shouldBe "Looks up the current weather"
        function["strict"]!!.jsonPrimitive.content shouldBe "true"
        function["parameters"] shouldBe JsonSchemas.of(serializer<CurrentWeather>().descriptor)
        val toolMessage = bodies[1]["messages"]!!.jsonArray.last().jsonObject
        toolMessage["role"]!!.jsonPrimitive.content shouldBe "tool"
        toolMessage["tool_call_id"]!!.jsonPrimitive.content shouldBe "call_w1"
        toolMessage["content"]!!.jsonPrimitive.content shouldBe "21 °F in Oslo"
    }

    test("arguments that do not fit become an error result the model can read") {
        answers += toolCallAnswer("""{"town":"Oslo"}""")
        client().use { c ->
            val call = c.create(createRequest { user("Weather?"); tool(Tool.of<CurrentWeather>("current_weather")) }).toolCalls.single()
            val e = shouldThrow<ToolArgumentsException> { call.arguments<CurrentWeather>() }
            e.toolName shouldBe "current_weather"
            e.callId shouldBe "call_w1"
            e.message shouldContain "city"
            FunctionExecutionResult.error(e.callId, e.toolName, e.message!!).isError shouldBe true
        }
    }
})
