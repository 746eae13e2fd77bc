package dev.switchboard.langchain4j

import dev.langchain4j.agent.tool.ToolExecutionRequest
import dev.langchain4j.data.message.AiMessage
import dev.langchain4j.data.message.ToolExecutionResultMessage
import dev.langchain4j.model.chat.ChatModel
import dev.langchain4j.model.chat.StreamingChatModel
import dev.langchain4j.model.chat.request.ChatRequest
import dev.langchain4j.model.chat.request.ResponseFormatType
import dev.langchain4j.model.chat.request.json.JsonObjectSchema
import dev.langchain4j.model.chat.response.ChatResponse
import dev.langchain4j.model.chat.response.CompleteToolCall
import dev.langchain4j.model.chat.response.PartialResponse
import dev.langchain4j.model.chat.response.PartialResponseContext
import dev.langchain4j.model.chat.response.PartialToolCall
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler
import dev.langchain4j.model.chat.response.StreamingHandle
import dev.langchain4j.model.output.FinishReason as Lc4jFinishReason
import dev.langchain4j.model.output.TokenUsage
import dev.switchboard.AssistantMessage
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.RateLimitException
import dev.switchboard.RequestUsage
import dev.switchboard.ResponseFormat
import dev.switchboard.Tool
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.createRequest
import dev.switchboard.replay.ReplayChatCompletionClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.concurrent.thread

private class RecordingChatModel(val answer: ChatResponse) : ChatModel {
    val requests = ArrayList<ChatRequest>()
    override fun doChat(chatRequest: ChatRequest): ChatResponse = answer.also { requests += chatRequest }
}

/** A streaming model that answers on its own thread, as LangChain4j's HTTP-backed models do. */
private class ScriptedStreamingModel(val script: (StreamingChatResponseHandler) -> Unit) : StreamingChatModel {
    val calls = AtomicInteger()
    override fun doChat(chatRequest: ChatRequest, handler: StreamingChatResponseHandler) {
        calls.incrementAndGet()
        thread { script(handler) }
    }
}

