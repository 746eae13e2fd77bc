package dev.switchboard.http

import dev.switchboard.ProtocolException
import dev.switchboard.internal.http.SseDecoder
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class SseDecoderTest : FunSpec({
    fun decode(text: String, chunks: Int = 1): List<F> {
        val bytes = text.toByteArray(Charsets.UTF_8)
        val size = (bytes.size + chunks - 1) / chunks.coerceAtLeast(1)
        return decodeChunks(SseDecoder("p"), bytes.toList().chunked(size.coerceAtLeast(1)).map { it.toByteArray() })
    }

    test("streams that split their lines at the same time each carry their own line (the carry arrays are shared)") {
        val rnd = kotlin.random.Random(11)
        val decoders = List(70) { SseDecoder("p") }
        val lines = List(decoders.size) { i -> "data: {\"stream\":$i,\"pad\":\"${"x".repeat(rnd.nextInt(900))}\"}\n\n".toByteArray() }
        val got = List(decoders.size) { ArrayList<String>() }
        repeat(3) {
            // Every decoder gets the first part of its line, then every decoder the rest: all carry at once.
            val cuts = lines.map { 1 + rnd.nextInt(it.size - 1) }
            for (i in decoders.indices) {
                decoders[i].feed(lines[i], 0, cuts[i])
                decoders[i].next() shouldBe null
            }
            for (i in decoders.indices) {
                decoders[i].feed(lines[i], cuts[i], lines[i].size - cuts[i])
                while (true) got[i] += (decoders[i].next() ?: break).data
            }
        }
        for (i in decoders.indices) got[i] shouldBe List(3) { lines[i].decodeToString().removePrefix("data: ").trimEnd() }
    }

    test("one event per blank line, with event name and data") {
        decode("event: delta\ndata: {\"a\":1}\n\ndata: second\n\n") shouldBe listOf(
            F("delta", "{\"a\":1}"),
            F(null, "second"),
        )
    }

    test("multi-line data is joined with LF, and an empty data line counts") {
        decode("data: one\ndata: two\ndata:\ndata: four\n\n") shouldBe listOf(F(null, "one\ntwo\n\nfour"))
        decode("data\n\n") shouldBe listOf(F(null, ""))
        decode("data:\n\n") shouldBe listOf(F(null, ""))
    }

    test("only one space after the colon is dropped; no space is fine") {
        decode("data:x\n\ndata:  two spaces\n\n") shouldBe listOf(F(null, "x"), F(null, " two spaces"))
    }

    test("comments and unknown fields are ignored; retry is ignored") {
        decode(": keep-alive\n:\nfoo: bar\nretry: 100\ndata: x\n: mid-event comment\n\n") shouldBe listOf(F(null, "x"))
    }

    test("an event without data is not dispatched, and its name does not leak into the next") {
        decode("event: ping\n\ndata: x\n\n") shouldBe listOf(F(null, "x"))
    }

    test("an empty event name is the default type, as if none was given") {
        decode("event:\ndata: x\n\nevent: \ndata: y\n\nevent\ndata: z\n\n") shouldBe
            listOf(F(null, "x"), F(null, "y"), F(null, "z"))
    }

    test("the id persists across events and an id with NUL is ignored") {
        decode("id: 1\ndata: a\n\ndata: b\n\nid: 2\u0000\ndata: c\n\nid\ndata: d\n\n") shouldBe listOf(
            F(null, "a", "1"), F(null, "b", "1"), F(null, "c", "1"), F(null, "d", ""),
        )
    }

    test("field names are case-sensitive and must match exactly") {
        decode("Data: no\nevent : no\ndata: yes\n\n") shouldBe listOf(F(null, "yes"))
    }

    test("a partial event at the end of the body is not dispatched") {
        decode("data: complete\n\ndata: partial\n") shouldBe listOf(F(null, "complete"))
        decode("data: complete\n\ndata: partial") shouldBe listOf(F(null, "complete"))
        val d = SseDecoder("p")
        val bytes = "data: x\n".toByteArray()
        d.feed(bytes, 0, bytes.size)
        d.next() shouldBe null
        d.endOfInput() shouldBe null
    }

    test("a leading byte order mark is skipped") {
        decodeChunks(SseDecoder("p"), listOf(byteArrayOf(0xEF.toByte(), 0xBB.toByte(), 0xBF.toByte()) + "data: x\n\n".toByteArray())) shouldBe
            listOf(F(null, "x"))
    }

    test("a CR at the end of one read and the LF at the start of the next are one line break") {
        decodeChunks(SseDecoder("p"), listOf("data: a\r".toByteArray(), "\ndata: b\r\n\r\n".toByteArray())) shouldBe
            listOf(F(null, "a\nb"))
    }

    test("malformed UTF-8 is replaced, not fatal") {
        decodeChunks(SseDecoder("p"), listOf("data: a".toByteArray() + byteArrayOf(0xC3.toByte()) + "\n\n".toByteArray())) shouldBe
            listOf(F(null, "a\uFFFD"))
    }

    val template = "\uFEFF: stream start\n" +
        "event: message_start\nid: 7\ndata: {\"type\":\"start\"}\n\n" +
        "data: héllo wörld\ndata: 日本語 and 😀 emoji\n\n" +
        ": ping\n\n" +
        "event: delta\ndata:{\"text\":\"Ωμέγα\"}\n\n" +
        "data: [DONE]\n\n" +
        "data: dangling"
    val expected = listOf(
        F("message_start", "{\"type\":\"start\"}", "7"),
        F(null, "héllo wörld\n日本語 and 😀 emoji", "7"),
        F("delta", "{\"text\":\"Ωμέγα\"}", "7"),
        F(null, "[DONE]", "7"),
    )
    for ((name, eol) in listOf("LF" to "\n", "CR" to "\r", "CRLF" to "\r\n")) {
        test("every split of a multi-event body with $name line ends decodes the same") {
            val body = template.replace("\n", eol).toByteArray(Charsets.UTF_8)
            var cases = 0
            for (chunks in splits(body, tripleLimit = 0)) {
                withClue("split sizes ${chunks.map { it.size }}") { decodeChunks(SseDecoder("p"), chunks) shouldBe expected }
                cases++
            }
            cases shouldBe body.size + 3
        }
    }

    test("every two- and three-way split of a short body with mixed line ends and multi-byte characters") {
        val body = "data: é😀\r\ndata: x\r\rid: ü\nevent: e\r\ndata: 日\n\n".toByteArray(Charsets.UTF_8)
        val want = listOf(F(null, "é😀\nx"), F("e", "日", "ü"))
        var cases = 0
        for (chunks in splits(body)) {
            withClue("split sizes ${chunks.map { it.size }}") { decodeChunks(SseDecoder("p"), chunks) shouldBe want }
            cases++
        }
        cases shouldBe 1 + (body.size + 1) + (body.size + 1) * (body.size + 2) / 2 + 1
    }

    test("a line longer than the limit is a ProtocolException, not an out-of-memory") {
        val d = SseDecoder("acme", maxBytes = 64)
        val chunk = "data: ".toByteArray() + ByteArray(40) { 'a'.code.toByte() }
        d.feed(chunk, 0, chunk.size)
        d.next() shouldBe null
        val e = shouldThrow<ProtocolException> {
            d.feed(chunk, 0, chunk.size)
            d.next()
        }
        e.provider shouldBe "acme"
        e.message!! shouldContain "longer than"
    }

    test("an event whose data lines add up beyond the limit is a ProtocolException") {
        val line = "data: " + "b".repeat(30) + "\n"
        val bytes = line.repeat(3).toByteArray()
        shouldThrow<ProtocolException> { decodeChunks(SseDecoder("p", maxBytes = 64), listOf(bytes)) }
        decodeChunks(SseDecoder("p", maxBytes = 64), listOf((line + "\n" + line + "\n").toByteArray())).size shouldBe 2
    }

    test("event names are reused between events of the same name and still correct when they change") {
        val frames = decodeChunks(SseDecoder("p"), listOf("event: a\ndata: 1\n\nevent: a\ndata: 2\n\nevent: b\ndata: 3\n\n".toByteArray()))
        frames.map { it.event } shouldBe listOf("a", "a", "b")
    }
})
