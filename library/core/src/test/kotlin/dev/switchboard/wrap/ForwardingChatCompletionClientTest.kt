package dev.switchboard.wrap

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.UserMessage
import dev.switchboard.replay.ReplayChatCompletionClient
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.mockk.coEvery
import io.mockk.every
import io.mockk.mockk
import io.mockk.verify
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList

class ForwardingChatCompletionClientTest : FunSpec({
    val hi = CreateRequest.of(UserMessage.of("hi"))
    val answer = CreateResult.ofText("hello", FinishReason.STOP, RequestUsage.of(2, 1))

    test("every member is the delegate's") {
        val delegate = mockk<ChatCompletionClient>(relaxed = true)
        val events = flowOf<ChatStreamEvent>(ChatStreamEvent.Completed(answer))
        every { delegate.model } returns "m-1"
        every { delegate.modelInfo } returns ModelInfo.ALL_CAPABILITIES
        every { delegate.provider } returns "acme"
        every { delegate.totalUsage } returns RequestUsage(7, 8)
        every { delegate.actualUsage } returns RequestUsage(1, 2)
        coEvery { delegate.create(hi) } returns answer
        every { delegate.createStream(hi) } returns events
        every { delegate.countTokens(hi.messages, emptyList()) } returns 42
        every { delegate.remainingTokens(hi.messages, emptyList()) } returns 958
        val client = object : ForwardingChatCompletionClient(delegate) {}
        client.model shouldBe "m-1"
        client.modelInfo shouldBe ModelInfo.ALL_CAPABILITIES
        client.provider shouldBe "acme"
        client.totalUsage shouldBe RequestUsage(7, 8)
        client.actualUsage shouldBe RequestUsage(1, 2)
        client.create(hi) shouldBeSameInstanceAs answer
        client.createStream(hi) shouldBeSameInstanceAs events
        client.countTokens(hi.messages) shouldBe 42
        client.countTokens(hi.messages, emptyList()) shouldBe 42
        client.remainingTokens(hi.messages) shouldBe 958
        client.close()
        verify(exactly = 1) { delegate.close() }
    }

    test("a wrapper overrides only what it changes, and its token counts serve both overloads") {
        val replay = ReplayChatCompletionClient.builder().model("r-1").result(answer).result(answer).build()
        val shouting = object : ForwardingChatCompletionClient(replay) {
            override suspend fun create(request: CreateRequest): CreateResult {
                val result = delegate.create(request)
                return CreateResult.ofText(result.content!!.uppercase(), FinishReason.STOP, result.usage)
            }

            override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = delegate.createStream(request).map {
                if (it is ChatStreamEvent.TextDelta) ChatStreamEvent.TextDelta(it.text.uppercase(), it.choiceIndex) else it
            }

            override fun countTokens(messages: List<dev.switchboard.LlmMessage>, tools: List<dev.switchboard.Tool>): Int = 1000
        }
        shouting.create(hi).content shouldBe "HELLO"
        shouting.createStream(hi).toList().first() shouldBe ChatStreamEvent.TextDelta("HELLO")
        shouting.countTokens(hi.messages) shouldBe 1000
        shouting.provider shouldBe "replay"
        shouting.model shouldBe "r-1"
        shouting.totalUsage shouldBe RequestUsage.of(4, 2)
    }

    test("provider defaults to custom for a client that does not name one") {
        val plain = object : ChatCompletionClient by ReplayChatCompletionClient.of(answer) {
            override val provider: String get() = super<ChatCompletionClient>.provider
        }
        plain.provider shouldBe "custom"
    }
})
