package dev.switchboard.http

import dev.switchboard.ProtocolException
import dev.switchboard.internal.http.EventStreamDecoder
import dev.switchboard.internal.http.EventStreamMessages
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import java.util.Base64
import java.util.zip.CRC32

/**
 * The AWS event-stream codec test vectors (vendored from smithy-typescript, see
 * `fixtures/aws-eventstream-test-vectors/README.md`): every positive vector decodes to exactly its decoded form
 * (lengths, CRCs, each header's type and value, the payload), through the message reader and through the
 * framing's decoder however the bytes are cut; every negative vector is refused with the error it names.
 */
class EventStreamVectorsTest : FunSpec({
    fun resource(path: String): ByteArray =
        checkNotNull(EventStreamVectorsTest::class.java.getResourceAsStream("/fixtures/aws-eventstream-test-vectors/$path")) {
            "missing vector $path"
        }.use { it.readBytes() }

    val positive = listOf("all_headers", "empty_message", "int32_header", "payload_no_headers", "payload_one_str_header")
    val negative = listOf("corrupted_header_len", "corrupted_headers", "corrupted_length", "corrupted_payload")
    val b64 = Base64.getDecoder()

    for (name in positive) {
        test("positive vector $name decodes to its decoded form") {
            val bytes = resource("encoded/positive/$name")
            val expected = Json.parseToJsonElement(resource("decoded/positive/$name").decodeToString()).jsonObject
            val total = expected.getValue("total_length").jsonPrimitive.int
            bytes.size shouldBe total
            EventStreamMessages.int(bytes, 4) shouldBe expected.getValue("headers_length").jsonPrimitive.int
            EventStreamMessages.int(bytes, 8) shouldBe expected.getValue("prelude_crc").jsonPrimitive.long.toInt()
            EventStreamMessages.int(bytes, total - 4) shouldBe expected.getValue("message_crc").jsonPrimitive.long.toInt()
            EventStreamMessages.totalLength(bytes, 0, 1 shl 20, CRC32()) shouldBe total
            val message = EventStreamMessages.decode(bytes, 0, total, CRC32())
            message.payload.toList() shouldBe b64.decode(expected.getValue("payload").jsonPrimitive.content).toList()
            val headers = expected.getValue("headers").jsonArray.map { it.jsonObject }
            message.headers shouldHaveSize headers.size
            for ((h, e) in message.headers.zip(headers)) {
                h.name shouldBe e.getValue("name").jsonPrimitive.content
                h.type shouldBe e.getValue("type").jsonPrimitive.int
                val v = e.getValue("value").jsonPrimitive
                when (h.type) {
                    0, 1 -> h.value shouldBe v.boolean
                    2 -> (h.value as Byte).toLong() shouldBe v.long
                    3 -> (h.value as Short).toLong() shouldBe v.long
                    4 -> (h.value as Int).toLong() shouldBe v.long
                    5, 8 -> h.value shouldBe v.long
                    6, 9 -> (h.value as ByteArray).toList() shouldBe b64.decode(v.content).toList()
                    7 -> (h.value as String).encodeToByteArray().toList() shouldBe b64.decode(v.content).toList()
                    else -> error("unexpected type ${h.type}")
                }
            }
        }

        test("positive vector $name comes out of the framing's decoder as one frame, however the bytes are cut") {
            val bytes = resource("encoded/positive/$name")
            val message = EventStreamMessages.decode(bytes, 0, bytes.size, CRC32())
            val wanted = listOf(F(null, message.payload.decodeToString()))
            for (chunks in splits(bytes, tripleLimit = 70)) {
                decodeChunks(EventStreamDecoder("aws"), chunks).map { it.copy(event = null) } shouldBe wanted
            }
        }
    }

    test("all_headers: the frame's headers are the values as text") {
        val bytes = resource("encoded/positive/all_headers")
        val d = EventStreamDecoder("aws")
        d.feed(bytes, 0, bytes.size)
        val frame = checkNotNull(d.next())
        frame.headers shouldBe mapOf(
            "event-type" to "40972",
            "content-type" to "application/json",
            "bool false" to "false",
            "bool true" to "true",
            "byte" to "-49",
            "byte buf" to Base64.getEncoder().encodeToString("I'm a little teapot!".toByteArray()),
            "timestamp" to "8675309",
            "int16" to "42",
            "int64" to "42424242",
            "uuid" to "01020304-0506-0708-090a-0b0c0d0e0f10",
        )
        frame.data shouldBe "{'foo':'bar'}"
        d.next() shouldBe null
    }

    for (name in negative) {
        test("negative vector $name is refused with '${name.replace('_', ' ')}'s error") {
            val bytes = resource("encoded/negative/$name")
            val reason = resource("decoded/negative/$name").decodeToString().trim()
            val direct = shouldThrow<EventStreamMessages.Malformed> {
                val total = EventStreamMessages.totalLength(bytes, 0, 1 shl 20, CRC32())
                EventStreamMessages.decode(bytes, 0, minOf(total, bytes.size), CRC32())
            }
            direct.message shouldBe reason
            val d = EventStreamDecoder("aws")
            d.feed(bytes, 0, bytes.size)
            val e = shouldThrow<ProtocolException> { d.next() ?: d.endOfInput() }
            e.message shouldContain reason
            e.provider shouldBe "aws"
        }
    }
})
