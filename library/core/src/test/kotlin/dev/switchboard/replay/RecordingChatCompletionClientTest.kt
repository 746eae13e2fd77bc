package dev.switchboard.replay

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.ModelInfo
import dev.switchboard.RateLimitException
import dev.switchboard.RequestUsage
import dev.switchboard.StreamInterruptedException
import dev.switchboard.UserMessage
import dev.switchboard.createRequest
import dev.switchboard.replay.ReplayFixtures.fullResult
import dev.switchboard.replay.ReplayFixtures.streamEvents
import dev.switchboard.replay.ReplayFixtures.textResult
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.mockk.coEvery
import io.mockk.every
import io.mockk.mockk
import io.mockk.verify
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withContext
import java.io.UncheckedIOException
import java.nio.file.Files
import java.nio.file.Path

class RecordingChatCompletionClientTest : FunSpec({
    val hi = CreateRequest.of(UserMessage.of("hi"))
    fun tempFile(): Path = Files.createTempDirectory("recording").resolve("calls.jsonl")
    fun lines(file: Path): List<String> = if (Files.exists(file)) Files.readAllLines(file).filter { it.isNotBlank() } else emptyList()

    test("recording creates and streams, then replaying the file, gives identical results and events") {
        val file = tempFile()
        val source = ReplayChatCompletionClient.builder().model("gpt-test")
            .result(fullResult()).stream(streamEvents()).result(textResult("last")).build()
        val recorder = RecordingChatCompletionClient(source, file)
        val first = recorder.create(hi)
        val streamed = recorder.createStream(hi).toList()
        val last = recorder.create(createRequest { system("s"); user("u") })
        lines(file).size shouldBe 3

        val replay = ReplayChatCompletionClient.fromFile(file)
        replay.model shouldBe "gpt-test"
        replay.create(hi) shouldBe first
        replay.createStream(hi).toList() shouldBe streamed
        replay.create(hi) shouldBe last
        streamed shouldBe streamEvents()
        ReplayFile.read(file).map { it.messageCount } shouldBe listOf(1, 1, 2)
        ReplayFile.read(file).map { it.model } shouldBe listOf("gpt-test", "gpt-test", "gpt-test")
    }

    test("nothing of the request is written but the model name and the message count") {
        val file = tempFile()
        val recorder = RecordingChatCompletionClient(ReplayChatCompletionClient.of(textResult("ok"), textResult("ok")), file)
        val request = createRequest {
            system("SECRET-SYSTEM-PROMPT")
            user("my password is hunter2")
            header("Authorization", "Bearer sk-live-secret")
            extraBodyJson("api_key", "\"sk-in-body\"")
        }
        recorder.create(request)
        recorder.createStream(request).toList()
        val text = Files.readString(file)
        for (secret in listOf("SECRET-SYSTEM-PROMPT", "hunter2", "sk-live-secret", "Authorization", "sk-in-body")) {
            text shouldNotContain secret
        }
        text shouldContain "\"messages\":2"
    }

    test("a stream that fails mid-way is not recorded, and the failure reaches the collector") {
        val file = tempFile()
        val failure = StreamInterruptedException("connection reset after 2 chunks", "openai")
        val delegate = mockk<ChatCompletionClient>(relaxed = true)
        every { delegate.model } returns "gpt-x"
        every { delegate.createStream(any()) } returns flow {
            emit(ChatStreamEvent.TextDelta("Hel"))
            emit(ChatStreamEvent.TextDelta("lo"))
            throw failure
        }
        val recorder = RecordingChatCompletionClient(delegate, file)
        val seen = ArrayList<ChatStreamEvent>()
        val e = shouldThrow<StreamInterruptedException> { recorder.createStream(hi).collect { seen += it } }
        e shouldBeSameInstanceAs failure
        seen shouldBe listOf(ChatStreamEvent.TextDelta("Hel"), ChatStreamEvent.TextDelta("lo"))
        lines(file) shouldBe emptyList()
    }

    test("a stream that ends without Completed, or is cancelled before it, is not recorded") {
        val file = tempFile()
        val delegate = mockk<ChatCompletionClient>(relaxed = true)
        every { delegate.model } returns "gpt-x"
        every { delegate.createStream(any()) } returns flow { emit(ChatStreamEvent.TextDelta("partial")) }
        val recorder = RecordingChatCompletionClient(delegate, file)
        recorder.createStream(hi).toList() shouldBe listOf(ChatStreamEvent.TextDelta("partial"))
        val full = RecordingChatCompletionClient(ReplayChatCompletionClient.builder().stream(streamEvents()).build(), file)
        full.createStream(hi).take(3).toList().size shouldBe 3
        lines(file) shouldBe emptyList()
    }

    test("a collector that stops at Completed still gets the stream recorded") {
        val file = tempFile()
        val recorder = RecordingChatCompletionClient(ReplayChatCompletionClient.builder().stream(streamEvents()).build(), file)
        recorder.createStream(hi).first { it is ChatStreamEvent.Completed }
        ReplayFile.read(file).single().events shouldBe streamEvents()
    }

    test("a failed create is not recorded and its exception passes through unchanged") {
        val file = tempFile()
        val failure = RateLimitException("slow down", "openai")
        val delegate = mockk<ChatCompletionClient>(relaxed = true)
        coEvery { delegate.create(any()) } throws failure
        val e = shouldThrow<RateLimitException> { RecordingChatCompletionClient(delegate, file).create(hi) }
        e shouldBeSameInstanceAs failure
        lines(file) shouldBe emptyList()
    }

    test("concurrent calls append whole lines") {
        val file = tempFile()
        val source = ReplayChatCompletionClient.of((0 until 100).map { textResult("answer $it " + "y".repeat(5000)) })
        val recorder = RecordingChatCompletionClient(source, file)
        withContext(Dispatchers.Default) {
            coroutineScope {
                (0 until 100).map { i -> async { if (i % 2 == 0) recorder.create(hi) else recorder.createStream(hi).toList() } }.awaitAll()
            }
        }
        val recordings = ReplayFile.read(file)
        recordings.map { it.result.content!!.substringBefore(" y") } shouldContainExactlyInAnyOrder (0 until 100).map { "answer $it" }
        recordings.count { it is Recording.Streamed } shouldBe 50
    }

    test("a recording that cannot be written fails the call loudly") {
        val dir = Files.createTempDirectory("recording")
        val recorder = RecordingChatCompletionClient(ReplayChatCompletionClient.of(textResult("a")), dir) // a directory, not a file
        shouldThrow<UncheckedIOException> { recorder.create(hi) }.message shouldContain "Could not append the recording"
    }

    test("model, capabilities, usage and token counts come from the delegate, and close closes it") {
        val delegate = mockk<ChatCompletionClient>(relaxed = true)
        every { delegate.model } returns "gpt-y"
        every { delegate.modelInfo } returns ModelInfo.ALL_CAPABILITIES
        every { delegate.totalUsage } returns RequestUsage(7, 8)
        every { delegate.actualUsage } returns RequestUsage(1, 2)
        every { delegate.countTokens(any(), any()) } returns 42
        every { delegate.remainingTokens(any(), any()) } returns 958
        val recorder = RecordingChatCompletionClient(delegate, tempFile())
        recorder.model shouldBe "gpt-y"
        recorder.modelInfo shouldBe ModelInfo.ALL_CAPABILITIES
        recorder.totalUsage shouldBe RequestUsage(7, 8)
        recorder.actualUsage shouldBe RequestUsage(1, 2)
        recorder.countTokens(hi.messages) shouldBe 42
        recorder.remainingTokens(hi.messages) shouldBe 958
        recorder.close()
        verify { delegate.close() }
    }
})
