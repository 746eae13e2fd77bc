package dev.switchboard.http

import dev.switchboard.ProtocolException
import dev.switchboard.internal.http.NdjsonDecoder
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class NdjsonDecoderTest : FunSpec({
    fun decode(text: String): List<String> =
        decodeChunks(NdjsonDecoder("p"), listOf(text.toByteArray())).map { it.data }

    test("one frame per line, LF or CRLF, without the line end") {
        decode("{\"a\":1}\n{\"b\":2}\r\n") shouldBe listOf("{\"a\":1}", "{\"b\":2}")
    }

    test("blank and whitespace-only lines are skipped") {
        decode("\n{\"a\":1}\n\n  \r\n\t\n{\"b\":2}\n\n") shouldBe listOf("{\"a\":1}", "{\"b\":2}")
    }

    test("the last line without a line break is still a frame") {
        decode("{\"a\":1}\n{\"done\":true}") shouldBe listOf("{\"a\":1}", "{\"done\":true}")
        decode("{\"done\":true}\r") shouldBe listOf("{\"done\":true}")
        decode("   ") shouldBe emptyList()
    }

    test("frames have no event name") {
        decodeChunks(NdjsonDecoder("p"), listOf("{}\n".toByteArray())).single().event shouldBe null
    }

    test("every split of a body with multi-byte characters decodes the same") {
        val body = "\uFEFF{\"t\":\"héllo\"}\r\n\n{\"t\":\"日本語😀\"}\n  \n{\"done\":true}".toByteArray(Charsets.UTF_8)
        val want = listOf("{\"t\":\"héllo\"}", "{\"t\":\"日本語😀\"}", "{\"done\":true}")
        var cases = 0
        for (chunks in splits(body, tripleLimit = 60)) {
            withClue("split sizes ${chunks.map { it.size }}") {
                decodeChunks(NdjsonDecoder("p"), chunks).map { it.data } shouldBe want
            }
            cases++
        }
        cases shouldBe 1 + (body.size + 1) + (body.size + 1) * (body.size + 2) / 2 + 1
    }

    test("a line longer than the limit is a ProtocolException") {
        shouldThrow<ProtocolException> {
            decodeChunks(NdjsonDecoder("p", maxBytes = 32), listOf(ByteArray(20) { 'x'.code.toByte() }, ByteArray(20) { 'x'.code.toByte() }))
        }
        decodeChunks(NdjsonDecoder("p", maxBytes = 32), listOf(("x".repeat(30) + "\n").toByteArray())).size shouldBe 1
    }
})
