package dev.switchboard.faults

import dev.switchboard.ProtocolException
import dev.switchboard.internal.http.BodyInflater
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayOutputStream
import java.io.EOFException
import java.util.zip.CRC32
import java.util.zip.Deflater
import java.util.zip.DeflaterOutputStream
import java.util.zip.GZIPOutputStream

/** Compressed bodies, decoded chunk by chunk the way the transport reads them off the network. */
class BodyInflaterTest : FunSpec({
    val text = (1..400).joinToString("") { "data: {\"n\":$it,\"text\":\"piece $it\"}\n\n" }

    fun gzip(s: String): ByteArray = ByteArrayOutputStream().also { o -> GZIPOutputStream(o).use { it.write(s.toByteArray()) } }.toByteArray()

    /** Feeds [body] in pieces of [piece] bytes and drains with an output array of [outSize] bytes. */
    fun decode(inflater: BodyInflater, body: ByteArray, piece: Int, outSize: Int = 37): String {
        val out = ByteArrayOutputStream()
        val buf = ByteArray(outSize)
        var at = 0
        while (at < body.size) {
            val n = minOf(piece, body.size - at)
            val chunk = body.copyOfRange(at, at + n)
            inflater.input(chunk, 0, n)
            while (true) {
                val m = inflater.inflate(buf)
                if (m == 0) break
                out.write(buf, 0, m)
            }
            at += n
        }
        inflater.finish()
        return out.toString(Charsets.UTF_8)
    }

    fun gzipOf() = BodyInflater.of("gzip", "p", 200)!!

    test("gzip split at every piece size from 1 to 64 bytes decodes to the same text") {
        val body = gzip(text)
        for (piece in 1..64) decode(gzipOf(), body, piece) shouldBe text
        decode(gzipOf(), body, body.size, outSize = 1 shl 16) shouldBe text
    }

    test("concatenated gzip members decode one after another") {
        decode(gzipOf(), gzip("first part, ") + gzip("second part"), 5) shouldBe "first part, second part"
    }

    test("a gzip header with extra field, file name, comment and header CRC is skipped") {
        val deflater = Deflater(Deflater.DEFAULT_COMPRESSION, true)
        val payload = "with every optional header field".toByteArray()
        val raw = ByteArrayOutputStream().also { o -> DeflaterOutputStream(o, deflater).use { it.write(payload) } }.toByteArray()
        val crc = CRC32().apply { update(payload) }.value
        val header = byteArrayOf(0x1F, 0x8B.toByte(), 8, (2 or 4 or 8 or 16).toByte(), 0, 0, 0, 0, 0, 3) +
            byteArrayOf(3, 0, 1, 2, 3) + "name.json".toByteArray() + 0 + "a comment".toByteArray() + 0 + byteArrayOf(0x12, 0x34)
        val trailer = ByteArray(8) { i -> if (i < 4) (crc shr (8 * i)).toByte() else (payload.size shr (8 * (i - 4))).toByte() }
        for (piece in listOf(1, 2, 3, 7, 1000)) decode(gzipOf(), header + raw + trailer, piece) shouldBe String(payload)
    }

    test("deflate (zlib) bodies decode") {
        val body = ByteArrayOutputStream().also { o -> DeflaterOutputStream(o).use { it.write(text.toByteArray()) } }.toByteArray()
        decode(BodyInflater.of("deflate", "p", 200)!!, body, 11) shouldBe text
    }

    test("a corrupt CRC, bytes that are not gzip and a truncated body are refused") {
        val body = gzip(text)
        val badCrc = body.copyOf().also { it[it.size - 8] = (it[it.size - 8] + 1).toByte() }
        shouldThrow<ProtocolException> { decode(gzipOf(), badCrc, 100) }.message!! shouldContain "CRC"
        shouldThrow<ProtocolException> { decode(gzipOf(), "{\"not\":\"gzip\"}".toByteArray(), 3) }.message!! shouldContain "gzip"
        shouldThrow<EOFException> { decode(gzipOf(), body.copyOf(body.size - 5), 100) }
        shouldThrow<EOFException> { decode(gzipOf(), body.copyOf(body.size / 2), 100) }
    }

    test("inflateAll decodes a whole body and refuses one that decodes past the limit") {
        BodyInflater.inflateAll(gzipOf(), gzip(text), 1 shl 20, "p").toString(Charsets.UTF_8) shouldBe text
        val bomb = gzip("\u0000".repeat(4 * 1024 * 1024))
        shouldThrow<ProtocolException> { BodyInflater.inflateAll(gzipOf(), bomb, 1024 * 1024, "p") }.message!! shouldContain "1 MiB"
        shouldThrow<ProtocolException> { BodyInflater.inflateAll(gzipOf(), gzip(text).copyOf(40), 1 shl 20, "p") }
    }

    test("identity and absent codings need no decoder; codings this client cannot decode are refused by name") {
        BodyInflater.of(null, "p", 200).shouldBeNull()
        BodyInflater.of("identity", "p", 200).shouldBeNull()
        decode(BodyInflater.of(" X-GZIP ", "p", 200)!!, gzip("old name"), 2) shouldBe "old name"
        for (coding in listOf("br", "zstd", "gzip, br")) {
            shouldThrow<ProtocolException> { BodyInflater.of(coding, "p", 200) }.message!! shouldContain coding
        }
    }
})