class LangChain4jChatCompletionClientTest : FunSpec({
    val answer = ChatResponse.builder().aiMessage(AiMessage.from("Bonjour")).id("x1").modelName("lc-model")
        .tokenUsage(TokenUsage(11, 3)).finishReason(Lc4jFinishReason.STOP).build()

    test("create sends messages, tools and the response format to the ChatModel and maps its answer back") {
        val lc = RecordingChatModel(answer)
        val client = LangChain4jChatCompletionClient.of(lc, "lc-model")
        val request = createRequest {
            system("be brief")
            message(UserMessage.of("hi"))
            message(AssistantMessage(toolCalls = listOf(FunctionCall("c1", "lookup", """{"q":"x"}"""))))
            message(ToolResultMessage.of(FunctionExecutionResult.of("c1", "lookup", "found"), FunctionExecutionResult.error("c2", "lookup", "boom")))
            tool(Tool.of("lookup", "looks up", """{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}"""))
            responseFormat(ResponseFormat.jsonSchema("out", """{"type":"object","properties":{"a":{"type":"integer"}}}"""))
            maxTokens(64)
        }
        val result = client.create(request)
        result.content shouldBe "Bonjour"
        result.finishReason shouldBe FinishReason.STOP
        result.usage shouldBe RequestUsage(11, 3)
        result.id shouldBe "x1"
        client.totalUsage shouldBe RequestUsage(11, 3)

        val sent = lc.requests.single()
        sent.messages().size shouldBe 5
        (sent.messages()[2] as AiMessage).toolExecutionRequests().single().arguments() shouldBe """{"q":"x"}"""
        val errorResult = sent.messages()[4] as ToolExecutionResultMessage
        errorResult.id() shouldBe "c2"
        errorResult.isError() shouldBe true
        val spec = sent.toolSpecifications().single()
        spec.name() shouldBe "lookup"
        spec.parameters().properties().keys shouldContainExactly setOf("q")
        spec.parameters().required() shouldContainExactly listOf("q")
        sent.responseFormat().type() shouldBe ResponseFormatType.JSON
        sent.responseFormat().jsonSchema().name() shouldBe "out"
        (sent.responseFormat().jsonSchema().rootElement() as JsonObjectSchema).properties().keys shouldContainExactly setOf("a")
        sent.maxOutputTokens() shouldBe 64
    }

    test("what a LangChain4j ChatRequest cannot carry fails instead of being dropped") {
        val client = LangChain4jChatCompletionClient.of(RecordingChatModel(answer), "lc-model")
        val e = shouldThrow<IllegalArgumentException> { client.create(createRequest { user("hi"); seed(7) }) }
        e.message!!.contains("seed") shouldBe true
    }

    test("a stream is cold, carries text and tool calls in order, and ends with Completed") {
        val model = ScriptedStreamingModel { h ->
            h.onPartialResponse(PartialResponse("Let me "), PartialResponseContext(NoHandle))
            h.onPartialResponse(PartialResponse("check."), PartialResponseContext(NoHandle))
            h.onPartialToolCall(PartialToolCall.builder().index(0).id("t1").name("lookup").partialArguments("{\"q\":").build())
            h.onPartialToolCall(PartialToolCall.builder().index(0).id("t1").name("lookup").partialArguments("\"x\"}").build())
            val req = ToolExecutionRequest.builder().id("t1").name("lookup").arguments("{\"q\":\"x\"}").build()
            h.onCompleteToolCall(CompleteToolCall(0, req))
            h.onCompleteResponse(
                ChatResponse.builder().aiMessage(AiMessage.from("Let me check.", listOf(req)))
                    .tokenUsage(TokenUsage(4, 6)).finishReason(Lc4jFinishReason.TOOL_EXECUTION).build(),
            )
        }
        val client = LangChain4jChatCompletionClient.builder().streamingChatModel(model).model("s").build()
        val flow = client.createStream(CreateRequest.of(UserMessage.of("hi")))
        model.calls.get() shouldBe 0
        val events = flow.toList()
        model.calls.get() shouldBe 1
        events.map { it.javaClass.simpleName } shouldContainExactly listOf(
            "TextDelta", "TextDelta", "ToolCallStart", "ToolCallDelta", "ToolCallDelta", "ToolCallEnd", "Completed",
        )
        (events[5] as ChatStreamEvent.ToolCallEnd).call shouldBe FunctionCall("t1", "lookup", "{\"q\":\"x\"}")
        val result = (events.last() as ChatStreamEvent.Completed).result
        result.finishReason shouldBe FinishReason.TOOL_CALLS
        result.usage shouldBe RequestUsage(4, 6)
        result.model shouldBe "s"
        // create over a streaming model alone collects the stream.
        client.create(CreateRequest.of(UserMessage.of("again"))).content shouldBe "Let me check."
    }

    test("a model's onError ends the stream with Switchboard's typed error") {
        val model = ScriptedStreamingModel { h ->
            h.onPartialResponse(PartialResponse("par"), PartialResponseContext(NoHandle))
            h.onError(dev.langchain4j.exception.RateLimitException("slow down"))
        }
        val client = LangChain4jChatCompletionClient.builder().streamingChatModel(model).model("s").provider("acme").build()
        val seen = ArrayList<ChatStreamEvent>()
        val e = shouldThrow<RateLimitException> { client.createStream(CreateRequest.of(UserMessage.of("hi"))).collect { seen += it } }
        e.provider shouldBe "acme"
        e.statusCode shouldBe 429
        seen.single() shouldBe ChatStreamEvent.TextDelta("par")
    }

    test("cancelling the collector cancels the LangChain4j stream through its handle") {
        val cancelled = CompletableFuture<Boolean>()
        val handle = object : StreamingHandle {
            @Volatile var c = false
            override fun cancel() { c = true; cancelled.complete(true) }
            override fun isCancelled(): Boolean = c
        }
        val model = ScriptedStreamingModel { h ->
            while (!handle.isCancelled) {
                h.onPartialResponse(PartialResponse("tick"), PartialResponseContext(handle))
                Thread.sleep(5)
            }
        }
        val client = LangChain4jChatCompletionClient.builder().streamingChatModel(model).model("s").build()
        client.createStream(CreateRequest.of(UserMessage.of("hi"))).first() shouldBe ChatStreamEvent.TextDelta("tick")
        cancelled.get(10, TimeUnit.SECONDS) shouldBe true
    }

    test("both directions compose: a Switchboard client through LangChain4j and back keeps the answer") {
        val replay = ReplayChatCompletionClient.of(
            dev.switchboard.CreateResult.ofText("round trip", FinishReason.LENGTH, RequestUsage(2, 2)),
        )
        val back = LangChain4jChatCompletionClient.of(SwitchboardChatModel(replay), "m")
        val result = back.create(CreateRequest.of(UserMessage.of("hi")))
        result.content shouldBe "round trip"
        result.finishReason shouldBe FinishReason.LENGTH
        result.usage shouldBe RequestUsage(2, 2)
    }
})

private object NoHandle : StreamingHandle {
    override fun cancel() {}
    override fun isCancelled(): Boolean = false
}
