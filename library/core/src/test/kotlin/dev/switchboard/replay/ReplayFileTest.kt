package dev.switchboard.replay

import dev.switchboard.ContentFilterResult
import dev.switchboard.ChatStreamEvent
import dev.switchboard.FinishReason
import dev.switchboard.replay.ReplayFixtures.fullResult
import dev.switchboard.replay.ReplayFixtures.streamEvents
import dev.switchboard.replay.ReplayFixtures.textResult
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.net.URLClassLoader
import java.nio.file.Files
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

class ReplayFileTest : FunSpec({
    test("a create recording survives encode and decode with every field") {
        val recording = Recording.Created(fullResult(), "gpt-4o", 3)
        val line = ReplayFile.encode(recording)
        line shouldNotContain "\n"
        val decoded = ReplayFile.decode(line)
        decoded shouldBe recording
        decoded.result.cached shouldBe true
        decoded.result.choices[0].logprobs!![1].logprob shouldBe Double.NEGATIVE_INFINITY
        decoded.result.choices[1].logprobs shouldBe emptyList()
        decoded.result.choices[2].logprobs shouldBe null
        decoded.result.choices[2].rawFinishReason shouldBe "content_filter"
        decoded.result.choices[2].contentFilter[0].severity shouldBe "high"
        decoded.result.promptFilter shouldBe listOf(ContentFilterResult("hate", false, "safe"))
        decoded.result.choices[0].logprobs!![1].bytes shouldBe null
    }

    test("a stream recording survives encode and decode, every event kind and choice index") {
        val recording = Recording.Streamed(streamEvents(), "gpt-test", 1)
        ReplayFile.decode(ReplayFile.encode(recording)) shouldBe recording
        val withFull = Recording.Streamed(listOf(ChatStreamEvent.TextDelta("x", 2), ChatStreamEvent.Completed(fullResult())))
        ReplayFile.decode(ReplayFile.encode(withFull)) shouldBe withFull
    }

    test("a tool call's signature (Gemini's thoughtSignature) survives encode and decode; a call without one writes none") {
        val signed = dev.switchboard.FunctionCall("call_1", "get_weather", "{}", "c2lnbmF0dXJl")
        val result = dev.switchboard.CreateResult(
            listOf(dev.switchboard.Choice(0, FinishReason.TOOL_CALLS, "STOP", null, listOf(signed, dev.switchboard.FunctionCall("call_2", "t", "{}")))),
            dev.switchboard.RequestUsage(1, 1),
        )
        val line = ReplayFile.encode(Recording.Created(result, "m", 1))
        line shouldContain "\"signature\":\"c2lnbmF0dXJl\""
        line.split("signature").size shouldBe 2
        val decoded = ReplayFile.decode(line).shouldBeInstanceOf<Recording.Created>()
        decoded.result.toolCalls[0].signature shouldBe "c2lnbmF0dXJl"
        decoded.result.toolCalls[1].signature shouldBe null
        signed.toString() shouldNotContain "c2lnbmF0dXJl"
    }

    test("the line format is versioned and names its kind") {
        ReplayFile.encode(Recording.Created(textResult("Hi", model = null), "m", 2)) shouldBe
            """{"v":1,"kind":"create","model":"m","messages":2,"result":{"choices":[{"index":0,"finish_reason":"STOP",""" +
            """"raw_finish_reason":"stop","content":"Hi"}],"usage":{"prompt":10,"completion":5}}}"""
        val stream = Json.parseToJsonElement(ReplayFile.encode(Recording.Streamed(streamEvents()))).jsonObject
        stream["v"]!!.jsonPrimitive.int shouldBe 1
        stream["kind"]!!.jsonPrimitive.content shouldBe "stream"
        stream["events"].toString() shouldContain """{"type":"text","text":"Hel"}"""
        stream["events"].toString() shouldContain """{"type":"text","text":"other choice","choice":1}"""
    }

    test("an unknown version, kind or missing part is a clear error with the line number") {
        shouldThrow<IllegalArgumentException> { ReplayFile.decode("""{"v":2,"kind":"create"}""") }
            .message shouldContain "version 2 is not supported"
        shouldThrow<IllegalArgumentException> { ReplayFile.decode("""{"v":1,"kind":"embed"}""") }
            .message shouldContain "Unknown recording kind 'embed'"
        shouldThrow<IllegalArgumentException> { ReplayFile.decode("""{"v":1,"kind":"create"}""") }
            .message shouldContain "needs a 'result'"
        shouldThrow<IllegalArgumentException> { ReplayFile.decode("""{"v":1,"kind":"stream","events":[]}""") }
            .message shouldContain "must end with a Completed event"
        val text = ReplayFile.encode(Recording.Created(textResult("a"))) + "\n\n{not json\n"
        val e = shouldThrow<IllegalArgumentException> { ReplayFile.parse(text, "fixture.jsonl") }
        e.message shouldContain "fixture.jsonl line 3 is not a replay recording"
    }

    test("blank lines are skipped and order is kept") {
        val text = listOf("a", "b", "c").joinToString("\n\n") { ReplayFile.encode(Recording.Created(textResult(it))) } + "\n"
        ReplayFile.parse(text).map { it.result.content } shouldBe listOf("a", "b", "c")
    }

    test("a finish reason this version does not know reads as UNKNOWN, keeping the raw value") {
        val line = """{"v":1,"kind":"create","result":{"choices":[{"index":0,"finish_reason":"PAUSED",""" +
            """"raw_finish_reason":"pause_turn","content":"x"}],"usage":{"prompt":1,"completion":1}},"later_field":true}"""
        val result = ReplayFile.decode(line).result
        result.finishReason shouldBe FinishReason.UNKNOWN
        result.rawFinishReason shouldBe "pause_turn"
    }

    test("append writes whole lines from many threads at once, creating directories") {
        val dir = Files.createTempDirectory("replay")
        val file = dir.resolve("nested/calls.jsonl")
        val pool = Executors.newFixedThreadPool(8)
        val big = "x".repeat(20_000)
        repeat(200) { i -> pool.execute { ReplayFile.append(file, Recording.Created(textResult("$i:$big"))) } }
        pool.shutdown()
        pool.awaitTermination(30, TimeUnit.SECONDS) shouldBe true
        val read = ReplayFile.read(file)
        read.map { it.result.content!!.substringBefore(':') } shouldContainExactlyInAnyOrder (0 until 200).map { "$it" }
        read.forEach { it.result.content!!.substringAfter(':') shouldBe big }
    }

    test("readResource reads from the context class loader, and says when the resource is missing") {
        val dir = Files.createTempDirectory("replay-cp")
        Files.createDirectories(dir.resolve("replays"))
        Files.writeString(dir.resolve("replays/demo.jsonl"), ReplayFile.encode(Recording.Created(textResult("from jar"))) + "\n")
        val thread = Thread.currentThread()
        val previous = thread.contextClassLoader
        URLClassLoader(arrayOf(dir.toUri().toURL()), previous).use { loader ->
            thread.contextClassLoader = loader
            try {
                ReplayFile.readResource("/replays/demo.jsonl").single().result.content shouldBe "from jar"
                ReplayChatCompletionClient.fromResource("replays/demo.jsonl").shouldBeInstanceOf<ReplayChatCompletionClient>()
                shouldThrow<IllegalArgumentException> { ReplayFile.readResource("replays/missing.jsonl") }
                    .message shouldContain "No classpath resource 'replays/missing.jsonl'"
            } finally {
                thread.contextClassLoader = previous
            }
        }
    }
})
