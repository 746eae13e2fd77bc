package dev.switchboard.gemini

import dev.switchboard.gemini.internal.UsageMetadataDto
import dev.switchboard.spi.JsonBytesReader
import dev.switchboard.spi.SwitchboardSpi

/**
 * Reads the chunk that makes up nearly all of a `streamGenerateContent` stream straight from its UTF-8 bytes: one
 * candidate with one text part and no finish reason, with the chunk's `usageMetadata` (its six counts; the per-modality
 * details are passed over, as the DTO does), `modelVersion` and `responseId`; members the DTOs do not know are passed
 * over. Anything else (the final chunk with its `finishReason`, thoughts, function calls, media, safety ratings, prompt
 * feedback, an error, several candidates or parts, a member given twice, malformed JSON) makes [read] return false, and
 * the stream decoder reads that chunk with its DTOs, which also report what is malformed. Not thread-safe.
 */
@OptIn(SwitchboardSpi::class)
internal class TextChunkReader : JsonBytesReader() {
    /** After a [read] that returned true: the chunk's `responseId` and `modelVersion` (null when absent or `null`). */
    var responseId: String? = null
        private set
    var modelVersion: String? = null
        private set

    /** After a [read] that returned true: the chunk's usage, or null when it has none. */
    var usage: UsageMetadataDto? = null
        private set

    /** After a [read] that returned true: the candidate's index (0 when it has none) and its text. */
    var index: Int = 0
        private set
    var text: String = ""
        private set

    private val counts = arrayOfNulls<Int>(USAGE_KEYS.size)

    /** Reads [json], one chunk; true when it is a text chunk of the shape above. */
    fun read(json: ByteArray): Boolean = reading(json) { chunk() }

    private fun chunk(): Boolean {
        ws()
        if (!eat('{')) return false
        responseId = null
        modelVersion = null
        usage = null
        var seen = 0
        val ok = members { start, len ->
            val bit = when {
                isKey(start, len, CANDIDATES) -> 1
                isKey(start, len, USAGE_METADATA) -> 2
                isKey(start, len, MODEL_VERSION) -> 4
                isKey(start, len, RESPONSE_ID) -> 8
                isKey(start, len, PROMPT_FEEDBACK) || isKey(start, len, ERROR) -> return false
                else -> 0
            }
            if (seen and bit != 0) return false
            seen = seen or bit
            when (bit) {
                1 -> candidates()
                2 -> usageMetadata()
                4 -> string()?.also { modelVersion = it } != null || nullValue()
                8 -> string()?.also { responseId = it } != null || nullValue()
                else -> skip()
            }
        }
        if (!ok || seen and 1 == 0) return false
        ws()
        return p == n
    }

    /** Exactly one candidate. */
    private fun candidates(): Boolean {
        if (!eat('[')) return false
        ws()
        if (!eat('{') || !candidate()) return false
        ws()
        return eat(']')
    }

    private fun candidate(): Boolean {
        index = 0
        var seen = 0
        return members { start, len ->
            val bit = when {
                isKey(start, len, INDEX) -> 1
                isKey(start, len, CONTENT) -> 2
                CANDIDATE_KEYS.any { isKey(start, len, it) } -> return false
                else -> 0
            }
            if (seen and bit != 0) return false
            seen = seen or bit
            when (bit) {
                1 -> smallInt().also { index = it } >= 0
                2 -> content()
                else -> skip()
            }
        } && seen and 2 != 0
    }

    private fun content(): Boolean {
        if (!eat('{')) return false
        var seen = 0
        return members { start, len ->
            val bit = when {
                isKey(start, len, PARTS) -> 1
                isKey(start, len, ROLE) -> 2
                else -> 0
            }
            if (seen and bit != 0) return false
            seen = seen or bit
            when (bit) {
                1 -> parts()
                2 -> string() != null || nullValue()
                else -> skip()
            }
        } && seen and 1 != 0
    }

    /** Exactly one part, with text. */
    private fun parts(): Boolean {
        if (!eat('[')) return false
        ws()
        if (!eat('{')) return false
        var seen = false
        val ok = members { start, len ->
            when {
                isKey(start, len, TEXT) -> !seen && string()?.also { text = it; seen = true } != null
                PART_KEYS.any { isKey(start, len, it) } -> false
                else -> skip()
            }
        }
        if (!ok || !seen) return false
        ws()
        return eat(']')
    }

    /** The six counts of the usage DTO, each a number or `null`; other members passed over. */
    private fun usageMetadata(): Boolean {
        if (!eat('{')) return false
        counts.fill(null)
        var seen = 0
        val ok = members { start, len ->
            var k = 0
            while (k < USAGE_KEYS.size && !isKey(start, len, USAGE_KEYS[k])) k++
            if (k == USAGE_KEYS.size) {
                skip()
            } else if (seen and (1 shl k) != 0) {
                false
            } else {
                seen = seen or (1 shl k)
                nullValue() || smallInt().also { counts[k] = it } >= 0
            }
        }
        if (!ok) return false
        usage = UsageMetadataDto(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5])
        return true
    }

    private companion object {
        val CANDIDATES = "candidates".encodeToByteArray()
        val USAGE_METADATA = "usageMetadata".encodeToByteArray()
        val MODEL_VERSION = "modelVersion".encodeToByteArray()
        val RESPONSE_ID = "responseId".encodeToByteArray()
        val PROMPT_FEEDBACK = "promptFeedback".encodeToByteArray()
        val ERROR = "error".encodeToByteArray()
        val INDEX = "index".encodeToByteArray()
        val CONTENT = "content".encodeToByteArray()
        val PARTS = "parts".encodeToByteArray()
        val ROLE = "role".encodeToByteArray()
        val TEXT = "text".encodeToByteArray()
        val CANDIDATE_KEYS = listOf("finishReason", "finishMessage", "safetyRatings").map { it.encodeToByteArray() }
        val PART_KEYS = listOf("thought", "thoughtSignature", "functionCall", "inlineData", "fileData", "executableCode", "codeExecutionResult")
            .map { it.encodeToByteArray() }

        /** In the order of [UsageMetadataDto]'s constructor. */
        val USAGE_KEYS = listOf(
            "promptTokenCount", "cachedContentTokenCount", "candidatesTokenCount", "toolUsePromptTokenCount", "thoughtsTokenCount",
            "totalTokenCount",
        ).map { it.encodeToByteArray() }
    }
}
