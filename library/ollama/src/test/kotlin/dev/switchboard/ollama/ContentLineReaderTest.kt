package dev.switchboard.ollama

import dev.switchboard.spi.StreamFrame
import dev.switchboard.testing.FastPaths
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.random.Random

/**
 * The stream decoder reads content lines with [ContentLineReader] and every other line with the DTOs: both ways must
 * give the same events, the same result and the same errors, on every recorded stream and on lines made to sit on the
 * border between the two.
 */
class ContentLineReaderTest : FunSpec({
    fun run(frames: List<StreamFrame>, fast: Boolean): String =
        FastPaths.outcome(OllamaStreamDecoder("ollama", "req_test", fastPath = fast), frames)

    fun sameBothWays(lines: List<String>) =
        FastPaths.sameBothWays(lines.map { StreamFrame(null, it) }) { fast -> OllamaStreamDecoder("ollama", "req_test", fastPath = fast) }

    val recordings = listOf("ollama-docs-chat-stream.ndjson", "ollama-docs-chat-stream-tools.ndjson")
    fun lines(name: String): List<String> = Fixtures.lines(name).map { it.data }

    for (name in recordings) {
        test("$name: the same events and result either way") {
            sameBothWays(lines(name))
        }
    }

    val last = """{"model":"llama3.2","created_at":"2023-08-04T19:22:45.499127Z","message":{"role":"assistant","content":""},"done":true,""" +
        """"done_reason":"stop","prompt_eval_count":26,"eval_count":282}"""

    test("the common content line is read by the reader") {
        val r = ContentLineReader()
        r.read("""{"model":"llama3.2","created_at":"x","message":{"role":"assistant","content":"The","images":null},"done":false}""".encodeToByteArray()) shouldBe true
        r.model shouldBe "llama3.2"
        r.content shouldBe "The"
        r.read(""" { "message" : { "content" : "a\n\"b\" \u00e9\ud83d\ude00" } } """.encodeToByteArray()) shouldBe true
        r.model shouldBe null
        r.content shouldBe "a\n\"b\" \u00e9\ud83d\ude00"
    }

    test("anything else goes to the full decoder") {
        val r = ContentLineReader()
        val handOff = listOf(
            last,
            """{"model":"m","message":{"role":"assistant","content":"","thinking":"hmm"},"done":false}""",
            """{"model":"m","message":{"role":"assistant","content":"","tool_calls":[]},"done":false}""",
            """{"model":"m","message":{"role":"assistant","content":null},"done":false}""",
            """{"model":"m","message":{"role":"assistant"},"done":false}""",
            """{"model":"m","done":false}""",
            """{"model":"m","message":{"content":"a"},"done":"false"}""",
            """{"model":"m","message":{"content":"a"},"logprobs":[]}""",
            """{"error":"boom","message":{"content":"a"}}""",
            """{"model":"m","model":"n","message":{"content":"a"}}""",
            """{"message":{"content":"a","content":"b"}}""",
            """{"message":{"content":"a\q"}}""",
            """{"message":{"content":"a"}} x""",
            """{"message":{"content":"a"}""",
            "",
        )
        for (line in handOff) r.read(line.encodeToByteArray()) shouldBe false
    }

    test("models, escapes, whitespace and unknown members read the same either way") {
        sameBothWays(listOf(
            """{"model":"","message":{"role":"assistant","content":"empty model first"},"done":false}""",
            """{"model":null,"message":{"role":"assistant","content":" null model"},"done":false}""",
            """ { "model" : "llama3.2" , "message" : { "content" : " spaced" , "role" : "assistant" } , "done" : false } """,
            """{"model":"other","message":{"content":"line\nbreak \"q\" \\ \/ \u00e9\ud83d\ude00 中文","images":["x"]},"x":{"y":[1,"]"]}}""",
            """{"message":{"content":""},"total_duration":1}""",
            last,
        ))
        sameBothWays(listOf("""{"message":{"content":"a"}""", """{"message":{"content":"after an unreadable line"}}""", last))
        sameBothWays(listOf("""{"message":{"content":"a"}}""", """{"message":{"content":"cut"""))
    }

    test("bytes that are not valid UTF-8 decode the same either way") {
        val bad = """{"message":{"content":"a""".encodeToByteArray() + byteArrayOf(0xC3.toByte(), 0x28, 0xE2.toByte()) + """ z"}}""".encodeToByteArray()
        val frames = listOf(StreamFrame.binary(null, bad), StreamFrame(null, last))
        run(frames, fast = true) shouldBe run(frames, fast = false)
        run(frames, fast = true).contains("a\uFFFD(") shouldBe true
    }

    test("recorded lines cut, spliced and mutated at random read the same either way") {
        val random = Random(17)
        val content = recordings.flatMap { lines(it) }.filter { "\"done\":false" in it }
        val alphabet = listOf("\"", "}", "]", "{", "[", ",", ":", " ", "\\", "n", "u", "1", "-", "+", ".", "e", "0", "a", "null", "\u0001", "\t", "true")
        repeat(20_000) {
            val base = content[random.nextInt(content.size)]
            val mutated = FastPaths.mutate(base, random, "content", alphabet)
            sameBothWays(listOf(base, mutated, base, last))
        }
    }
})
