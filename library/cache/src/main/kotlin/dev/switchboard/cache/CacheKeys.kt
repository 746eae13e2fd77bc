package dev.switchboard.cache

import dev.switchboard.AssistantMessage
import dev.switchboard.DocumentPart
import dev.switchboard.ChatCompletionClient
import dev.switchboard.CreateRequest
import dev.switchboard.FunctionCall
import dev.switchboard.GuidedDecoding
import dev.switchboard.ImagePart
import dev.switchboard.LlmMessage
import dev.switchboard.ResponseFormat
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.ToolChoice
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.nio.ByteBuffer
import java.security.MessageDigest

/**
 * The cache key of a call: a SHA-256 of everything that changes the answer, written field by field with a tag and a
 * length before each value, so that no two different requests write the same bytes. JSON objects (tool schemas,
 * extra body fields) are written with their keys sorted, so the order they were built in does not matter.
 *
 * Written: the key format version, the client's provider, endpoint and model; every message with its role, name,
 * text, image (its URL, or the SHA-256 of its bytes, media type and detail), tool calls, thought and thought blocks,
 * and tool results; the tools (name, description, schema, strict); tool choice, parallel tool calls, response format, guided decoding;
 * every sampling option; the end user; extra body fields; and extra headers except those that may carry a
 * credential. Not written: the API key and every other credential, prompt-cache markers (they change the price, not
 * the answer) and [CreateRequest.responseCache].
 */
internal object CacheKeys {
    /** Bumped when what is written changes, so that old entries are simply never found again. */
    private const val VERSION = "switchboard-cache-key/1"
    private val CREDENTIAL_HEADER = Regex("(?i)^(authorization|proxy-authorization|cookie)$|api-?key|token|secret|password|session|signature")
    private val HEX = "0123456789abcdef".toCharArray()

    fun of(client: ChatCompletionClient, request: CreateRequest): String {
        val w = KeyWriter()
        w.str(VERSION)
        w.str(client.provider)
        w.opt(client.endpoint)
        w.str(client.model)
        w.int(request.messages.size)
        for (m in request.messages) message(w, m)
        w.int(request.tools.size)
        for (t in request.tools) {
            w.str(t.name); w.opt(t.description); w.json(t.parameters); w.bool(t.strict)
        }
        when (val c = request.toolChoice) {
            null -> w.tag('-')
            is ToolChoice.Named -> { w.tag('n'); w.str(c.name) }
            else -> w.str(c.toString())
        }
        w.opt(request.parallelToolCalls?.toString())
        when (val f = request.responseFormat) {
            null -> w.tag('-')
            is ResponseFormat.JsonSchema -> { w.tag('s'); w.str(f.name); w.json(f.schema); w.bool(f.strict); w.opt(f.description) }
            else -> w.str(f.toString())
        }
        w.opt(request.temperature?.toString()); w.opt(request.topP?.toString()); w.opt(request.topK?.toString())
        w.opt(request.maxTokens?.toString())
        w.int(request.stop.size); request.stop.forEach(w::str)
        w.opt(request.seed?.toString()); w.opt(request.n?.toString())
        w.opt(request.presencePenalty?.toString()); w.opt(request.frequencyPenalty?.toString())
        w.int(request.logitBias.size); request.logitBias.toSortedMap().forEach { (k, v) -> w.str(k); w.int(v) }
        w.opt(request.logprobs?.toString()); w.opt(request.topLogprobs?.toString())
        w.opt(request.reasoningEffort); w.opt(request.thinkingBudget?.toString()); w.opt(request.user)
        w.json(request.extraBody)
        val headers = request.extraHeaders.filterKeys { !CREDENTIAL_HEADER.containsMatchIn(it) }.mapKeys { it.key.lowercase() }.toSortedMap()
        w.int(headers.size); headers.forEach { (k, v) -> w.str(k); w.str(v) }
        // Written only when set, after everything else, so the keys of requests without it stay what they were.
        when (val g = request.guidedDecoding) {
            null -> Unit
            is GuidedDecoding.JsonSchema -> { w.tag('g'); w.tag('j'); w.json(g.schema) }
            is GuidedDecoding.Regex -> { w.tag('g'); w.tag('r'); w.str(g.pattern) }
            is GuidedDecoding.Grammar -> { w.tag('g'); w.tag('G'); w.str(g.grammar) }
            is GuidedDecoding.Choice -> { w.tag('g'); w.tag('c'); w.int(g.choices.size); g.choices.forEach(w::str) }
        }
        return hex(w.digest())
    }

