package dev.switchboard.http

import dev.switchboard.internal.http.NdjsonDecoder
import dev.switchboard.internal.http.SseDecoder
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.random.Random

/**
 * The byte-level decoders against plain String-based readings of the same rules, on random bodies cut
 * into random chunks: whatever the bytes and wherever the reads split them, both must agree.
 */
class FrameDecoderReferenceTest : FunSpec({
    fun randomBody(rnd: Random, pieces: List<String>): String = buildString {
        if (rnd.nextInt(10) == 0) append('\uFEFF')
        repeat(rnd.nextInt(30)) { append(pieces[rnd.nextInt(pieces.size)]) }
    }

    fun randomChunks(rnd: Random, bytes: ByteArray): List<ByteArray> {
        val cuts = List(rnd.nextInt(4)) { rnd.nextInt(bytes.size + 1) }.sorted() + bytes.size
        var from = 0
        return cuts.map { to -> bytes.copyOfRange(from, to).also { from = to } }
    }

    fun shown(text: String) = text.replace("\r", "\\r").replace("\n", "\\n")

    test("SSE: the decoder reads every body as the WHATWG rules read its text") {
        val pieces = listOf(
            "data", "event", "id", "retry", ":", " ", "\r", "\n", "\r\n", "\n\n", "x", "é", "日", "\u0000", "data: ", "event: e",
        )
        val rnd = Random(42)
        repeat(20_000) {
            val text = randomBody(rnd, pieces)
            val chunks = randomChunks(rnd, text.toByteArray())
            withClue("${shown(text)} in chunks of ${chunks.map { it.size }}") {
                decodeChunks(SseDecoder("p"), chunks) shouldBe referenceSse(text)
            }
        }
    }

    test("NDJSON: the decoder reads every body as its trimmed, non-blank lines") {
        val pieces = listOf("{", "}", " ", "\t", "\r", "\n", "\r\n", "\n\n", "x", "é")
        val rnd = Random(7)
        repeat(20_000) {
            val text = randomBody(rnd, pieces)
            val want = text.removePrefix("\uFEFF").split("\n").map { it.trim(' ', '\t', '\r') }.filter { it.isNotEmpty() }
            val chunks = randomChunks(rnd, text.toByteArray())
            withClue("${shown(text)} in chunks of ${chunks.map { it.size }}") {
                decodeChunks(NdjsonDecoder("p"), chunks).map { it.data } shouldBe want
            }
        }
    }
})

/** The events of an SSE body, read as the WHATWG "event stream interpretation" says, on Strings. */
private fun referenceSse(body: String): List<F> {
    val lines = ArrayList<String>()
    val line = StringBuilder()
    val text = body.removePrefix("\uFEFF")
    var i = 0
    while (i < text.length) {
        when (val c = text[i]) {
            '\r', '\n' -> {
                lines += line.toString()
                line.clear()
                if (c == '\r' && i + 1 < text.length && text[i + 1] == '\n') i++
            }
            else -> line.append(c)
        }
        i++
    }
    val out = ArrayList<F>()
    val data = StringBuilder()
    var hasData = false
    var event: String? = null
    var id: String? = null
    for (l in lines) {
        if (l.isEmpty()) {
            if (hasData) out += F(event, data.toString(), id)
            data.clear()
            hasData = false
            event = null
            continue
        }
        if (l.startsWith(":")) continue
        val name = l.substringBefore(':')
        val value = if (':' in l) l.substringAfter(':').removePrefix(" ") else ""
        when (name) {
            "data" -> {
                if (hasData) data.append('\n')
                data.append(value)
                hasData = true
            }
            "event" -> event = value.ifEmpty { null }
            "id" -> if ('\u0000' !in value) id = value
        }
    }
    return out
}
