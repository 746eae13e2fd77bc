package dev.switchboard.openai

import dev.switchboard.spi.StreamFrame
import dev.switchboard.testing.FastPaths
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.random.Random

/**
 * The Responses stream decoder reads text deltas with [ResponsesDeltaReader] and every other event with the DTOs: both
 * ways must give the same events, the same result and the same errors, on every recorded stream and on events made to
 * sit on the border between the two.
 */
class ResponsesDeltaReaderTest : FunSpec({
    fun run(frames: List<StreamFrame>, fast: Boolean): String =
        FastPaths.outcome(ResponsesStreamDecoder("openai", "req_test", fastPath = fast), frames)

    fun sameBothWays(lines: List<String>) =
        FastPaths.sameBothWays(lines.map { StreamFrame(null, it) }) { fast -> ResponsesStreamDecoder("openai", "req_test", fastPath = fast) }

    val recordings = listOf("openai-reasoning-encrypted-content.1.chunks.txt", "openai-phase.1.chunks.txt", "azure-text.1.chunks.txt",
        "azure-tool-call.1.chunks.txt", "openai-error.1.chunks.txt", "openai-tool-search.1.chunks.txt")

    fun lines(name: String): List<String> = Fixtures.chunkLines(Fixtures.text(name))

    for (name in recordings) {
        test("$name: the same events and result either way") {
            sameBothWays(lines(name))
        }
    }

    val delta = """{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,""" +
        """"delta":"The","logprobs":[],"obfuscation":"o6siFnnjPfOpq"}"""

    test("the common text delta is read by the reader") {
        val r = ResponsesDeltaReader()
        r.read(delta.encodeToByteArray()) shouldBe true
        r.outputIndex shouldBe 0
        r.contentIndex shouldBe 0
        r.delta shouldBe "The"
        r.read(""" { "delta" : "a\n\"b\" \u00e9\ud83d\ude00" , "output_index" : 2 , "type" : "response.output_text.delta" } """.encodeToByteArray()) shouldBe true
        r.outputIndex shouldBe 2
        r.contentIndex shouldBe 0
        r.delta shouldBe "a\n\"b\" \u00e9\ud83d\ude00"
    }

    test("anything else goes to the full decoder") {
        val r = ResponsesDeltaReader()
        val handOff = listOf(
            """{"type":"response.output_text.done","output_index":0,"text":"The"}""",
            """{"type":"response.output_text.delta","item_id":"msg_1","delta":"no output index"}""",
            """{"type":"response.output_text.delta","output_index":0,"delta":null}""",
            """{"type":"response.output_text.delta","output_index":0}""",
            """{"type":"response.output_text.delta","output_index":0,"output_index":1,"delta":"a"}""",
            """{"type":"response.output_text.delta","output_index":0,"delta":"a","delta":"b"}""",
            """{"type":"response.output_text.delta","output_index":0,"delta":"a","logprobs":[{"token":"a","logprob":0}]}""",
            """{"type":"response.output_text.delta","output_index":0,"delta":"a","text":"a"}""",
            """{"type":"response.output_text.delta","output_index":-1,"delta":"a"}""",
            """{"type":"response.output_text.delta","output_index":0,"content_index":1.5,"delta":"a"}""",
            """{"type":"response.output_text.d\u0065lta","output_index":0,"delta":"a"}""",
            """{"type":"response.output_text.delta","output_index":0,"delta":"a\q"}""",
            """{"type":"response.output_text.delta","output_index":0,"delta":"a"} x""",
            """{"type":"response.output_text.delta","output_index":0,"delta":"a"""",
            "",
        )
        for (event in handOff) r.read(event.encodeToByteArray()) shouldBe false
    }

    val head = lines("azure-text.1.chunks.txt").takeWhile { "output_text.delta" !in it }
    val tail = lines("azure-text.1.chunks.txt").dropWhile { "output_text.delta" !in it || "output_text.done" in it }
        .dropWhile { "output_text.delta" in it }

    test("indexes, escapes, whitespace and unknown members read the same either way") {
        sameBothWays(head + listOf(
            delta,
            """ { "type" : "response.output_text.delta" , "output_index" : 0 , "content_index" : 0 , "delta" : " spaced" } """,
            """{"type":"response.output_text.delta","output_index":0,"content_index":1,"delta":" second part"}""",
            """{"type":"response.output_text.delta","output_index":3,"delta":" another item","item_id":null,"x":{"y":[1,"]"]}}""",
            """{"type":"response.output_text.delta","output_index":0,"delta":"line\nbreak \"q\" \\ \/ \u00e9\ud83d\ude00 中文"}""",
            """{"type":"response.output_text.delta","output_index":0,"delta":""}""",
            """{"type":"response.output_text.delta","output_index":5000,"delta":"out of range"}""",
        ) + tail)
    }

    test("a delta counts for its content part: the part's done event adds only what its deltas lacked") {
        val part = head + listOf(
            """{"type":"response.output_text.delta","output_index":0,"content_index":1,"delta":"Part one"}""",
            """{"type":"response.output_text.done","output_index":0,"content_index":1,"text":"Part one and more"}""",
        ) + tail
        sameBothWays(part)
        run(part.map { StreamFrame(null, it) }, fast = true).substringBefore('\n') shouldBe
            "[TextDelta(text=Part one, choiceIndex=0), TextDelta(text= and more, choiceIndex=0), TextDelta(text=Hello, choiceIndex=0)]"
    }

    test("bytes that are not valid UTF-8 decode the same either way") {
        val bad = """{"type":"response.output_text.delta","output_index":0,"delta":"a""".encodeToByteArray() +
            byteArrayOf(0xC3.toByte(), 0x28, 0xE2.toByte()) + """ z"}""".encodeToByteArray()
        val frames = head.map { StreamFrame(null, it) } + StreamFrame.binary(null, bad) + tail.map { StreamFrame(null, it) }
        run(frames, fast = true) shouldBe run(frames, fast = false)
        run(frames, fast = true).contains("a\uFFFD(") shouldBe true
    }

    test("recorded events cut, spliced and mutated at random read the same either way") {
        val random = Random(13)
        val deltas = recordings.flatMap { lines(it) }.filter { "output_text.delta" in it }
        val alphabet = listOf("\"", "}", "]", "{", "[", ",", ":", " ", "\\", "n", "u", "1", "-", "+", ".", "e", "0", "a", "null", "\u0001", "\t")
        repeat(20_000) {
            val base = deltas[random.nextInt(deltas.size)]
            val mutated = FastPaths.mutate(base, random, "delta", alphabet)
            sameBothWays(head + listOf(base, mutated, base) + tail)
        }
    }
})