    private fun message(w: KeyWriter, m: LlmMessage) {
        when (m) {
            is SystemMessage -> { w.tag('S'); w.str(m.content) }
            is UserMessage -> {
                w.tag('U'); w.opt(m.name); w.int(m.content.size)
                for (p in m.content) when (p) {
                    is TextPart -> { w.tag('t'); w.str(p.text) }
                    is ImagePart -> {
                        val image = p.image
                        w.tag('i'); w.str(image.detail.name)
                        val bytes = image.data()
                        if (bytes == null) w.opt(image.url) else { w.opt(image.mediaType); w.bytes(sha256(bytes)) }
                    }
                    is DocumentPart -> {
                        w.tag('d'); w.str(p.document.mediaType); w.str(p.document.name); w.bytes(sha256(p.document.data()))
                    }
                }
            }
            is AssistantMessage -> {
                w.tag('A'); w.opt(m.name); w.opt(m.content); calls(w, m.toolCalls); w.opt(m.thought)
                w.int(m.thoughtBlocks.size)
                for (b in m.thoughtBlocks) { w.str(b.text); w.opt(b.signature); w.opt(b.redactedData); w.opt(b.origin) }
            }
            is ToolResultMessage -> {
                w.tag('T'); w.int(m.results.size)
                for (r in m.results) { w.str(r.callId); w.opt(r.name); w.str(r.content); w.bool(r.isError) }
            }
        }
    }

    private fun calls(w: KeyWriter, calls: List<FunctionCall>) {
        w.int(calls.size)
        for (c in calls) { w.str(c.id); w.str(c.name); w.str(c.arguments) }
    }

    private fun sha256(bytes: ByteArray): ByteArray = MessageDigest.getInstance("SHA-256").digest(bytes)

    private fun hex(bytes: ByteArray): String {
        val out = CharArray(bytes.size * 2)
        for (i in bytes.indices) {
            val b = bytes[i].toInt() and 0xFF
            out[2 * i] = HEX[b ushr 4]; out[2 * i + 1] = HEX[b and 0x0F]
        }
        return String(out)
    }

    /** Feeds tagged, length-prefixed values into one SHA-256. */
    private class KeyWriter {
        private val digest = MessageDigest.getInstance("SHA-256")
        private val number = ByteBuffer.allocate(8)

        fun tag(c: Char) = digest.update(c.code.toByte())

        fun int(v: Int) {
            tag('#'); number.clear(); number.putInt(v); digest.update(number.array(), 0, 4)
        }

        fun bool(v: Boolean) = tag(if (v) '1' else '0')

        fun str(v: String) {
            tag('"'); bytes(v.toByteArray(Charsets.UTF_8))
        }

        fun bytes(v: ByteArray) {
            number.clear(); number.putInt(v.size); digest.update(number.array(), 0, 4); digest.update(v)
        }

        fun opt(v: String?) = if (v == null) tag('-') else str(v)

        fun json(e: JsonElement) {
            when (e) {
                is JsonNull -> tag('n')
                is JsonPrimitive -> { tag(if (e.isString) 's' else 'p'); str(e.content) }
                is JsonArray -> { tag('['); int(e.size); e.forEach(::json) }
                is JsonObject -> {
                    tag('{'); int(e.size)
                    for (k in e.keys.sorted()) { str(k); json(e.getValue(k)) }
                }
            }
        }

        fun digest(): ByteArray = digest.digest()
    }
}
