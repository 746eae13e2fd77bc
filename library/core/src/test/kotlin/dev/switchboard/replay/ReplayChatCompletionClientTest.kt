package dev.switchboard.replay

import dev.switchboard.CapabilityMissingException
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.FunctionCall
import dev.switchboard.Image
import dev.switchboard.ImagePart
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.TextPart
import dev.switchboard.Tool
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
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import java.nio.file.Files
import java.time.Duration

@OptIn(ExperimentalCoroutinesApi::class)
class ReplayChatCompletionClientTest : FunSpec({
    val hi = CreateRequest.of(UserMessage.of("hi"))

    test("create returns the recorded results in order, adding up usage") {
        val client = ReplayChatCompletionClient.of(textResult("one", 10, 1), textResult("two", 20, 2), textResult("three", 30, 3))
        client.model shouldBe "gpt-test"
        client.modelInfo shouldBe ModelInfo.ALL_CAPABILITIES
        client.create(hi).content shouldBe "one"
        client.create(hi).content shouldBe "two"
        client.totalUsage shouldBe RequestUsage(30, 3)
        client.create(hi).content shouldBe "three"
        client.totalUsage shouldBe RequestUsage(60, 6)
        client.actualUsage shouldBe RequestUsage(60, 6)
        client.consumedCount shouldBe 3
        client.remainingCount shouldBe 0
    }

    test("results are never marked cached, even when recorded from a cache") {
        val client = ReplayChatCompletionClient.builder().results(listOf(fullResult(), fullResult())).build()
        val result = client.create(hi)
        result shouldBe fullResult().withCached(false)
        val completed = client.createStream(hi).toList().last() as ChatStreamEvent.Completed
        completed.result.cached shouldBe false
    }

    test("a stream recording is replayed event by event, exactly") {
        val events = streamEvents()
        val client = ReplayChatCompletionClient.builder().stream(events).build()
        client.createStream(hi).toList() shouldBe events
        client.totalUsage shouldBe RequestUsage(30, 12, reasoningTokens = 4)
    }

    test("a create recording consumed as a stream is turned into events") {
        val result = fullResult().withCached(false)
        val client = ReplayChatCompletionClient.of(result)
        val call1 = FunctionCall("call_1", "weather", """{"city":"Oslo"}""")
        val call2 = FunctionCall("call_2", "time", "")
        client.createStream(hi).toList() shouldBe listOf(
            ChatStreamEvent.ThoughtDelta("The user wants the weather.", 0),
            ChatStreamEvent.TextDelta("Let me check.", 0),
            ChatStreamEvent.ToolCallStart(0, "call_1", "weather", 0),
            ChatStreamEvent.ToolCallDelta(0, """{"city":"Oslo"}""", 0),
            ChatStreamEvent.ToolCallEnd(0, call1, 0),
            ChatStreamEvent.ToolCallStart(1, "call_2", "time", 0),
            ChatStreamEvent.ToolCallEnd(1, call2, 0),
            ChatStreamEvent.TextDelta("line one\nline \"two\" \u2713 \u0000 end", 2),
            ChatStreamEvent.Completed(result),
        )
    }

    test("a stream recording consumed by create gives its completed result") {
        val events = streamEvents()
        val client = ReplayChatCompletionClient.builder().stream(events).build()
        client.create(hi) shouldBe (events.last() as ChatStreamEvent.Completed).result
    }

    test("running out of recordings says how many were recorded and consumed") {
        val client = ReplayChatCompletionClient.of(textResult("a"), textResult("b"))
        client.create(hi)
        client.createStream(hi).toList()
        val e = shouldThrow<IllegalStateException> { client.create(hi) }
        e.message shouldContain "2 recorded, 2 consumed"
        shouldThrow<IllegalStateException> { client.createStream(hi).toList() }.message shouldContain "2 recorded, 2 consumed"
        client.consumedCount shouldBe 2
    }

    test("a stream takes its recording when collected, not when created") {
        val client = ReplayChatCompletionClient.of(textResult("a"), textResult("b"))
        val flow = client.createStream(hi)
        client.create(hi).content shouldBe "a"
        (flow.toList().last() as ChatStreamEvent.Completed).result.content shouldBe "b"
    }

    test("requests are checked against the model info before a recording is taken") {
        val textOnly = ModelInfo.builder().build()
        val client = ReplayChatCompletionClient.builder().modelInfo(textOnly).model("small").result(textResult("a")).build()
        val withImage = CreateRequest.of(UserMessage.of(TextPart("what is this?"), ImagePart(Image.fromUrl("https://example.com/a.png"))))
        val e = shouldThrow<CapabilityMissingException> { client.create(withImage) }
        e.capability shouldBe "vision"
        e.provider shouldBe "replay"
        e.message shouldContain "small"
        val withTool = createRequest { user("x"); tool(Tool.withoutParameters("now", "the time")) }
        shouldThrow<CapabilityMissingException> { client.createStream(withTool).toList() }.capability shouldBe "function_calling"
        client.remainingCount shouldBe 1
        client.create(hi).content shouldBe "a"
    }

    test("the event delay spaces out stream events") {
        runTest {
            val client = ReplayChatCompletionClient.builder().eventDelay(Duration.ofMillis(50)).stream(streamEvents()).build()
            val start = currentTime
            client.createStream(hi).toList().size shouldBe 10
            (currentTime - start) shouldBe 500L
        }
        shouldThrow<IllegalArgumentException> { ReplayChatCompletionClient.builder().eventDelay(Duration.ofMillis(-1)) }
    }

    test("concurrent calls each get a different recording") {
        val client = ReplayChatCompletionClient.of((0 until 200).map { textResult("$it", 1, 1) })
        val contents = withContext(Dispatchers.Default) {
            coroutineScope {
                (0 until 200).map { i ->
                    async {
                        if (i % 2 == 0) client.create(hi).content!!
                        else (client.createStream(hi).toList().last() as ChatStreamEvent.Completed).result.content!!
                    }
                }.awaitAll()
            }
        }
        contents shouldContainExactlyInAnyOrder (0 until 200).map { "$it" }
        client.totalUsage shouldBe RequestUsage(200, 200)
    }

    test("verifyMessageCount fails a call whose conversation differs from the recorded one") {
        val client = ReplayChatCompletionClient.builder().verifyMessageCount(true)
            .recording(Recording.Created(textResult("a"), "m", 2)).recording(Recording.Created(textResult("b"), "m", 2)).build()
        client.create(createRequest { system("s"); user("u") }).content shouldBe "a"
        shouldThrow<IllegalStateException> { client.create(hi) }.message shouldContain "was made for a request of 2 messages, but this request has 1"
    }

    test("model names: given, from the first recording, or 'replay'") {
        ReplayChatCompletionClient.builder().model("mine").result(textResult("a")).build().model shouldBe "mine"
        ReplayChatCompletionClient.builder().recording(Recording.Created(textResult("a"), "recorded-model")).build().model shouldBe
            "recorded-model"
        ReplayChatCompletionClient.of(textResult("a", model = null)).model shouldBe "replay"
    }

    test("an empty replay, a closed client and a stream without Completed are rejected") {
        shouldThrow<IllegalArgumentException> { ReplayChatCompletionClient.of(emptyList()) }.message shouldContain "at least one recording"
        val client = ReplayChatCompletionClient.of(textResult("a"))
        client.close()
        shouldThrow<IllegalStateException> { client.create(hi) }.message shouldContain "closed"
        shouldThrow<IllegalArgumentException> { ReplayChatCompletionClient.builder().stream(listOf(ChatStreamEvent.TextDelta("cut"))) }
            .message shouldContain "must end with a Completed event"
    }

    test("fromFile replays a file of both kinds in order") {
        val file = Files.createTempFile("replay", ".jsonl")
        ReplayFile.append(file, Recording.Created(textResult("first")))
        ReplayFile.append(file, Recording.Streamed(streamEvents()))
        val client = ReplayChatCompletionClient.fromFile(file)
        client.recordedCount shouldBe 2
        client.create(hi).content shouldBe "first"
        client.createStream(hi).toList() shouldBe streamEvents()
    }

    test("countTokens estimates and remainingTokens needs a context window") {
        val client = ReplayChatCompletionClient.builder()
            .modelInfo(ModelInfo.builder().contextWindow(1000).build()).result(textResult("a")).build()
        val messages = listOf(UserMessage.of("x".repeat(400)))
        client.countTokens(messages) shouldBe 104
        client.remainingTokens(messages) shouldBe 896
    }
})
