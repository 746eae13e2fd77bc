package dev.switchboard.gemini

import dev.switchboard.ContentFilterException
import dev.switchboard.CreateResult
import dev.switchboard.ProtocolException
import dev.switchboard.RequestUsage
import dev.switchboard.SwitchboardException
import dev.switchboard.gemini.internal.GenerateContentResponseDto
import dev.switchboard.gemini.internal.PromptFeedbackDto
import dev.switchboard.gemini.internal.UsageMetadataDto
import dev.switchboard.gemini.internal.WireJson
import dev.switchboard.spi.DecodeErrors
import dev.switchboard.spi.Secrets

/**
 * Reads a whole `GenerateContentResponse` into a [CreateResult]: one choice per candidate (see [CandidateAnswer]),
 * the usage ([usage]), `responseId` as the id and `modelVersion` as the model, the prompt's safety ratings as the
 * prompt filter. A blocked prompt (`promptFeedback.blockReason`, no candidates) is a [ContentFilterException] with
 * the ratings; an `error` object in a 200 answer is the typed error it describes.
 */
internal class GenerateContentDecoder(private val provider: String, private val secrets: Secrets = Secrets.NONE) {
    fun decode(body: ByteArray, requestId: String?): CreateResult {
        val text = body.decodeToString()
        val dto = try {
            WireJson.decodeFromString(GenerateContentResponseDto.serializer(), text)
        } catch (e: IllegalArgumentException) { // SerializationException is one
            throw DecodeErrors.unreadable(provider, "response is not a valid GenerateContentResponse", text, requestId, e, secrets)
        }
        dto.error?.let { throw GeminiErrors.fromErrorPayload(provider, it, requestId, text, streaming = false, secrets = secrets) }
        blocked(provider, dto.promptFeedback, requestId, text, secrets)?.let { throw it }
        val candidates = dto.candidates.orEmpty()
        if (candidates.isEmpty()) {
            throw ProtocolException(
                "The $provider response has no candidates and does not say the prompt was blocked: ${DecodeErrors.excerpt(text, secrets)}",
                provider, 200, requestId, DecodeErrors.excerpt(text, secrets),
            )
        }
        val answers = sortedMapOf<Int, CandidateAnswer>()
        for (c in candidates) {
            val index = c.index ?: 0
            val answer = answers.getOrPut(index) { CandidateAnswer(index, provider, requestId) }
            c.content?.parts?.forEach { answer.part(it, dto.responseId, null) }
            answer.finish(c.finishReason ?: FINISH_UNSET, c.safetyRatings, null)
        }
        return CreateResult(
            answers.values.map { it.toChoice() }, usage(dto.usageMetadata), id = dto.responseId?.ifEmpty { null },
            model = dto.modelVersion?.ifEmpty { null }, promptFilter = CandidateAnswer.filterResults(dto.promptFeedback?.safetyRatings),
        )
    }

    companion object {
        /** What a whole candidate without a finish reason is taken to have finished with (the API always sends one). */
        const val FINISH_UNSET: String = "FINISH_REASON_UNSPECIFIED"

        /**
         * The usage of [u]: prompt tokens with the tool-use prompt tokens (cached content is part of them), completion
         * tokens with the thoughts tokens (reported again as reasoning tokens).
         */
        fun usage(u: UsageMetadataDto?): RequestUsage {
            if (u == null) return RequestUsage.ZERO
            val prompt = (u.promptTokenCount ?: 0).toLong() + (u.toolUsePromptTokenCount ?: 0)
            val thoughts = u.thoughtsTokenCount ?: 0
            val completion = (u.candidatesTokenCount ?: 0).toLong() + thoughts
            return RequestUsage(clamp(prompt), clamp(completion), cachedTokens = u.cachedContentTokenCount ?: 0, reasoningTokens = thoughts)
        }

        private fun clamp(n: Long): Int = n.coerceIn(0, Int.MAX_VALUE.toLong()).toInt()

        /** The [ContentFilterException] for a blocked prompt, or null when [feedback] does not say it was blocked. */
        fun blocked(provider: String, feedback: PromptFeedbackDto?, requestId: String?, raw: String, secrets: Secrets): SwitchboardException? {
            val reason = feedback?.blockReason?.ifEmpty { null } ?: return null
            val results = CandidateAnswer.filterResults(feedback.safetyRatings)
            val categories = results.filter { it.filtered }.map { it.category }
            val why = feedback.blockReasonMessage?.let { ": " + secrets.scrub(it).take(200) } ?: ""
            val which = if (categories.isEmpty()) "" else " in ${categories.joinToString()}"
            return ContentFilterException(
                "Gemini blocked the prompt (blockReason $reason$which)$why; rephrase the prompt or change the request's safetySettings, " +
                    "retrying the same prompt will not help",
                provider, 200, requestId, DecodeErrors.excerpt(raw, secrets), results,
            )
        }
    }
}
