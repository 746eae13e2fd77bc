package dev.switchboard.fuzz

import com.code_intelligence.jazzer.api.FuzzedDataProvider
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FunctionCall
import dev.switchboard.SwitchboardException
import dev.switchboard.contract.ProviderWire
import dev.switchboard.contract.WireUsage

import dev.switchboard.spi.ChatCodec
import kotlin.coroutines.cancellation.CancellationException

/**
 * Fuzzes a provider's [codec] the way the client drives it: a body split into frames by the transport's own
 * frame decoder (in chunks the fuzzer chooses), each frame through the stream decoder of the call the codec
 * prepared, then its `finish`; or a plain answer through the prepared call's `decodeResponse`. The bodies are
 * the provider's own answers ([wire]) broken by the fuzzer: frames replaced, cut, spliced with fuzzer text, dropped, repeated, JSON values swapped
 * for odd ones, fuzzer bytes appended.
 *
 * What must hold is what the client's callers rely on: the codec throws a [SwitchboardException], or a
 * `RuntimeException` that the client ([dev.switchboard.spi.CodecClients]) turns into a `ProtocolException`,
 * never an `Error` (a stack overflow on deep JSON) or a `CancellationException`; the provider's own answers,
 * unbroken, decode to their text; a stream decoder says "terminated" at most once per stream. Hangs and
 * running out of memory are findings Jazzer reports itself.
 *
 * A provider's tests call [check] from a Jazzer `@FuzzTest`; one instance serves the whole run.
 */
public class StreamFuzzing(private val wire: ProviderWire, private val codec: ChatCodec) {
    private val model = "fuzz-model"
    private val request = CreateRequest.builder().user("Fuzz").build()
    private val usage = WireUsage(3, 5)
    private val pieces = listOf("Hel", "lo, ", "wörld ", "\uD83D\uDE00", ".")
    private val call = FunctionCall("call_fuzz_1", "lookup", """{"city":"Zürich","days":[1,2,3],"exact":true}""")
    private val streams: List<List<String>> = listOf(
        wire.textStream(model, pieces, usage),
        wire.toolCallStream(model, call, usage),
        wire.endlessTextStream(model).take(4).toList(),
    )
    private val answers: List<String> = listOf(
        wire.textResponse(model, pieces.joinToString(""), usage),
        wire.toolCallResponse(model, call, usage),
        wire.structuredResponse(model, """{"a":[1,{"b":null}],"c":"\u00e9"}""", usage),
    )

    /** One fuzz input: a streamed or a plain answer, broken. */
    public fun check(data: FuzzedDataProvider) {
        val stream = data.consumeBoolean()
        val base = data.consumeInt(0, 2)
        val parts = (if (stream) streams[base] else listOf(answers[base])).toMutableList()
        val mutations = data.consumeInt(0, 4)
        repeat(mutations) { mutate(parts, data) }
        val cutSeeds = IntArray(data.consumeInt(0, 6)) { data.consumeInt(0, Int.MAX_VALUE) }
        val tail = data.consumeRemainingAsBytes()
        val body = (if (stream) frameBytes(parts) else parts.joinToString("").toByteArray()) + tail
        val intact = mutations == 0 && tail.isEmpty()
        if (stream) {
            val result = decodeStream(body, cutSeeds)
            if (intact && base == 0 && (result == null || result.content != pieces.joinToString(""))) {
                throw AssertionError("the provider's own stream did not decode to its text: $result")
            }
        } else {
            val result = guarded { codec.prepare(model, request, false).decodeResponse(body, "req-fuzz") }
            if (intact && base == 0 && result?.content != pieces.joinToString("")) {
                throw AssertionError("the provider's own answer did not decode to its text: $result")
            }
        }
    }

    /** The stream's [parts] as the server sends them (for a binary framing, one message each). */
    private fun frameBytes(parts: List<String>): ByteArray {
        val out = java.io.ByteArrayOutputStream()
        for (p in parts) out.write(wire.frameBytes(p))
        return out.toByteArray()
    }

    /** Decodes [body] as a stream; the result, or null when the codec refused it as the client allows. */
    private fun decodeStream(body: ByteArray, cutSeeds: IntArray): CreateResult? {
        val prepared = guarded { codec.prepare(model, request, true) } ?: return null
        val frames = prepared.framing.newDecoder(codec.provider)
        val decoder = guarded { prepared.newStreamDecoder("req-fuzz") } ?: return null
        val out = ArrayList<ChatStreamEvent>()
        var terminated = false
        val cuts = cutSeeds.map { it % (body.size + 1) }.sorted() + body.size
        var from = 0
        try {
            for (to in cuts) {
                frames.feed(body, from, to - from)
                from = to
                while (true) {
                    val frame = frames.next() ?: break
                    if (terminated) continue
                    terminated = guarded { decoder.decode(frame, out) } ?: return null
                }
            }
            if (!terminated) {
                val last = frames.endOfInput()
                if (last != null) terminated = guarded { decoder.decode(last, out) } ?: return null
            }
        } catch (e: SwitchboardException) {
            return null // the frame decoder's size guard
        }
        if (out.any { it is ChatStreamEvent.Completed }) throw AssertionError("a stream decoder emitted Completed itself: $out")
        return guarded { decoder.finish(terminated) }
    }

    /** [block]'s value, or null for a failure the client turns into a typed error; anything else escapes. */
    private inline fun <T> guarded(block: () -> T): T? = try {
        block()
    } catch (e: CancellationException) {
        throw AssertionError("a codec threw a CancellationException, which the client would pass on as a cancellation", e)
    } catch (e: SwitchboardException) {
        null
    } catch (e: RuntimeException) {
        null // the client's codecFailure: a ProtocolException
    }

    private fun mutate(parts: MutableList<String>, data: FuzzedDataProvider) {
        if (parts.isEmpty()) {
            parts += data.consumeString(64)
            return
        }
        val i = data.consumeInt(0, parts.size - 1)
        val p = parts[i]
        when (data.consumeInt(0, 6)) {
            0 -> parts[i] = data.consumeString(256)
            1 -> parts[i] = p.substring(0, data.consumeInt(0, p.length))
            2 -> {
                val at = data.consumeInt(0, p.length)
                parts[i] = p.substring(0, at) + data.consumeString(32) + p.substring(at)
            }
            3 -> parts.removeAt(i)
            4 -> parts.add(i, p)
            5 -> parts[i] = swapValue(p, data)
            else -> {
                val at = data.consumeInt(0, p.length)
                val len = data.consumeInt(0, p.length - at)
                parts[i] = p.substring(0, at) + p.substring(at + len)
            }
        }
    }

    /** [p] with one JSON scalar (a string, number, true, false or null) replaced by an odd value. */
    private fun swapValue(p: String, data: FuzzedDataProvider): String {
        val scalars = SCALAR.findAll(p).toList()
        if (scalars.isEmpty()) return p
        val m = scalars[data.consumeInt(0, scalars.size - 1)]
        return p.substring(0, m.range.first) + data.pickValue(ODD) + p.substring(m.range.last + 1)
    }

    private companion object {
        val SCALAR = Regex("\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|true|false|null")
        val ODD = listOf(
            "null", "true", "false", "0", "-1", "2147483648", "-9223372036854775809", "1e309", "-0.0", "1.5", "\"\"",
            "\"-1\"", "\"\\u0000\"", "\"\\ud800\"", "{}", "[]", "[null]", "{\"\":{}}", "\"x\"", "[[[[[]]]]]",
            "\"" + "a".repeat(300) + "\"", "99999999999999999999999",
        )
    }
}
