package dev.switchboard.langchain4j

import dev.langchain4j.agent.tool.P
import dev.langchain4j.data.message.AiMessage
import dev.langchain4j.data.message.ImageContent
import dev.langchain4j.data.message.TextContent
import dev.langchain4j.data.message.ToolExecutionResultMessage
import dev.langchain4j.model.chat.request.ChatRequest
import dev.langchain4j.model.chat.request.ResponseFormat as Lc4jResponseFormat
import dev.langchain4j.model.chat.request.ResponseFormatType
import dev.langchain4j.model.chat.request.json.JsonObjectSchema
import dev.langchain4j.model.chat.request.json.JsonSchema as Lc4jJsonSchema
import dev.langchain4j.model.chat.response.ChatResponse
import dev.langchain4j.model.chat.response.PartialResponse
import dev.langchain4j.model.chat.response.PartialResponseContext
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler
import dev.langchain4j.model.output.FinishReason as Lc4jFinishReason
import dev.langchain4j.service.AiServices
import dev.langchain4j.service.SystemMessage as SystemPrompt
import dev.langchain4j.service.TokenStream
import dev.switchboard.AssistantMessage
import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.Choice
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.ImagePart
import dev.switchboard.RateLimitException
import dev.switchboard.RequestUsage
import dev.switchboard.ResponseFormat
import dev.switchboard.StreamInterruptedException
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
import java.util.Collections
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import dev.langchain4j.agent.tool.Tool as LcTool
import dev.langchain4j.data.message.SystemMessage as LcSystemMessage
import dev.langchain4j.data.message.UserMessage as LcUserMessage

/** Records every request it forwards. */
internal class Capturing(delegate: ChatCompletionClient) : ForwardingChatCompletionClient(delegate) {
    val requests: MutableList<CreateRequest> = Collections.synchronizedList(ArrayList())
    override suspend fun create(request: CreateRequest): CreateResult = delegate.create(request.also { requests += it })
    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = delegate.createStream(request.also { requests += it })
}

interface WeatherAssistant {
    @SystemPrompt("You answer questions about the weather.")
    fun chat(question: String): String
}

interface StreamingAssistant {
    fun chat(question: String): TokenStream
}

class WeatherTools {
    val cities: MutableList<String> = Collections.synchronizedList(ArrayList())

    @LcTool("The current weather in a city")
    fun weather(@P(name = "city", value = "the city's name") city: String): String {
        cities += city
        return "sunny, 24 degrees"
    }
}

/** A client for tests that override the calls they make; its one recording is never taken. */
internal fun unusedClient(): ChatCompletionClient = ReplayChatCompletionClient.builder().model("m")
    .result(CreateResult.ofText("unused", FinishReason.STOP, RequestUsage.ZERO)).build()

private fun toolCallResult(call: FunctionCall) = CreateResult(
    listOf(Choice(0, FinishReason.TOOL_CALLS, "tool_calls", null, listOf(call))), RequestUsage(30, 9), id = "r1", model = "m",
)

