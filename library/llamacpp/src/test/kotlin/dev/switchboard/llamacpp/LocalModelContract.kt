package dev.switchboard.llamacpp

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.FinishReason
import dev.switchboard.GuidedDecoding
import dev.switchboard.StructuredOutput
import dev.switchboard.Tool
import dev.switchboard.ToolChoice
import dev.switchboard.createRequest
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeIn
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeInRange
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.toList
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

@Serializable
data class Verdict(val answer: Boolean, val score: Int)

/**
 * What every GGUF model must do through this client, whatever its weights: the shape of results and streams, the
 * output limit, seeds, and above all constraints — under a grammar or a schema even noise must come out valid. Run on
 * the generated tiny model always, and on `SWITCHBOARD_GGUF_MODEL` when it is set.
 */
fun FunSpec.localModelContract(
    client: () -> LlamaCppChatCompletionClient,
    /** Applied to every constrained request: the tiny model bans whitespace there, or its noise pads JSON without end. */
    constrained: CreateRequest.Builder.() -> Unit = {},
) {
    fun ask(block: CreateRequest.Builder.() -> Unit = {}): CreateRequest = createRequest {
        system("You are terse.")
        user("Is the sky blue? Answer yes or no.")
        block()
    }

    test("create returns text, a finish reason and usage counting prompt and completion") {
        val result = client().create(ask { maxTokens(12); seed(3) })
        result.finishReason shouldBeIn listOf(FinishReason.STOP, FinishReason.LENGTH)
        result.usage.promptTokens shouldBeGreaterThan 10
        result.usage.completionTokens shouldBeInRange 1..12
        result.model shouldBe client().model
    }

    test("a stream is text deltas, then Completed with the same text and usage") {
        val events = client().createStream(ask { maxTokens(12); seed(4) }).toList()
        val completed = events.last().shouldBeInstanceOf<ChatStreamEvent.Completed>()
        events.dropLast(1).forEach { it.shouldBeInstanceOf<ChatStreamEvent.TextDelta>() }
        events.dropLast(1).joinToString("") { (it as ChatStreamEvent.TextDelta).text } shouldBe completed.result.content
        completed.result.usage.completionTokens shouldBeInRange 1..12
    }

    test("the same seed gives the same tokens") {
        val a = client().create(ask { maxTokens(16); seed(11); temperature(1.0) })
        val b = client().create(ask { maxTokens(16); seed(11); temperature(1.0) })
        b.content shouldBe a.content
        b.usage shouldBe a.usage
    }

    test("under the grammar root ::= \"yes\" | \"no\" the answer is yes or no, and ends with STOP") {
        for (seed in 1L..4L) {
            val result = client().create(ask { guidedDecoding(GuidedDecoding.grammar("root ::= \"yes\" | \"no\"")); seed(seed); maxTokens(8) })
            result.content shouldBeIn listOf("yes", "no")
            result.finishReason shouldBe FinishReason.STOP
        }
    }

    test("under choices the answer is one of them, streamed or not") {
        val choices = listOf("red", "green", "blue")
        client().create(ask { guidedDecoding(GuidedDecoding.choice(choices)); seed(5); maxTokens(8) }).content shouldBeIn choices
        val streamed = client().createStream(ask { guidedDecoding(GuidedDecoding.choice(choices)); seed(6); maxTokens(8) }).toList()
        (streamed.last() as ChatStreamEvent.Completed).result.content shouldBeIn choices
    }

    test("under a JSON schema the answer is JSON valid against it") {
        val schema = """{"type":"object","properties":{"name":{"type":"string","maxLength":6},"age":{"type":"integer"},
            "tags":{"type":"array","items":{"enum":["a","b"]},"maxItems":3}},"required":["name","age","tags"],"additionalProperties":false}"""
        for (seed in 1L..3L) {
            val result = client().create(ask { guidedDecoding(GuidedDecoding.jsonSchema(schema)); seed(seed); maxTokens(120); constrained() })
            withClue(result.content + " " + result.usage) { result.finishReason shouldBe FinishReason.STOP }
            val o = Json.parseToJsonElement(result.content!!).jsonObject
            o.keys shouldBe setOf("name", "age", "tags")
            o.getValue("name").jsonPrimitive.content.length shouldBeInRange 0..6
            o.getValue("age").jsonPrimitive.int
        }
    }

    test("structured output from a Kotlin class parses back into the class") {
        val result = client().create(ask { responseFormat(StructuredOutput.responseFormat(Verdict.serializer().descriptor)); seed(8); maxTokens(60); constrained() })
        withClue(result.content + " " + result.usage) { result.finishReason shouldBe FinishReason.STOP }
        StructuredOutput.parse(result, Verdict.serializer()).score
    }

    test("a required tool is called with arguments valid against its schema") {
        val tool = Tool("get_weather", "The weather in a city", Json.parseToJsonElement(
            """{"type":"object","properties":{"city":{"type":"string","maxLength":8}},"required":["city"],"additionalProperties":false}""",
        ).jsonObject)
        val result = client().create(createRequest {
            user("Weather in Oslo?"); tools(listOf(tool)); toolChoice(ToolChoice.Required); parallelToolCalls(false); seed(9); maxTokens(200); constrained()
        })
        withClue(result.content + " " + result.usage) { result.finishReason shouldBe FinishReason.TOOL_CALLS }
        result.toolCalls.size shouldBeGreaterThan 0
        result.toolCalls.forEach { call ->
            call.name shouldBe "get_weather"
            Json.parseToJsonElement(call.arguments).jsonObject.keys shouldBe setOf("city")
        }
    }

    test("concurrent calls on one model all complete, each as it would alone") {
        val alone = (20L..23L).map { client().create(ask { maxTokens(10); seed(it); temperature(1.0) }).content }
        val together = coroutineScope {
            (20L..23L).map { s -> async { client().create(ask { maxTokens(10); seed(s); temperature(1.0) }).content } }.awaitAll()
        }
        together shouldBe alone
    }
}
