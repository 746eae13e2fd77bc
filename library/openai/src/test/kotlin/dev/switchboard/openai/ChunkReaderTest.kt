package dev.switchboard.openai

import dev.switchboard.ChatStreamEvent
import dev.switchboard.spi.StreamFrame
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.random.Random

/**
 * The stream decoder reads common chunks with [ChunkReader] and the rest with the DTOs: both paths must give
 * the same events, the same result and the same errors, on every recorded stream and on chunks made to sit on
 * the border between the two.
 */
class ChunkReaderTest : FunSpec({

    /** What a decoder made of [frames]: its events and result, or the error it threw (class and message). */
    fun run(frames: List<StreamFrame>, fast: Boolean): String {
        val decoder = ChatStreamDecoder("openai", "req_test", fastPath = fast)
        val events = ArrayList<ChatStreamEvent>()
        return try {
            var terminated = false
            for (f in frames) if (!terminated) terminated = decoder.decode(f, events)
            "$events\n${decoder.finish(terminated)}"
        } catch (e: Exception) {
            "$events\n${e.javaClass.name}: ${e.message}"
        }
    }

    fun sameBothWays(frames: List<StreamFrame>) {
        run(frames, fast = true) shouldBe run(frames, fast = false)
    }

    val fixtures = listOf(
        "openai-chat-text.include-usage.sse", "openai-chat-finish-length.include-usage.sse",
        "openai-chat-n3-multiple-choices.include-usage.sse", "openai-chat-parallel-tool-calls.include-usage.sse",
        "openai-chat-refusal-logprobs.include-usage.sse", "openai-chat-single-tool-call.include-usage.sse",
        "anthropic-fallback-tool-call.sse", "openai-text.chunks.txt", "xai-tool-call.chunks.txt", "azure-model-router.1.chunks.txt",
        "mistral-text.chunks.txt", "mistral-reasoning.chunks.txt", "mistral-tool-call.chunks.txt", "mistral-incremental-tool-call.chunks.txt",
    )

    for (name in fixtures) {
        test("$name: the same events and result either way") {
            sameBothWays(Fixtures.frames(name))
        }
    }

    test("the common text chunk is read by the reader, with id, model, index, text and finish reason") {
        val r = ChunkReader()
        val chunk = """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","service_tier":"default",""" +
            """"system_fingerprint":"fp","choices":[{"index":0,"delta":{"content":" fox"},"logprobs":null,"finish_reason":null}],""" +
            """"usage":null,"obfuscation":"abc"}"""
        r.read(chunk.encodeToByteArray(), wantId = true, wantModel = true) shouldBe true
        r.id shouldBe "chatcmpl-1"
        r.model shouldBe "gpt-4o"
        r.count shouldBe 1
        r.index[0] shouldBe 0
        r.text[0] shouldBe " fox"
        r.finish[0] shouldBe null
        r.read(chunk.encodeToByteArray(), wantId = false, wantModel = false) shouldBe true
        r.id shouldBe null
    }

    test("anything the reader does not handle goes to the full decoder") {
        val r = ChunkReader()
        val handOff = listOf(
            """{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{"}}]}}]}""",
            """{"choices":[{"index":0,"delta":{"refusal":"no"}}]}""",
            """{"choices":[{"index":0,"delta":{"reasoning_content":"hmm"}}]}""",
            """{"choices":[{"index":0,"delta":{"content":[{"type":"text","text":"a"}]}}]}""",
            """{"choices":[{"index":0,"delta":{"content":"a"},"logprobs":{"content":[]}}]}""",
            """{"choices":[{"index":0,"delta":{"content":"a"},"content_filter_results":{"hate":{"filtered":false}}}]}""",
            """{"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}""",
            """{"error":{"message":"boom"}}""",
            """{"prompt_filter_results":[],"choices":[]}""",
            """{"choices":[{"index":-1,"delta":{"content":"a"}}]}""",
            """{"choices":[{"index":1.5,"delta":{"content":"a"}}]}""",
            """{"choices":[{"index":0,"delta":{"content":"a"}}]} x""",
            """{"choices":[{"index":0,"delta":{"content":"a"}},]}""",
            """{"choices":[{"index":0,"delta":{"content":"a\q"}}]}""",
            """{"choices":[{"index":0,"delta":{"content":"a"}}],"x":[1}""",
            """{"id":7,"choices":[]}""",
            "[DONE",
            "",
        )
        for (chunk in handOff) r.read(chunk.encodeToByteArray(), wantId = true, wantModel = true) shouldBe false
    }

    test("escapes, unicode, whitespace, nulls and unknown fields read the same either way") {
        val chunks = listOf(
            """{"id":"c","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
            """{"choices":[{"index":0,"delta":{"content":"line\nbreak \"quoted\" back\\slash tab\t \u00e9\ud83d\ude00 \/"}}]}""",
            """ { "choices" : [ { "index" : 0 , "delta" : { "content" : "spaced" } , "finish_reason" : null } ] } """,
            """{"choices":[{"delta":{"content":"no index"}}]}""",
            """{"choices":[{"index":0,"delta":null}]}""",
            """{"choices":[{"index":0,"delta":{"content":null,"refusal":null,"tool_calls":null,"audio":{"id":"a","data":[1,2,{"x":"]}"}]}}}]}""",
            """{"choices":[{"index":0,"delta":{"content":"é ü 中文 🙂"},"extra":{"nested":[[],{}],"s":"}]"}}],"id":"later","model":"later"}""",
            """{"choices":[{"index":1,"delta":{"content":"second choice"}},{"index":0,"delta":{"content":"first"}}]}""",
            """{"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}""",
            """{"choices":[{"index":0,"delta":{"content":"after finish"},"finish_reason":"stop"}]}""",
            """{"choices":null}""",
            """{"id":"a\"b","object":"x\\y","model":"m\n","choices":[{"index":0,"delta":{"content":"x\ty"}}],"system_fingerprint":"fp\u0041"}""",
            """{"ch\u006fices":[{"index":0,"delta":{"content":"escaped key"}}],"x":"\\","choices":[{"index":0,"delta":{"content":"after \"escapes\""}}]}""",
            """{"choices":[{"index":0,"delta":{"role":"assistant","content":"plain"}}],"z":"late \\ escape","model":"no escape"}""",
            """{}""",
            "[DONE]",
        )
        sameBothWays(chunks.map { StreamFrame(null, it) })
    }

    test("malformed chunks fail the same way either way") {
        for (bad in listOf("""{"choices":[{"index":0,"delta":{"content":"a"}}]""", """{"choices":[{"index":0,"delta":{"content":"a\q"}}]}""", "{", "nope")) {
            sameBothWays(listOf(StreamFrame(null, """{"id":"c","choices":[{"index":0,"delta":{"content":"a"}}]}"""), StreamFrame(null, bad)))
        }
    }

    test("recorded chunks cut, spliced and mutated at random read the same either way") {
        val random = Random(42)
        val lines = fixtures.flatMap { name -> Fixtures.frames(name).map { it.data }.filter { it.startsWith("{") } }
        val alphabet = listOf("\"", "}", "]", "{", "[", ",", ":", " ", "\\", "n", "u", "1", "-", "+", ".", "e", "E", "0", "a", "null", "true", "\u0001")
        repeat(20_000) {
            val base = lines[random.nextInt(lines.size)]
            val at = random.nextInt(base.length)
            val mutated = when (random.nextInt(6)) {
                0 -> base.substring(0, at)
                1 -> base.replaceRange(at..at, alphabet.random(random))
                2 -> base.substring(0, at) + alphabet.random(random) + base.substring(at)
                3 -> base.removeRange(at..at)
                4 -> base.replace("\"content\":\"", "\"content\":\"\\u00e9\\n")
                else -> base
            }
            sameBothWays(listOf(StreamFrame(null, mutated), StreamFrame(null, "[DONE]")))
        }
    }

    test("chunks that repeat the last one's start, then differ anywhere, read the same either way") {
        // From the second chunk on, id and model are known: the reader goes on where the last chunk's start ends.
        val random = Random(7)
        val lines = fixtures.flatMap { name -> Fixtures.frames(name).map { it.data }.filter { it.startsWith("{") && "\"choices\"" in it } }
        val alphabet = listOf("\"", "}", "]", "{", "[", ",", ":", " ", "\\", "n", "1", "e", "0", "a", "null", "\"choices\":[],")
        repeat(5_000) {
            val base = lines[random.nextInt(lines.size)]
            val at = random.nextInt(base.length)
            val mutated = when (random.nextInt(4)) {
                0 -> base.replaceRange(at..at, alphabet.random(random))
                1 -> base.substring(0, at) + alphabet.random(random) + base.substring(at)
                2 -> base.removeRange(at..at)
                else -> base
            }
            val first = """{"id":"chatcmpl-1","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"""
            sameBothWays(listOf(first, base, mutated, base, "[DONE]").map { StreamFrame(null, it) })
        }
    }

    test("a repeated start is not taken for the whole chunk: a second choices key, or the same bytes then more") {
        val head = """{"id":"c","object":"chat.completion.chunk","model":"m","choices":"""
        val chunks = listOf(
            head + """[{"index":0,"delta":{"content":"a"}}]}""",
            head + """[{"index":0,"delta":{"content":"b"}}],"choices":[{"index":1,"delta":{"content":"c"}}]}""",
            head + """[{"index":0,"delta":{"content":"d"}}]}""",
            head.dropLast(1) + """ : [{"index":0,"delta":{"content":"e"}}]}""",
            head + """null}""",
            head + """[{"index":0,"delta":{"content":"g"},"delta":{},"finish_reason":"stop","finish_reason":null}]}""",
            head + """[{"index":0,"delta":{"content":"h","content":null}}]}""",
            head.replace("\"m\"", "\"n\"") + """[{"index":0,"delta":{"content":"f"}}]}""",
            "[DONE]",
        )
        sameBothWays(chunks.map { StreamFrame(null, it) })
        val r = ChunkReader()
        r.read(chunks[0].encodeToByteArray(), wantId = false, wantModel = false) shouldBe true
        r.read(chunks[1].encodeToByteArray(), wantId = false, wantModel = false) shouldBe false
        r.read(chunks[2].encodeToByteArray(), wantId = false, wantModel = false) shouldBe true
        r.text[0] shouldBe "d"
    }

    test("bytes that are not valid UTF-8 decode the same either way") {
        val bad = """{"id":"c","choices":[{"index":0,"delta":{"content":"a""".encodeToByteArray() + byteArrayOf(0xC3.toByte(), 0x28, 0xE2.toByte()) +
            """ \u00e9 z"}}]}""".encodeToByteArray()
        sameBothWays(listOf(StreamFrame.binary(null, bad), StreamFrame(null, "[DONE]")))
        run(listOf(StreamFrame.binary(null, bad), StreamFrame(null, "[DONE]")), fast = true).contains("a\uFFFD(") shouldBe true
    }
})
