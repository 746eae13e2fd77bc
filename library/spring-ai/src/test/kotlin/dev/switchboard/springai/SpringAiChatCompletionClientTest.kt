package dev.switchboard.springai

import dev.switchboard.ApiException
import dev.switchboard.AssistantMessage
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.FunctionExecutionResult
import dev.switchboard.RequestUsage
import dev.switchboard.StreamInterruptedException
import dev.switchboard.Tool
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.createRequest
import dev.switchboard.replay.ReplayChatCompletionClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import org.springframework.ai.chat.messages.ToolResponseMessage
import org.springframework.ai.chat.metadata.ChatGenerationMetadata
import org.springframework.ai.chat.metadata.ChatResponseMetadata
import org.springframework.ai.chat.metadata.DefaultUsage
import org.springframework.ai.chat.model.ChatModel
import org.springframework.ai.chat.model.ChatResponse
import org.springframework.ai.chat.model.Generation
import org.springframework.ai.chat.prompt.Prompt
import org.springframework.ai.model.tool.ToolCallingChatOptions
import reactor.core.publisher.Flux
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import org.springframework.ai.chat.messages.AssistantMessage as SpringAssistant

private fun response(text: String, finish: String, usage: DefaultUsage?, calls: List<SpringAssistant.ToolCall> = emptyList()) = ChatResponse(
    listOf(Generation(SpringAssistant.builder().content(text).toolCalls(calls).build(), ChatGenerationMetadata.builder().finishReason(finish).build())),
    ChatResponseMetadata.builder().id("s1").model("spring-model").apply { if (usage != null) usage(usage) }.build(),
)

private class ScriptedSpringModel(val answer: ChatResponse, val chunks: Flux<ChatResponse> = Flux.empty()) : ChatModel {
    val prompts = ArrayList<Prompt>()
    override fun call(prompt: Prompt): ChatResponse = answer.also { prompts += prompt }
    override fun stream(prompt: Prompt): Flux<ChatResponse> = chunks.doOnSubscribe { prompts += prompt }
}

class SpringAiChatCompletionClientTest : FunSpec({
    test("create sends messages and tools (not run by Spring AI) and maps the answer back") {
        val call = SpringAssistant.ToolCall("c9", "function", "lookup", """{"q":"x"}""")
        val spring = ScriptedSpringModel(response("", "tool_calls", DefaultUsage(12, 4), listOf(call)))
        val client = SpringAiChatCompletionClient.of(spring, "spring-model")
        val result = client.create(createRequest {
            system("sys")
            user("hi")
            message(AssistantMessage(toolCalls = listOf(FunctionCall("c1", "lookup", "{}"))))
            message(ToolResultMessage.of(FunctionExecutionResult.of("c1", "lookup", "found")))
            tool(Tool.of("lookup", "looks up", """{"type":"object","properties":{"q":{"type":"string"}}}"""))
            temperature(0.3)
        })
        result.finishReason shouldBe FinishReason.TOOL_CALLS
        result.toolCalls shouldContainExactly listOf(FunctionCall("c9", "lookup", """{"q":"x"}"""))
        result.usage shouldBe RequestUsage(12, 4)
        client.totalUsage shouldBe RequestUsage(12, 4)
        val prompt = spring.prompts.single()
        prompt.instructions.size shouldBe 4
        (prompt.instructions[3] as ToolResponseMessage).responses.single().responseData() shouldBe "found"
        val options = prompt.options as ToolCallingChatOptions
        options.internalToolExecutionEnabled shouldBe false
        options.toolCallbacks.single().toolDefinition.name() shouldBe "lookup"
        options.temperature shouldBe 0.3
    }

    test("what Spring AI's portable options cannot carry fails instead of being dropped") {
        val client = SpringAiChatCompletionClient.of(ScriptedSpringModel(response("x", "stop", null)), "m")
        shouldThrow<IllegalArgumentException> { client.create(createRequest { user("hi"); jsonOutput() }) }
            .message!!.contains("responseFormat") shouldBe true
    }

    test("a stream is cold, carries the deltas and ends with Completed; an error or an empty Flux fails it") {
        val chunks = Flux.just(response("Hel", "", null), response("lo", "stop", DefaultUsage(3, 2)))
        val spring = ScriptedSpringModel(response("", "stop", null), chunks)
        val client = SpringAiChatCompletionClient.of(spring, "m")
        val flow = client.createStream(CreateRequest.of(UserMessage.of("hi")))
        spring.prompts.size shouldBe 0
        val events = flow.toList()
        events.take(2) shouldContainExactly listOf(ChatStreamEvent.TextDelta("Hel"), ChatStreamEvent.TextDelta("lo"))
        val result = (events.last() as ChatStreamEvent.Completed).result
        result.content shouldBe "Hello"
        result.finishReason shouldBe FinishReason.STOP
        result.usage shouldBe RequestUsage(3, 2)

        val failing = SpringAiChatCompletionClient.of(ScriptedSpringModel(response("", "stop", null), Flux.error(IllegalStateException("boom"))), "m")
        shouldThrow<ApiException> { failing.createStream(CreateRequest.of(UserMessage.of("hi"))).toList() }.cause!!.message shouldBe "boom"
        val empty = SpringAiChatCompletionClient.of(ScriptedSpringModel(response("", "stop", null)), "m")
        shouldThrow<StreamInterruptedException> { empty.createStream(CreateRequest.of(UserMessage.of("hi"))).toList() }
    }

    test("cancelling the collector cancels the Flux subscription") {
        val cancelled = CompletableFuture<Boolean>()
        val ticks = Flux.interval(Duration.ofMillis(5)).map { response("tick", "", null) }.doOnCancel { cancelled.complete(true) }
        val client = SpringAiChatCompletionClient.of(ScriptedSpringModel(response("", "stop", null), ticks), "m")
        client.createStream(CreateRequest.of(UserMessage.of("hi"))).first() shouldBe ChatStreamEvent.TextDelta("tick")
        cancelled.get(10, TimeUnit.SECONDS) shouldBe true
    }

    test("both directions compose: Switchboard through Spring AI and back keeps the answer") {
        val replay = ReplayChatCompletionClient.of(CreateResult.ofText("round trip", FinishReason.LENGTH, RequestUsage(2, 2)))
        val back = SpringAiChatCompletionClient.of(SwitchboardSpringAiChatModel(replay), "m")
        val result = back.create(CreateRequest.of(UserMessage.of("hi")))
        result.content shouldBe "round trip"
        result.finishReason shouldBe FinishReason.LENGTH
        result.usage shouldBe RequestUsage(2, 2)
    }
})
