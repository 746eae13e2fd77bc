package dev.switchboard.bedrock

import dev.switchboard.spi.StreamFrame
import dev.switchboard.testing.FastPaths
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.random.Random

/**
 * The stream decoder reads text deltas with [TextDeltaReader] and every other event with the DTOs: both ways must give
 * the same events, the same result and the same errors, on every recorded stream and on events made to sit on the
 * border between the two.
 */
class TextDeltaReaderTest : FunSpec({
    fun run(frames: List<StreamFrame>, fast: Boolean): String =
        FastPaths.outcome(ConverseStreamDecoder("bedrock", "req_test", null, fastPath = fast), frames)

    fun sameBothWays(frames: List<StreamFrame>) =
        FastPaths.sameBothWays(frames) { fast -> ConverseStreamDecoder("bedrock", "req_test", null, fastPath = fast) }

    val recordings = listOf("amazon-bedrock-text.chunks.txt", "amazon-bedrock-reasoning.chunks.txt", "amazon-bedrock-tool-call.1.chunks.txt")
    fun frames(name: String) = Fixtures.frames(Fixtures.chunkBytes(name))

    for (name in recordings) {
        test("$name: the same events and result either way") {
            sameBothWays(frames(name))
        }
    }

    val text = frames("amazon-bedrock-text.chunks.txt")
    val head = text.takeWhile { it.event != "contentBlockDelta" }
    val tail = text.dropWhile { it.event != "contentBlockDelta" }.dropWhile { it.event == "contentBlockDelta" }
    val headers = text.first { it.event == "contentBlockDelta" }.headers
    fun delta(payload: String) = StreamFrame.binary("contentBlockDelta", payload.encodeToByteArray(), headers)

    test("the common text delta is read by the reader") {
        val r = TextDeltaReader()
        r.read("""{"contentBlockIndex":0,"delta":{"text":"Let"},"p":"abcdefgh"}""".encodeToByteArray()) shouldBe true
        r.index shouldBe 0
        r.text shouldBe "Let"
        r.read(""" { "delta" : { "text" : "a\n\"b\" \u00e9" } , "contentBlockIndex" : 2 } """.encodeToByteArray()) shouldBe true
        r.index shouldBe 2
        r.text shouldBe "a\n\"b\" \u00e9"
    }

    test("anything else goes to the full decoder") {
        val r = TextDeltaReader()
        val handOff = listOf(
            """{"contentBlockIndex":0,"delta":{"toolUse":{"input":"{"}}}""",
            """{"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"hmm"}}}""",
            """{"contentBlockIndex":0,"delta":{"text":"a","reasoningContent":{"text":"hmm"}}}""",
            """{"contentBlockIndex":0,"delta":{"text":null}}""",
            """{"contentBlockIndex":0,"delta":{}}""",
            """{"delta":{"text":"a"}}""",
            """{"contentBlockIndex":0,"contentBlockIndex":1,"delta":{"text":"a"}}""",
            """{"contentBlockIndex":0,"delta":{"text":"a","text":"b"}}""",
            """{"contentBlockIndex":0,"delta":{"text":"a"},"stopReason":"end_turn"}""",
            """{"contentBlockIndex":-1,"delta":{"text":"a"}}""",
            """{"contentBlockIndex":0,"delta":{"text":"a\q"}}""",
            """{"contentBlockIndex":0,"delta":{"text":"a"}} x""",
            """{"contentBlockIndex":0,"delta":{"text":"a"}""",
            "",
        )
        for (event in handOff) r.read(event.encodeToByteArray()) shouldBe false
    }

    test("blocks, escapes, whitespace and unknown members read the same either way") {
        sameBothWays(head + listOf(
            delta("""{"contentBlockIndex":0,"delta":{"text":"plain"},"p":"abc"}"""),
            delta(""" { "contentBlockIndex" : 0 , "delta" : { "text" : " spaced" } } """),
            delta("""{"contentBlockIndex":0,"delta":{"text":"line\nbreak \"q\" \\ \/ \u00e9\ud83d\ude00 中文","x":[1,"]"]},"y":{}}"""),
            delta("""{"contentBlockIndex":0,"delta":{"text":""}}"""),
            delta("""{"contentBlockIndex":3,"delta":{"text":"a block of its own"}}"""),
        ) + tail)
        sameBothWays(head + listOf(delta("""{"contentBlockIndex":999999999,"delta":{"text":"out of range"}}""")) + tail)
        // text for a block that is a tool call's: the decoder leaves it out either way
        val tool = frames("amazon-bedrock-tool-call.1.chunks.txt")
        val at = tool.indexOfFirst { it.event == "contentBlockDelta" }
        sameBothWays(tool.take(at) + delta("""{"contentBlockIndex":0,"delta":{"text":"not for a tool block"}}""") + tool.drop(at))
    }

    test("bytes that are not valid UTF-8 decode the same either way") {
        val bad = """{"contentBlockIndex":0,"delta":{"text":"a""".encodeToByteArray() + byteArrayOf(0xC3.toByte(), 0x28, 0xE2.toByte()) +
            """ z"}}""".encodeToByteArray()
        val frames = head + StreamFrame.binary("contentBlockDelta", bad, headers) + tail
        sameBothWays(frames)
        run(frames, fast = true).contains("a\uFFFD(") shouldBe true
    }

    test("recorded events cut, spliced and mutated at random read the same either way") {
        val random = Random(29)
        val deltas = recordings.flatMap { frames(it) }.filter { it.event == "contentBlockDelta" }.map { it.data }
        val alphabet = listOf("\"", "}", "]", "{", "[", ",", ":", " ", "\\", "n", "u", "1", "-", "+", ".", "e", "0", "a", "null", "\u0001", "\t")
        repeat(20_000) {
            val base = deltas[random.nextInt(deltas.size)]
            val mutated = FastPaths.mutate(base, random, "text", alphabet)
            sameBothWays(head + listOf(delta(base), delta(mutated), delta(base)) + tail)
        }
    }
})
