package dev.switchboard.readme

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.RequestUsage
import dev.switchboard.replay.ReplayChatCompletionClient
import dev.switchboard.wrap.ForwardingChatCompletionClient
import dev.switchboard.wrap.StreamObserver
import dev.switchboard.wrap.observe
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldMatch
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.toList
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.time.Duration

// README.md "Writing a wrapper" begins
class TimingClient(delegate: ChatCompletionClient) : ForwardingChatCompletionClient(delegate) {
    private val timing = object : StreamObserver {
        override fun onFirstEvent(elapsed: Duration) = println("first event after ${elapsed.toMillis()} ms")
        override suspend fun onCompleted(result: CreateResult, elapsed: Duration) =
            println("${result.usage.completionTokens} tokens in ${elapsed.toMillis()} ms")
    }

    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> =
        delegate.createStream(request).observe(provider, timing)
}
// README.md "Writing a wrapper" ends

/** The Kotlin wrapper of README.md's "Writing a wrapper", run around a replay and checked to be the README's text. */
class ReadmeWrapperExampleTest : FunSpec({
    test("the timing wrapper prints the time to the first event and the tokens, and passes the stream on") {
        val replay = ReplayChatCompletionClient.of(CreateResult.ofText("Hello", FinishReason.STOP, RequestUsage.of(4, 7)))
        val original = System.out
        val captured = ByteArrayOutputStream()
        System.setOut(PrintStream(captured, true, Charsets.UTF_8))
        val events = try {
            TimingClient(replay).createStream(CreateRequest.of(dev.switchboard.UserMessage.of("Hi"))).toList()
        } finally {
            System.setOut(original)
        }
        (events.last() as ChatStreamEvent.Completed).result.content shouldBe "Hello"
        val printed = captured.toString(Charsets.UTF_8).lines().filter { it.isNotEmpty() }
        printed.size shouldBe 2
        printed[0] shouldMatch Regex("first event after \\d+ ms")
        printed[1] shouldMatch Regex("7 tokens in \\d+ ms")
    }

    test("the example here is the README's") {
        ReadmeText.kotlinBlock("Writing a wrapper") shouldBe
            ReadmeText.marked("library/core/src/test/kotlin/dev/switchboard/readme/ReadmeWrapperExampleTest.kt", "Writing a wrapper")
    }
})
