package dev.switchboard.anthropic

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
        FastPaths.outcome(MessagesStreamDecoder("anthropic", "req_test", null, fastPath = fast), frames)

    fun sameBothWays(frames: List<StreamFrame>) =
        FastPaths.sameBothWays(frames) { fast -> MessagesStreamDecoder("anthropic", "req_test", null, fastPath = fast) }

    val start = listOf(
        StreamFrame("message_start", """{"type":"message_start","message":{"id":"msg_1","model":"claude","usage":{"input_tokens":3}}}"""),
        StreamFrame("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
    )
    val end = listOf(
        StreamFrame("content_block_stop", """{"type":"content_block_stop","index":0}"""),
        StreamFrame("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}"""),
        StreamFrame("message_stop", """{"type":"message_stop"}"""),
    )

    fun stream(vararg deltas: String) = start + deltas.map { StreamFrame("content_block_delta", it) } + end

    for (name in Fixtures.all) {
        test("$name: the same events and result either way") {
            sameBothWays(Fixtures.frames(name))
        }
    }

    test("the common text delta is read by the reader") {
        val r = TextDeltaReader()
        r.read("""{"type":"content_block_delta","index":3,"delta":{"type":"text_delta","text":"Hello"}}""".encodeToByteArray()) shouldBe true
        r.index shouldBe 3
        r.text shouldBe "Hello"
        r.read(""" { "delta" : { "text" : "a\n\"b\" \u00e9\ud83d\ude00" , "type" : "text_delta" } , "index" : 0 , "type" : "content_block_delta" } """
            .encodeToByteArray()) shouldBe true
        r.text shouldBe "a\n\"b\" \u00e9\ud83d\ude00"
    }

    test("anything else goes to the full decoder") {
        val r = TextDeltaReader()
        val handOff = listOf(
            """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{"}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":null}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta"}}""",
            """{"type":"content_block_delta","delta":{"type":"text_delta","text":"a"}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","citations":[]}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"},"extra":1}""",
            """{"type":"content_block_delta","index":0,"index":1,"delta":{"type":"text_delta","text":"a"}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","text":"b"}}""",
            """{"type":"content_block_delta","index":-1,"delta":{"type":"text_delta","text":"a"}}""",
            """{"type":"content_block_delta","index":1.0,"delta":{"type":"text_delta","text":"a"}}""",
            """{"type":"content_block_delta","index":01,"delta":{"type":"text_delta","text":"a"}}""",
            """{"type":"content_block_d\u0065lta","index":0,"delta":{"type":"text_delta","text":"a"}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\q"}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}} x""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}""",
            """{"type":"ping"}""",
            "",
        )
        for (event in handOff) r.read(event.encodeToByteArray()) shouldBe false
    }

    test("deltas for unknown or non-text blocks, escapes and whitespace read the same either way") {
        sameBothWays(stream(
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"plain"}}""",
            """ { "type" : "content_block_delta" , "index" : 0 , "delta" : { "type" : "text_delta" , "text" : "spaced" } } """,
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"line\nbreak \"q\" \\ \/ \u00e9\ud83d\ude00 中文"}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":""}}""",
        ))
        sameBothWays(stream("""{"type":"content_block_delta","index":7,"delta":{"type":"text_delta","text":"no such block"}}"""))
        sameBothWays(stream("""{"type":"content_block_delta","index":999999999,"delta":{"type":"text_delta","text":"out of range"}}"""))
        val tool = start.take(1) + listOf(
            StreamFrame("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t1","name":"f","input":{}}}"""),
            StreamFrame("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"not for a tool block"}}"""),
        ) + end
        sameBothWays(tool)
    }

    test("bytes that are not valid UTF-8 decode the same either way") {
        val bad = """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a""".encodeToByteArray() +
            byteArrayOf(0xC3.toByte(), 0x28, 0xE2.toByte()) + """ z"}}""".encodeToByteArray()
        val frames = start + StreamFrame.binary("content_block_delta", bad) + end
        sameBothWays(frames)
        run(frames, fast = true).contains("a\uFFFD(") shouldBe true
    }

    test("recorded events cut, spliced and mutated at random read the same either way") {
        val random = Random(11)
        val deltas = Fixtures.all.flatMap { name -> Fixtures.frames(name).map { it.data } }.filter { "content_block_delta" in it }
        val alphabet = listOf("\"", "}", "]", "{", "[", ",", ":", " ", "\\", "n", "u", "1", "-", "+", ".", "e", "0", "a", "null", "\u0001", "\t")
        repeat(20_000) {
            val base = deltas[random.nextInt(deltas.size)]
            val mutated = FastPaths.mutate(base, random, "text", alphabet)
            sameBothWays(stream(base, mutated, base))
        }
    }
})
