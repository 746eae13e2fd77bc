package dev.switchboard.gemini

import dev.switchboard.spi.StreamFrame
import dev.switchboard.testing.FastPaths
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.random.Random

/**
 * The stream decoder reads text chunks with [TextChunkReader] and every other chunk with the DTOs: both ways must give
 * the same events, the same result and the same errors, on every recorded stream and on chunks made to sit on the
 * border between the two.
 */
class TextChunkReaderTest : FunSpec({
    fun run(frames: List<StreamFrame>, fast: Boolean): String =
        FastPaths.outcome(GenerateContentStreamDecoder("gemini", "req_test", fastPath = fast), frames)

    fun sameBothWays(lines: List<String>) =
        FastPaths.sameBothWays(lines.map { StreamFrame(null, it) }) { fast -> GenerateContentStreamDecoder("gemini", "req_test", fastPath = fast) }

    for (name in Fixtures.all) {
        test("$name: the same events and result either way") {
            sameBothWays(Fixtures.lines(name))
        }
    }

    val chunk = """{"candidates":[{"content":{"parts":[{"text":"There are"}],"role":"model"},"index":0}],"usageMetadata":""" +
        """{"promptTokenCount":9,"candidatesTokenCount":5,"totalTokenCount":199,"promptTokensDetails":[{"modality":"TEXT","tokenCount":9}],""" +
        """"thoughtsTokenCount":185},"modelVersion":"gemini-3-pro-preview","responseId":"bH6LaZW8Fp"}"""
    val last = """{"candidates":[{"content":{"parts":[{"text":"."}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":""" +
        """{"promptTokenCount":9,"candidatesTokenCount":30,"totalTokenCount":224},"modelVersion":"gemini-3-pro-preview","responseId":"bH6LaZW8Fp"}"""

    val lastNoUsage = """{"candidates":[{"content":{"parts":[{"text":"."}],"role":"model"},"finishReason":"STOP","index":0}]}"""

    test("the usage of the last chunk that has one is the result's, also when that is a text chunk") {
        val lines = listOf(chunk, lastNoUsage)
        sameBothWays(lines)
        run(lines.map { StreamFrame(null, it) }, fast = true).contains("completionTokens=190") shouldBe true
    }

    test("the common text chunk is read by the reader") {
        val r = TextChunkReader()
        r.read(chunk.encodeToByteArray()) shouldBe true
        r.index shouldBe 0
        r.text shouldBe "There are"
        r.modelVersion shouldBe "gemini-3-pro-preview"
        r.responseId shouldBe "bH6LaZW8Fp"
        r.usage!!.candidatesTokenCount shouldBe 5
        r.usage!!.thoughtsTokenCount shouldBe 185
        r.usage!!.cachedContentTokenCount shouldBe null
        r.read(""" { "candidates" : [ { "content" : { "parts" : [ { "text" : "a\n\"b\" \u00e9" } ] } } ] } """.encodeToByteArray()) shouldBe true
        r.text shouldBe "a\n\"b\" \u00e9"
        r.usage shouldBe null
        r.modelVersion shouldBe null
    }

    test("anything else goes to the full decoder") {
        val r = TextChunkReader()
        val handOff = listOf(
            last,
            """{"candidates":[{"content":{"parts":[{"text":"a","thought":true}]},"index":0}]}""",
            """{"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":{}}}]},"index":0}]}""",
            """{"candidates":[{"content":{"parts":[{"text":"a"},{"text":"b"}]},"index":0}]}""",
            """{"candidates":[{"content":{"parts":[{"text":"a"}]}},{"content":{"parts":[{"text":"b"}]},"index":1}]}""",
            """{"candidates":[{"content":{"parts":[{"text":"a"}]},"safetyRatings":[]}]}""",
            """{"candidates":[{"content":{"parts":[{"text":null}]}}]}""",
            """{"candidates":[{"content":{"parts":[]}}]}""",
            """{"candidates":[]}""",
            """{"promptFeedback":{"blockReason":"SAFETY"}}""",
            """{"error":{"code":500,"message":"boom"}}""",
            """{"candidates":[{"content":{"parts":[{"text":"a"}]}}],"usageMetadata":{"promptTokenCount":-1}}""",
            """{"candidates":[{"content":{"parts":[{"text":"a"}]}}],"usageMetadata":{"promptTokenCount":1,"promptTokenCount":2}}""",
            """{"candidates":[{"content":{"parts":[{"text":"a"}]}}],"usageMetadata":{"promptTokenCount":"1"}}""",
            """{"candidates":[{"content":{"parts":[{"text":"a"}]},"index":1.0}]}""",
            """{"candidates":[{"content":{"parts":[{"text":"a\q"}]}}]}""",
            """{"candidates":[{"content":{"parts":[{"text":"a"}]}}]} x""",
            """{"candidates":[{"content":{"parts":[{"text":"a"}]}}]""",
            "",
        )
        for (line in handOff) r.read(line.encodeToByteArray()) shouldBe false
    }

    test("indexes, usage, escapes, whitespace and unknown members read the same either way") {
        sameBothWays(listOf(
            chunk,
            """{"candidates":[{"content":{"parts":[{"text":" second"}],"role":null},"index":1}],"modelVersion":"","responseId":null}""",
            """{"candidates":[{"content":{"parts":[{"text":"line\nbreak \"q\" \\ \/ \u00e9\ud83d\ude00 中文","x":1}]},"avgLogprobs":-0.5}],"y":{"z":[1,"]"]}}""",
            """{"candidates":[{"content":{"parts":[{"text":""}]}}],"usageMetadata":{"promptTokenCount":null,"totalTokenCount":7}}""",
            last,
            """{"candidates":[{"content":{"parts":[{"text":"."}]},"finishReason":"STOP","index":1}]}""",
        ))
        sameBothWays(listOf("""{"candidates":[{"content":{"parts":[{"text":"out of range"}]},"index":5000}]}"""))
    }

    test("bytes that are not valid UTF-8 decode the same either way") {
        val bad = """{"candidates":[{"content":{"parts":[{"text":"a""".encodeToByteArray() + byteArrayOf(0xC3.toByte(), 0x28, 0xE2.toByte()) +
            """ z"}]}}]}""".encodeToByteArray()
        val frames = listOf(StreamFrame.binary(null, bad), StreamFrame(null, last))
        run(frames, fast = true) shouldBe run(frames, fast = false)
        run(frames, fast = true).contains("a\uFFFD(") shouldBe true
    }

    test("recorded chunks cut, spliced and mutated at random read the same either way") {
        val random = Random(19)
        val texts = Fixtures.all.flatMap { Fixtures.lines(it) }.filter { "\"text\"" in it }
        val alphabet = listOf("\"", "}", "]", "{", "[", ",", ":", " ", "\\", "n", "u", "1", "-", "+", ".", "e", "0", "a", "null", "\u0001", "\t", "true")
        repeat(20_000) {
            val base = texts[random.nextInt(texts.size)]
            val mutated = FastPaths.mutate(base, random, "text", alphabet)
            sameBothWays(listOf(base, mutated, base, if (random.nextBoolean()) last else lastNoUsage))
        }
    }
})
