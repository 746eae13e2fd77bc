package dev.switchboard

import dev.switchboard.StructuredOutputModels.Forecast
import dev.switchboard.StructuredOutputModels.Weather
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldEndWith
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationException
import kotlinx.serialization.Serializable
import kotlinx.serialization.builtins.serializer
import kotlinx.serialization.descriptors.PrimitiveKind
import kotlinx.serialization.descriptors.PrimitiveSerialDescriptor
import kotlinx.serialization.descriptors.buildClassSerialDescriptor
import kotlinx.serialization.encoding.Decoder
import kotlinx.serialization.encoding.Encoder
import kotlinx.serialization.json.Json

internal object StructuredOutputModels {
    @Serializable
    @Description("The weather in a city")
    data class Weather(val city: String, @Description("In °C") val temperature: Double, val sunny: Boolean = false)

    @Serializable
    data class Forecast(val days: List<Weather>)
}

class StructuredOutputTest : FunSpec({
    fun result(content: String?, finish: FinishReason = FinishReason.STOP, refusal: String? = null, calls: List<FunctionCall> = emptyList()) =
        CreateResult(
            listOf(Choice(0, finish, finish.name.lowercase(), content, calls, refusal)),
            RequestUsage(10, 5),
            id = "resp-1",
        )

    test("structuredOutput<T>() sets a strict JSON schema named after the class") {
        val request = createRequest { user("Weather in Oslo?"); structuredOutput<Weather>() }
        val format = request.responseFormat.shouldBeInstanceOf<ResponseFormat.JsonSchema>()
        format.name shouldBe "Weather"
        format.strict shouldBe true
        format.description shouldBe "The weather in a city"
        format.schema shouldBe JsonSchemas.of(Weather.serializer().descriptor)
        format.schema["required"].toString() shouldBe """["city","temperature","sunny"]"""
    }

    test("a given name and strict=false are kept; an invalid name is rejected") {
        val format = CreateRequest.builder().user("x").structuredOutput(Forecast.serializer(), "week_forecast", strict = false)
            .build().responseFormat.shouldBeInstanceOf<ResponseFormat.JsonSchema>()
        format.name shouldBe "week_forecast"
        format.strict shouldBe false
        format.description shouldBe null
        shouldThrow<IllegalArgumentException> { CreateRequest.builder().structuredOutput<Weather>("no spaces allowed") }
            .message shouldContain "no spaces allowed"
    }

    test("the default name is the serial name's simple part, sanitized") {
        val odd = object : KSerializer<String> {
            override val descriptor = buildClassSerialDescriptor("com.example.Odd Name!") {
                element("v", PrimitiveSerialDescriptor("v", PrimitiveKind.STRING))
            }
            override fun serialize(encoder: Encoder, value: String) = error("unused")
            override fun deserialize(decoder: Decoder): String = error("unused")
        }
        StructuredOutput.responseFormat(odd.descriptor).name shouldBe "Odd_Name_"
        StructuredOutput.schemaName(Weather.serializer().descriptor) shouldBe "Weather"
    }

    test("a type strict mode cannot express fails when the request is built, not when it is sent") {
        shouldThrow<IllegalArgumentException> { CreateRequest.builder().structuredOutput(String.serializer()) }
            .message shouldContain "class or object"
    }

    test("parse reads the answer, ignoring unknown keys") {
        val weather: Weather = result("""{"city":"Oslo","temperature":-3.5,"sunny":true,"extra":1}""").parse()
        weather shouldBe Weather("Oslo", -3.5, true)
        result("""{"days":[{"city":"A","temperature":1,"sunny":false}]}""").parse(Forecast.serializer()) shouldBe
            Forecast(listOf(Weather("A", 1.0)))
        StructuredOutput.parse(result("""{"city":"B","temperature":2.0,"sunny":false}"""), Weather.serializer()) shouldBe
            Weather("B", 2.0)
    }

    test("parse reads an answer wrapped in a Markdown code fence") {
        result("```json\n{\"city\":\"Oslo\",\"temperature\":1.0,\"sunny\":false}\n```").parse<Weather>() shouldBe Weather("Oslo", 1.0)
    }

    test("parse honours a given Json") {
        val strict = Json { ignoreUnknownKeys = false }
        val e = shouldThrow<ProtocolException> {
            result("""{"city":"Oslo","temperature":1.0,"sunny":false,"extra":1}""").parse(Weather.serializer(), strict)
        }
        e.message shouldContain "extra"
    }

    test("a refusal is a ProtocolException holding the refusal text") {
        val e = shouldThrow<ProtocolException> { result(null, FinishReason.REFUSAL, refusal = "I can't help with that.").parse<Weather>() }
        e.message shouldBe "The model refused to answer with Weather: I can't help with that."
        e.requestId shouldBe "resp-1"
    }

    test("tool calls instead of an answer are a ProtocolException naming the tools") {
        val e = shouldThrow<ProtocolException> {
            result(null, FinishReason.TOOL_CALLS, calls = listOf(FunctionCall("c1", "lookup", "{}"))).parse<Weather>()
        }
        e.message shouldContain "lookup"
        shouldThrow<ProtocolException> { result(null, FinishReason.CONTENT_FILTER).parse<Weather>() }
            .message shouldContain "CONTENT_FILTER"
    }

    test("output that does not match is a ProtocolException with an excerpt and the cause") {
        val e = shouldThrow<ProtocolException> { result("""{"city":"Oslo"}""").parse<Weather>() }
        e.message shouldContain "didn't match the schema of Weather"
        e.message shouldContain "temperature"
        e.message shouldContain """Output: {"city":"Oslo"}"""
        e.bodyExcerpt shouldBe """{"city":"Oslo"}"""
        e.cause.shouldBeInstanceOf<SerializationException>()
        e.message shouldNotContain "token limit"
    }

    test("malformed JSON cut off at the token limit says so, and long output is shortened") {
        val long = """{"city":"${"x".repeat(500)}"""
        val e = shouldThrow<ProtocolException> { result(long, FinishReason.LENGTH).parse<Weather>() }
        e.message shouldContain "cut off at the token limit"
        e.bodyExcerpt!!.length shouldBe 201
        e.bodyExcerpt shouldEndWith "…"
    }

    test("a value that is not an object is rejected") {
        shouldThrow<ProtocolException> { result("42").parse<Weather>() }.message shouldContain "Output: 42"
    }
})
