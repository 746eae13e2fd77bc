package dev.switchboard.cohere

import dev.switchboard.spi.StreamFrame
import dev.switchboard.testing.FastPaths
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.random.Random

/**
 * The stream decoder reads text deltas with [ContentDeltaReader] and every other event with the DTOs: both ways must
 * give the same events, the same result and the same errors, on every recorded stream and on events made to sit on the
 * border between the two.
 */
class ContentDeltaReaderTest : FunSpec({
    fun run(frames: List<StreamFrame>, fast: Boolean): String =
        FastPaths.outcome(CohereStreamDecoder("cohere", "req_test", fastPath = fast), frames)

    fun sameBothWays(lines: List<String>) =
        FastPaths.sameBothWays(lines.map { StreamFrame(null, it) }) { fast -> CohereStreamDecoder("cohere", "req_test", fastPath = fast) }

    val recordings = listOf("cohere-citations.chunks.txt", "cohere-reasoning.chunks.txt", "cohere-text.chunks.txt", "cohere-tool-call.chunks.txt")
    for (name in recordings) {
        test("$name: the same events and result either way") {
            sameBothWays(Fixtures.lines(name))
        }
    }

    val text = Fixtures.lines("cohere-text.chunks.txt")
    val head = text.takeWhile { "content-delta" !in it }
    val tail = text.dropWhile { "content-delta" !in it }.dropWhile { "content-delta" in it }
    fun delta(json: String) = """{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":$json}}}}"""

    test("the common text delta is read by the reader") {
        val r = ContentDeltaReader()
        r.read(delta("\"Hello\"").encodeToByteArray()) shouldBe true
        r.index shouldBe 0
        r.text shouldBe "Hello"
        r.read(""" { "delta" : { "message" : { "content" : { "text" : "a\n\"b\" \u00e9" } , "x" : 1 } } , "index" : 2 , "type" : "content-delta" } """
            .encodeToByteArray()) shouldBe true
        r.index shouldBe 2
        r.text shouldBe "a\n\"b\" \u00e9"
    }

    test("anything else goes to the full decoder") {
        val r = ContentDeltaReader()
        val handOff = listOf(
            """{"type":"content-delta","index":0,"delta":{"message":{"content":{"thinking":"hmm"}}}}""",
            """{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"a","thinking":"b"}}}}""",
            """{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":null}}}}""",
            """{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"a"},"tool_plan":"p"}}}""",
            """{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"a"}},"finish_reason":"COMPLETE"}}""",
            """{"type":"content-delta","delta":{"message":{"content":{"text":"a"}}}}""",
            """{"type":"content-delta","id":"x","index":0,"delta":{"message":{"content":{"text":"a"}}}}""",
            """{"type":"content-delta","index":0,"index":1,"delta":{"message":{"content":{"text":"a"}}}}""",
            """{"type":"tool-plan-delta","index":0,"delta":{"message":{"tool_plan":"p"}}}""",
            """{"type":"content-delta","index":-1,"delta":{"message":{"content":{"text":"a"}}}}""",
            """{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"a\q"}}}}""",
            delta("\"a\"") + " x",
            delta("\"a\"").dropLast(1),
            "",
        )
        for (event in handOff) r.read(event.encodeToByteArray()) shouldBe false
    }

    test("blocks, escapes, whitespace and unknown members read the same either way") {
        sameBothWays(head + listOf(
            delta("\"plain\""),
            """ { "type" : "content-delta" , "index" : 0 , "delta" : { "message" : { "content" : { "text" : " spaced" } } } } """,
            delta("\"line\\nbreak \\\"q\\\" \\\\ \\/ \\u00e9\\ud83d\\ude00 中文\""),
            """{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":""},"x":[1,"]"]},"y":{}},"z":null}""",
            delta("\"\""),
        ) + tail)
        val thinkingBlock = """{"type":"content-start","index":1,"delta":{"message":{"content":{"type":"thinking","thinking":""}}}}"""
        sameBothWays(head + listOf(thinkingBlock, """{"type":"content-delta","index":1,"delta":{"message":{"content":{"text":"text in a thinking block"}}}}""") + tail)
        sameBothWays(head + listOf("""{"type":"content-delta","index":7,"delta":{"message":{"content":{"text":"no such block"}}}}""") + tail)
        sameBothWays(head + listOf("""{"type":"content-delta","index":999999999,"delta":{"message":{"content":{"text":"out of range"}}}}""") + tail)
    }

    test("bytes that are not valid UTF-8 decode the same either way") {
        val bad = """{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"a""".encodeToByteArray() +
            byteArrayOf(0xC3.toByte(), 0x28, 0xE2.toByte()) + """ z"}}}}""".encodeToByteArray()
        val frames = head.map { StreamFrame(null, it) } + StreamFrame.binary(null, bad) + tail.map { StreamFrame(null, it) }
        run(frames, fast = true) shouldBe run(frames, fast = false)
        run(frames, fast = true).contains("a\uFFFD(") shouldBe true
    }

    test("recorded events cut, spliced and mutated at random read the same either way") {
        val random = Random(23)
        val deltas = recordings.flatMap { Fixtures.lines(it) }.filter { "content-delta" in it }
        val alphabet = listOf("\"", "}", "]", "{", "[", ",", ":", " ", "\\", "n", "u", "1", "-", "+", ".", "e", "0", "a", "null", "\u0001", "\t", "thinking")
        repeat(20_000) {
            val base = deltas[random.nextInt(deltas.size)]
            val mutated = FastPaths.mutate(base, random, "text", alphabet)
            sameBothWays(head + listOf(base, mutated, base) + tail)
        }
    }
})
