package dev.switchboard.springai

import dev.switchboard.AssistantMessage
import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.Choice
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.RateLimitException
import dev.switchboard.RequestUsage
import dev.switchboard.SystemMessage
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.replay.ReplayChatCompletionClient
import dev.switchboard.wrap.ForwardingChatCompletionClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.onCompletion
import kotlinx.serialization.json.jsonObject
import org.springframework.ai.chat.client.ChatClient
import org.springframework.ai.tool.annotation.Tool
import org.springframework.ai.tool.annotation.ToolParam
import java.time.Duration
import java.util.Collections
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

internal class Capturing(delegate: ChatCompletionClient) : ForwardingChatCompletionClient(delegate) {
    val requests: MutableList<CreateRequest> = Collections.synchronizedList(ArrayList())
    override suspend fun create(request: CreateRequest): CreateResult = delegate.create(request.also { requests += it })
    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = delegate.createStream(request.also { requests += it })
}

class WeatherTools {
    val cities: MutableList<String> = Collections.synchronizedList(ArrayList())

    @Tool(description = "The current weather in a city")
    fun weather(@ToolParam(description = "the city's name") city: String): String {
        cities += city
        return "sunny, 24 degrees"
    }
}

internal fun unusedClient(): ChatCompletionClient = ReplayChatCompletionClient.builder().model("m")
    .result(CreateResult.ofText("unused", FinishReason.STOP, RequestUsage.ZERO)).build()

private fun toolCall(args: String) = CreateResult(
    listOf(Choice(0, FinishReason.TOOL_CALLS, "tool_calls", null, listOf(FunctionCall("call_1", "weather", args)))),
    RequestUsage(30, 9), id = "r1", model = "m",
)

class SwitchboardSpringAiChatModelTest : FunSpec({
    test("ChatClient with a tool runs Spring AI's tool loop through a Switchboard client") {
        val client = Capturing(
            ReplayChatCompletionClient.builder().model("m").result(toolCall("""{"city":"Paris"}"""))
                .result(CreateResult.ofText("It is sunny in Paris.", FinishReason.STOP, RequestUsage(50, 7))).build(),
        )
        val tools = WeatherTools()
        val response = ChatClient.create(SwitchboardSpringAiChatModel(client)).prompt()
            .system("You answer questions about the weather.").user("What is the weather in Paris?")
            .tools(tools).call().chatResponse()!!

        response.result.output.text shouldBe "It is sunny in Paris."
        response.result.metadata.finishReason shouldBe "STOP"
        response.metadata.usage.promptTokens shouldBe 50
        val first = client.requests[0]
        first.messages[0] shouldBe SystemMessage("You answer questions about the weather.")
        first.messages[1] shouldBe UserMessage.of("What is the weather in Paris?")
        first.tools.single().name shouldBe "weather"
        first.tools.single().parameters["properties"]!!.jsonObject.keys shouldContainExactly setOf("city")
        val second = client.requests[1].messages
        second[2] shouldBe AssistantMessage(toolCalls = listOf(FunctionCall("call_1", "weather", """{"city":"Paris"}""")))
        val result = (second[3] as ToolResultMessage).results.single()
        result.callId shouldBe "call_1"
        result.content shouldBe "\"sunny, 24 degrees\""
        tools.cities shouldContainExactly listOf("Paris")
    }

    test("ChatClient streams the deltas, then a last chunk with finish reason and usage, and runs tools in the stream") {
        val final = CreateResult.ofText("Sunny in Paris", FinishReason.STOP, RequestUsage(5, 2))
        val client = ReplayChatCompletionClient.builder().model("m")
            .stream(toolCall("""{"city":"Paris"}""").toStreamEvents())
            .stream(listOf(ChatStreamEvent.TextDelta("Sunny"), ChatStreamEvent.TextDelta(" in Paris"), ChatStreamEvent.Completed(final)))
            .build()
        val tools = WeatherTools()
        val chunks = ChatClient.create(SwitchboardSpringAiChatModel(client)).prompt().user("weather?").tools(tools)
            .stream().chatResponse().collectList().block(Duration.ofSeconds(10))!!
        tools.cities shouldContainExactly listOf("Paris")
        chunks.map { it.result.output.text } shouldContainExactly listOf("Sunny", " in Paris", "")
        chunks.last().result.metadata.finishReason shouldBe "STOP"
        chunks.last().metadata.usage.totalTokens shouldBe 7
    }

    test("cancelling the subscription cancels the Switchboard flow") {
        val cause = CompletableFuture<Throwable?>()
        val client = object : ForwardingChatCompletionClient(unusedClient()) {
            override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
                emit(ChatStreamEvent.TextDelta("first"))
                awaitCancellation()
            }.onCompletion { cause.complete(it) }
        }
        val first = ChatClient.create(SwitchboardSpringAiChatModel(client)).prompt().user("hi").stream().content()
            .next().block(Duration.ofSeconds(10))
        first shouldBe "first"
        cause.get(10, TimeUnit.SECONDS).shouldBeInstanceOf<CancellationException>()
    }

    test("a stream without its result fails, and Switchboard's typed errors reach the caller") {
        val broken = object : ForwardingChatCompletionClient(unusedClient()) {
            override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow { emit(ChatStreamEvent.TextDelta("half")) }
            override suspend fun create(request: CreateRequest): CreateResult = throw RateLimitException("Too many requests", "test")
        }
        val chat = ChatClient.create(SwitchboardSpringAiChatModel(broken))
        shouldThrow<dev.switchboard.StreamInterruptedException> {
            chat.prompt().user("hi").stream().content().collectList().block(Duration.ofSeconds(10))
        }
        shouldThrow<RateLimitException> { chat.prompt().user("hi").call().content() }
    }

    test("a prompt naming another model fails with a clear message") {
        val chat = ChatClient.create(SwitchboardSpringAiChatModel(unusedClient()))
        val e = shouldThrow<IllegalArgumentException> {
            chat.prompt().user("hi").options(org.springframework.ai.chat.prompt.ChatOptions.builder().model("other").build()).call().content()
        }
        e.message!!.contains("'other'") shouldBe true
    }
})