class SwitchboardChatModelTest : FunSpec({
    test("an AiServices interface with a tool runs its tool loop through a Switchboard client") {
        val replay = ReplayChatCompletionClient.builder().model("m")
            .result(toolCallResult(FunctionCall("call_1", "weather", """{"city":"Paris"}""")))
            .result(CreateResult.ofText("It is sunny in Paris.", FinishReason.STOP, RequestUsage(50, 7)))
            .build()
        val client = Capturing(replay)
        val tools = WeatherTools()
        val assistant = AiServices.builder(WeatherAssistant::class.java)
            .chatModel(SwitchboardChatModel(client)).tools(tools).build()

        assistant.chat("What is the weather in Paris?") shouldBe "It is sunny in Paris."

        tools.cities shouldContainExactly listOf("Paris")
        client.requests.size shouldBe 2
        val first = client.requests[0]
        first.messages[0] shouldBe SystemMessage("You answer questions about the weather.")
        first.messages[1] shouldBe UserMessage.of("What is the weather in Paris?")
        first.tools.map { it.name } shouldContainExactly listOf("weather")
        first.tools[0].description shouldBe "The current weather in a city"
        first.tools[0].parameters["properties"]!!.jsonObject.keys shouldContainExactly setOf("city")
        val second = client.requests[1].messages
        second[2] shouldBe AssistantMessage(toolCalls = listOf(FunctionCall("call_1", "weather", """{"city":"Paris"}""")))
        val results = (second[3] as ToolResultMessage).results
        results.single().callId shouldBe "call_1"
        results.single().name shouldBe "weather"
        results.single().content shouldBe "sunny, 24 degrees"
    }

    test("a streaming AiServices interface hears the deltas and the final answer with usage and finish reason") {
        val final = CreateResult.ofText("Hello there", FinishReason.LENGTH, RequestUsage(5, 2))
        val replay = ReplayChatCompletionClient.builder().model("m")
            .stream(listOf(ChatStreamEvent.TextDelta("Hello"), ChatStreamEvent.TextDelta(" there"), ChatStreamEvent.Completed(final)))
            .build()
        val assistant = AiServices.builder(StreamingAssistant::class.java)
            .streamingChatModel(SwitchboardStreamingChatModel(replay)).build()
        val parts = Collections.synchronizedList(ArrayList<String>())
        val done = CompletableFuture<ChatResponse>()
        assistant.chat("hi").onPartialResponse { parts += it }.onCompleteResponse { done.complete(it) }
            .onError { done.completeExceptionally(it) }.start()
        val response = done.get(10, TimeUnit.SECONDS)
        parts shouldContainExactly listOf("Hello", " there")
        response.aiMessage().text() shouldBe "Hello there"
        response.finishReason() shouldBe Lc4jFinishReason.LENGTH
        response.tokenUsage().inputTokenCount() shouldBe 5
        response.tokenUsage().outputTokenCount() shouldBe 2
        response.tokenUsage().totalTokenCount() shouldBe 7
    }

    test("a streaming AiServices interface with a tool runs the tool from the streamed tool call") {
        val replay = ReplayChatCompletionClient.builder().model("m")
            .stream(toolCallResult(FunctionCall("call_2", "weather", """{"city":"Oslo"}""")).toStreamEvents())
            .stream(CreateResult.ofText("Sunny in Oslo.", FinishReason.STOP, RequestUsage(9, 3)).toStreamEvents())
            .build()
        val tools = WeatherTools()
        val assistant = AiServices.builder(StreamingAssistant::class.java)
            .streamingChatModel(SwitchboardStreamingChatModel(replay)).tools(tools).build()
        val done = CompletableFuture<ChatResponse>()
        assistant.chat("weather in Oslo?").onPartialResponse { }.onCompleteResponse { done.complete(it) }
            .onError { done.completeExceptionally(it) }.start()
        done.get(10, TimeUnit.SECONDS).aiMessage().text() shouldBe "Sunny in Oslo."
        tools.cities shouldContainExactly listOf("Oslo")
    }

    test("streamed tool calls reach the handler as partial and complete tool calls") {
        val replay = ReplayChatCompletionClient.builder().model("m")
            .stream(toolCallResult(FunctionCall("call_3", "weather", """{"city":"Rome"}""")).toStreamEvents()).build()
        val seen = Collections.synchronizedList(ArrayList<String>())
        val done = CompletableFuture<ChatResponse>()
        SwitchboardStreamingChatModel(replay).chat("hi", object : StreamingChatResponseHandler {
            override fun onPartialToolCall(partialToolCall: dev.langchain4j.model.chat.response.PartialToolCall) {
                seen += "partial ${partialToolCall.id()} ${partialToolCall.name()} ${partialToolCall.partialArguments()}"
            }
            override fun onCompleteToolCall(completeToolCall: dev.langchain4j.model.chat.response.CompleteToolCall) {
                seen += "complete ${completeToolCall.index()} ${completeToolCall.toolExecutionRequest().arguments()}"
            }
            override fun onCompleteResponse(completeResponse: ChatResponse) { done.complete(completeResponse) }
            override fun onError(error: Throwable) { done.completeExceptionally(error) }
        })
        done.get(10, TimeUnit.SECONDS).finishReason() shouldBe Lc4jFinishReason.TOOL_EXECUTION
        seen shouldContainExactly listOf("partial call_3 weather {\"city\":\"Rome\"}", "complete 0 {\"city\":\"Rome\"}")
    }

    test("cancelling through the StreamingHandle cancels the Switchboard flow and nothing more is heard") {
        val cause = CompletableFuture<Throwable?>()
        val client = object : ForwardingChatCompletionClient(unusedClient()) {
            override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
                emit(ChatStreamEvent.TextDelta("first"))
                awaitCancellation()
            }.onCompletion { cause.complete(it) }
        }
        val heard = Collections.synchronizedList(ArrayList<String>())
        SwitchboardStreamingChatModel(client).chat(
            ChatRequest.builder().messages(LcUserMessage.from("hi")).build(),
            object : StreamingChatResponseHandler {
                override fun onPartialResponse(partialResponse: PartialResponse, context: PartialResponseContext) {
                    heard += partialResponse.text()
                    context.streamingHandle().cancel()
                    context.streamingHandle().isCancelled shouldBe true
                }
                override fun onCompleteResponse(completeResponse: ChatResponse) { heard += "complete" }
                override fun onError(error: Throwable) { heard += "error" }
            },
        )
        cause.get(10, TimeUnit.SECONDS).shouldBeInstanceOf<CancellationException>()
        Thread.sleep(100)
        heard shouldContainExactly listOf("first")
    }

    test("a stream that ends without its result reaches onError as StreamInterruptedException") {
        val client = object : ForwardingChatCompletionClient(unusedClient()) {
            override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow { emit(ChatStreamEvent.TextDelta("half")) }
        }
        val error = CompletableFuture<Throwable>()
        SwitchboardStreamingChatModel(client).chat("hi", object : StreamingChatResponseHandler {
            override fun onCompleteResponse(completeResponse: ChatResponse) { error.complete(null) }
            override fun onError(error2: Throwable) { error.complete(error2) }
        })
        error.get(10, TimeUnit.SECONDS).shouldBeInstanceOf<StreamInterruptedException>()
    }

    test("a Switchboard failure reaches LangChain4j as its exception of the same kind, with the cause kept") {
        val failing = object : ForwardingChatCompletionClient(unusedClient()) {
            override suspend fun create(request: CreateRequest): CreateResult =
                throw RateLimitException("Too many requests", "test")
        }
        val e = shouldThrow<dev.langchain4j.exception.RateLimitException> { SwitchboardChatModel(failing).chat("hi") }
        e.cause.shouldBeInstanceOf<RateLimitException>()
    }

    test("messages, images, tool results and a JSON schema response format are translated") {
        val client = Capturing(ReplayChatCompletionClient.of(CreateResult.ofText("{}", FinishReason.STOP, RequestUsage.ZERO)))
        val schema = JsonObjectSchema.builder().addStringProperty("name").required("name").build()
        val request = ChatRequest.builder().messages(
            LcSystemMessage.from("sys"),
            LcUserMessage.from(TextContent.from("look"), ImageContent.from("https://example.com/a.png", ImageContent.DetailLevel.LOW),
                ImageContent.from("aGVsbG8=", "image/png")),
            AiMessage.from("calling", listOf(dev.langchain4j.agent.tool.ToolExecutionRequest.builder().id("c1").name("f").arguments("{}").build(),
                dev.langchain4j.agent.tool.ToolExecutionRequest.builder().id("c2").name("g").arguments("{\"a\":1}").build())),
            ToolExecutionResultMessage.from("c1", "f", "one"),
            ToolExecutionResultMessage.builder().id("c2").toolName("g").text("bad").isError(true).build(),
        ).temperature(0.5).maxOutputTokens(100).stopSequences(listOf("END"))
            .responseFormat(Lc4jResponseFormat.builder().type(ResponseFormatType.JSON)
                .jsonSchema(Lc4jJsonSchema.builder().name("person").rootElement(schema).build()).build())
            .build()
        SwitchboardChatModel(client, strictJsonSchema = true).chat(request).aiMessage().text() shouldBe "{}"
        val sent = client.requests.single()
        sent.messages.size shouldBe 4
        val user = sent.messages[1] as UserMessage
        (user.content[1] as ImagePart).image.url shouldBe "https://example.com/a.png"
        (user.content[2] as ImagePart).image.data()!!.decodeToString() shouldBe "hello"
        (sent.messages[2] as AssistantMessage).toolCalls.map { it.id } shouldContainExactly listOf("c1", "c2")
        val results = (sent.messages[3] as ToolResultMessage).results
        results.map { it.isError } shouldContainExactly listOf(false, true)
        sent.temperature shouldBe 0.5
        sent.maxTokens shouldBe 100
        sent.stop shouldContainExactly listOf("END")
        val format = sent.responseFormat.shouldBeInstanceOf<ResponseFormat.JsonSchema>()
        format.name shouldBe "person"
        format.strict shouldBe true
        format.schema["properties"]!!.jsonObject.keys shouldContainExactly setOf("name")
    }

    test("a request naming another model, or a part Switchboard cannot carry, fails with a clear message") {
        val model = SwitchboardChatModel(unusedClient())
        val e = shouldThrow<IllegalArgumentException> {
            model.chat(ChatRequest.builder().modelName("other").messages(LcUserMessage.from("hi")).build())
        }
        e.message!!.contains("'other'") shouldBe true
        shouldThrow<IllegalArgumentException> {
            model.chat(LcUserMessage.from(dev.langchain4j.data.message.AudioContent.from("aGVsbG8=", "audio/wav")))
        }.message!!.contains("AUDIO") shouldBe true
    }

    test("a tool-call answer gives LangChain4j the tool requests and TOOL_EXECUTION") {
        val replay = ReplayChatCompletionClient.of(toolCallResult(FunctionCall("id9", "weather", "{}")))
        val response = SwitchboardChatModel(replay).chat(LcUserMessage.from("hi"))
        response.finishReason() shouldBe Lc4jFinishReason.TOOL_EXECUTION
        response.aiMessage().toolExecutionRequests().single().id() shouldBe "id9"
        response.id() shouldBe "r1"
    }
})
