package dev.switchboard

import dev.switchboard.TypedToolModels.NoArguments
import dev.switchboard.TypedToolModels.Place
import dev.switchboard.TypedToolModels.TemperatureUnit
import dev.switchboard.TypedToolModels.WeatherQuery
import dev.switchboard.replay.ReplayChatCompletionClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldEndWith
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.serializer

internal object TypedToolModels {
    @Serializable
    enum class TemperatureUnit { @SerialName("celsius") CELSIUS, @SerialName("fahrenheit") FAHRENHEIT }

    @Serializable
    data class Place(val city: String, @Description("ISO 3166 code") val country: String? = null)

    @Serializable
    @Description("The weather forecast for a place")
    data class WeatherQuery(
        val place: Place,
        val unit: TemperatureUnit = TemperatureUnit.CELSIUS,
        @Description("Days ahead, 1 to 14") val days: List<Int> = emptyList(),
        val alerts: Boolean? = null,
        val alternatives: List<Place>? = null,
    ) {
        init {
            require(days.all { it in 1..14 }) { "days must be between 1 and 14" }
        }
    }

    @Serializable
    data class NoArguments(val verbose: Boolean = false)
}

class TypedToolsTest : FunSpec({
    fun call(arguments: String) = FunctionCall("call_7", "get_weather", arguments)

    test("Tool.of<T> derives the strict schema of a nested class with enums, optionals and lists") {
        val tool = Tool.of<WeatherQuery>("get_weather")
        tool.name shouldBe "get_weather"
        tool.description shouldBe "The weather forecast for a place"
        tool.strict shouldBe true
        val place = """{"type":"object","properties":{"city":{"type":"string"},""" +
            """"country":{"type":["string","null"],"description":"ISO 3166 code"}},"required":["city","country"],"additionalProperties":false}"""
        tool.parameters shouldBe Json.parseToJsonElement(
            """{"type":"object","description":"The weather forecast for a place","properties":{""" +
                """"place":$place,""" +
                """"unit":{"type":"string","enum":["celsius","fahrenheit"]},""" +
                """"days":{"type":"array","items":{"type":"integer"},"description":"Days ahead, 1 to 14"},""" +
                """"alerts":{"type":["boolean","null"]},""" +
                """"alternatives":{"type":["array","null"],"items":$place}},""" +
                """"required":["place","unit","days","alerts","alternatives"],"additionalProperties":false}""",
        )
        tool.parameters shouldBe JsonSchemas.of(serializer<WeatherQuery>().descriptor)
    }

    test("an explicit description and strictness win over the class's") {
        val tool = Tool.of<WeatherQuery>("forecast", "Ask for a forecast", strict = false)
        tool.description shouldBe "Ask for a forecast"
        tool.strict shouldBe false
        Tool.of<NoArguments>("ping").description shouldBe null
        Tool.of("ping", null, NoArguments.serializer()).parameters shouldBe Tool.of<NoArguments>("ping").parameters
    }

    test("a type without a strict schema, and a bad name, are refused as the other factories refuse them") {
        shouldThrow<IllegalArgumentException> { Tool.of<Map<String, Int>>("lookup") }.message shouldContain "class or object"
        shouldThrow<IllegalArgumentException> { Tool.of<WeatherQuery>("get weather") }.message shouldContain "tool name"
    }

    test("call.arguments<T>() reads the arguments the model wrote") {
        val query = call("""{"place":{"city":"Oslo","country":"NO"},"unit":"fahrenheit","days":[1,2],"alerts":true,"alternatives":[{"city":"Bergen","country":null}]}""")
            .arguments<WeatherQuery>()
        query shouldBe WeatherQuery(Place("Oslo", "NO"), TemperatureUnit.FAHRENHEIT, listOf(1, 2), true, listOf(Place("Bergen")))
    }

    test("missing optional properties take their defaults, unknown ones are ignored, blank arguments read as {}") {
        call("""{"place":{"city":"Oslo"},"mood":"sunny"}""").arguments<WeatherQuery>() shouldBe WeatherQuery(Place("Oslo"))
        call("").arguments<NoArguments>() shouldBe NoArguments()
        call("  ").arguments(NoArguments.serializer()) shouldBe NoArguments()
    }

    test("a strict Json given by the caller is used") {
        val strict = Json { ignoreUnknownKeys = false }
        val e = shouldThrow<ToolArgumentsException> { call("""{"place":{"city":"Oslo"},"mood":"sunny"}""").arguments<WeatherQuery>(strict) }
        e.message shouldContain "mood"
    }

    test("arguments that are not JSON fail with a ToolArgumentsException naming the tool, the call and the type") {
        val e = shouldThrow<ToolArgumentsException> { call("""{"place":{"city":"Os""").arguments<WeatherQuery>() }
        e.toolName shouldBe "get_weather"
        e.callId shouldBe "call_7"
        e.message shouldContain "tool 'get_weather'"
        e.message shouldContain "call 'call_7'"
        e.message shouldContain "WeatherQuery"
        e.bodyExcerpt shouldBe """{"place":{"city":"Os"""
        e.isRetryable shouldBe false
        e.statusCode shouldBe 200
        e.cause.shouldBeInstanceOf<SerializationException>()
        e.shouldBeInstanceOf<SwitchboardException>()
    }

    test("JSON of another shape fails with what did not fit") {
        shouldThrow<ToolArgumentsException> { call("""{"unit":"celsius"}""").arguments<WeatherQuery>() }.message shouldContain "place"
        shouldThrow<ToolArgumentsException> { call("""{"place":{"city":"Oslo"},"unit":"kelvin"}""").arguments<WeatherQuery>() }
            .message shouldContain "kelvin"
        shouldThrow<ToolArgumentsException> { call("""{"place":{"city":"Oslo"},"days":"tomorrow"}""").arguments<WeatherQuery>() }
            .message shouldContain "days"
        shouldThrow<ToolArgumentsException> { call("""[1,2]""").arguments<WeatherQuery>() }.toolName shouldBe "get_weather"
    }

    test("a value the type's own checks reject fails the same way") {
        val e = shouldThrow<ToolArgumentsException> { call("""{"place":{"city":"Oslo"},"days":[30]}""").arguments<WeatherQuery>() }
        e.message shouldContain "days must be between 1 and 14"
        e.cause.shouldBeInstanceOf<IllegalArgumentException>()
    }

    test("secrets the model echoes are redacted from the message and the excerpt, and a long excerpt is cut") {
        val key = "sk-proj-" + "A1b2C3d4E5f6G7h8".repeat(3)
        val e = shouldThrow<ToolArgumentsException> {
            call("""{"place":{"city":"Oslo"},"unit":"$key","note":"${"x".repeat(300)}"}""").arguments<WeatherQuery>()
        }
        e.message shouldNotContain key
        e.bodyExcerpt!! shouldNotContain key
        e.bodyExcerpt!! shouldEndWith "…"
        e.bodyExcerpt!!.length shouldBe 201
        e.toString() shouldNotContain key
    }

    test("a round trip: the model calls the typed tool, the program reads the arguments and answers with the result") {
        val toolCall = FunctionCall("call_1", "get_weather", """{"place":{"city":"Oslo"},"days":[1]}""")
        val client = ReplayChatCompletionClient.builder()
            .result(CreateResult(listOf(Choice(0, FinishReason.TOOL_CALLS, "tool_calls", null, listOf(toolCall))), RequestUsage(20, 8)))
            .result(CreateResult.ofText("Oslo: 4 °C tomorrow.", FinishReason.STOP, RequestUsage(40, 6)))
            .build()
        client.use {
            val tool = Tool.of<WeatherQuery>("get_weather")
            val first = client.create(createRequest { user("Weather in Oslo tomorrow?"); tool(tool) })
            val calls = first.toolCalls
            calls.map { it.name } shouldBe listOf("get_weather")
            val query = calls.single().arguments<WeatherQuery>()
            query shouldBe WeatherQuery(Place("Oslo"), days = listOf(1))
            val answer = FunctionExecutionResult.of(calls.single().id, calls.single().name, "${query.place.city}: 4 °C")
            val second = client.create(createRequest {
                user("Weather in Oslo tomorrow?")
                tool(tool)
                message(first.toAssistantMessage())
                message(ToolResultMessage(listOf(answer)))
            })
            second.content shouldBe "Oslo: 4 °C tomorrow."
        }
    }
})
