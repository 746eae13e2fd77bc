package dev.switchboard.gemini

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateResult
import dev.switchboard.ContentFilterResult
import dev.switchboard.StreamInterruptedException
import dev.switchboard.gemini.internal.GenerateContentResponseDto
import dev.switchboard.gemini.internal.PartDto
import dev.switchboard.gemini.internal.UsageMetadataDto
import dev.switchboard.gemini.internal.WireJson
import dev.switchboard.spi.DecodeErrors
import dev.switchboard.spi.Secrets
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFrame

/**
 * Decodes the chunks of `streamGenerateContent?alt=sse`, each a `GenerateContentResponse` holding the next parts of
 * each candidate, into events, gathering the same answer [GenerateContentDecoder] reads from a whole response.
 *
 * Gemini's stream has no terminating event: it is complete when the body ends after every candidate that appeared
 * has sent its `finishReason`; a body that ends before is a [StreamInterruptedException]. The usage is the last
 * chunk's `usageMetadata` (the counts are cumulative). A blocked prompt is a [dev.switchboard.ContentFilterException]
 * and an `error` object a [StreamInterruptedException] whose cause is the typed error.
 */
internal class GenerateContentStreamDecoder(
    private val provider: String,
    private val requestId: String?,
    private val secrets: Secrets = Secrets.NONE,
    /** Whether text chunks are read by [TextChunkReader] (false only in tests, to compare with the DTOs' reading). */
    fastPath: Boolean = true,
) : StreamDecoder {
    private val fast = if (fastPath) TextChunkReader() else null
    private val answers = sortedMapOf<Int, CandidateAnswer>()
    private var chunks = 0
    private var responseId: String? = null
    private var model: String? = null
    private var usage: UsageMetadataDto? = null
    private var promptFilter: List<ContentFilterResult> = emptyList()

    override fun decode(frame: StreamFrame, out: MutableList<ChatStreamEvent>): Boolean {
        if (fast != null && fast.read(frame.bytes)) {
            chunks++
            if (responseId == null) responseId = fast.responseId?.ifEmpty { null }
            fast.modelVersion?.ifEmpty { null }?.let { model = it }
            fast.usage?.let { usage = it }
            candidate(fast.index) { frame.data }.part(PartDto(text = fast.text), responseId, out)
            return false
        }
        val data = frame.data
        if (data.isBlank()) return false
        val chunk = try {
            WireJson.decodeFromString(GenerateContentResponseDto.serializer(), data)
        } catch (e: IllegalArgumentException) { // SerializationException is one
            throw DecodeErrors.unreadable(provider, "stream sent a chunk that is not a valid GenerateContentResponse", data, requestId, e, secrets, max = 300)
        }
        chunk.error?.let { throw GeminiErrors.fromErrorPayload(provider, it, requestId, data, streaming = true, secrets = secrets) }
        GenerateContentDecoder.blocked(provider, chunk.promptFeedback, requestId, data, secrets)?.let { throw it }
        chunks++
        if (responseId == null) responseId = chunk.responseId?.ifEmpty { null }
        chunk.modelVersion?.ifEmpty { null }?.let { model = it }
        chunk.usageMetadata?.let { usage = it }
        chunk.promptFeedback?.safetyRatings?.let { promptFilter = CandidateAnswer.filterResults(it) }
        for (c in chunk.candidates.orEmpty()) {
            val answer = candidate(c.index ?: 0) { data }
            c.content?.parts?.forEach { answer.part(it, responseId, out) }
            answer.finish(c.finishReason?.ifEmpty { null }, c.safetyRatings, out)
        }
        return false
    }

    override fun finish(terminated: Boolean): CreateResult {
        val unfinished = answers.values.filter { !it.hasFinished }
        if (answers.isEmpty() || unfinished.isNotEmpty()) {
            throw StreamInterruptedException(
                "The $provider stream ended before ${if (answers.size > 1) "every candidate sent" else "it sent"} its finishReason: " +
                    "the answer is incomplete (received ${received()})",
                provider, 200, requestId,
            )
        }
        return CreateResult(
            answers.values.map { it.toChoice() }, GenerateContentDecoder.usage(usage), id = responseId, model = model, promptFilter = promptFilter,
        )
    }

    /** The answer of candidate [index], checked to be in range ([data] is the chunk, for the error). */
    private inline fun candidate(index: Int, data: () -> String): CandidateAnswer {
        if (index < 0 || index > MAX_CANDIDATES) {
            throw DecodeErrors.unreadable(provider, "stream sent a candidate index out of range ($index)", data(), requestId, null, secrets)
        }
        return answers.getOrPut(index) { CandidateAnswer(index, provider, requestId) }
    }

    private fun received(): String {
        if (chunks == 0) return "nothing"
        val text = answers.values.sumOf { it.textLength }
        val calls = answers.values.sumOf { it.callCount }
        return "$chunks chunks, $text characters of text and $calls function calls"
    }

    private companion object {
        const val MAX_CANDIDATES = 1_000
    }
}
