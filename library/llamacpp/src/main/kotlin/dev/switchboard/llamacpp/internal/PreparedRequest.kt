package dev.switchboard.llamacpp.internal

import de.kherud.llama.InferenceParameters
import dev.switchboard.BadRequestException
import dev.switchboard.ContextLengthExceededException
import dev.switchboard.CreateRequest
import dev.switchboard.LlmMessage

/** A request made ready for llama.cpp: the rendered prompt, its length, the sampling parameters and constraints. */
internal class PreparedRequest(
    val params: InferenceParameters,
    val promptTokens: Int,
    val limit: Int,
    val stops: List<String>,
    val constraints: Constraints,
) {
    companion object {
        /**
         * Prepares [request] for [local]: renders the conversation with the model's own chat template, counts the
         * prompt's tokens, and translates the options. Runs native code, so it runs on the model's threads.
         *
         * @throws BadRequestException for an option llama.cpp does not take, or a grammar or schema it cannot use.
         * @throws ContextLengthExceededException when the prompt leaves no room in a slot's context.
         */
        fun of(request: CreateRequest, local: LocalModel, model: String): PreparedRequest {
            reject(request)
            val constraints = Constraints.of(request, model)
            val prompt = render(local, request.messages, constraints.tools?.instructions)
            val promptTokens = countPrompt(local, prompt)
            val room = local.slotContext - promptTokens
            if (room <= 0) {
                throw ContextLengthExceededException(
                    "The prompt takes $promptTokens tokens, and a slot of '$model' holds ${local.slotContext} " +
                        "(contextSize ${local.contextSize} / parallel ${local.slots}): shorten the conversation or raise contextSize",
                    LlamaCppNames.PROVIDER, 0,
                )
            }
            val limit = minOf(request.maxTokens ?: room, room)
            val p = InferenceParameters(prompt).setNPredict(limit).setCachePrompt(local.config.promptCache)
            request.temperature?.let { p.setTemperature(it.toFloat()) }
            request.topP?.let { p.setTopP(it.toFloat()) }
            request.topK?.let { p.setTopK(it) }
            request.seed?.let { seed ->
                if (seed !in 0..Int.MAX_VALUE.toLong()) {
                    throw BadRequestException("llama.cpp takes a seed from 0 to ${Int.MAX_VALUE} (got $seed)", LlamaCppNames.PROVIDER, 0)
                }
                p.setSeed(seed.toInt())
            }
            request.presencePenalty?.let { p.setPresencePenalty(it.toFloat()) }
            request.frequencyPenalty?.let { p.setFrequencyPenalty(it.toFloat()) }
            if (request.logitBias.isNotEmpty()) p.setTokenIdBias(logitBias(request.logitBias))
            constraints.grammar?.let { p.setGrammar(it) }
            return PreparedRequest(p, promptTokens, limit, request.stop, constraints)
        }

        /** The prompt [messages] render to with the model's chat template. */
        fun render(local: LocalModel, messages: List<LlmMessage>, toolInstructions: String?): String = try {
            local.model.applyTemplate(ChatPrompt.json(messages, toolInstructions))
        } catch (e: RuntimeException) {
            throw LlamaErrors.map(e)
        }

        /** How many tokens llama.cpp evaluates for [prompt]: its tokens, and the start token where the model adds one. */
        fun countPrompt(local: LocalModel, prompt: String): Int {
            val tokens = local.model.encode(prompt)
            val bos = local.header.bosId
            val addsBos = local.header.addBos && bos != null && tokens.firstOrNull() != bos
            return tokens.size + if (addsBos) 1 else 0
        }

        private fun logitBias(bias: Map<String, Int>): Map<Int, Float> = bias.entries.associate { (k, v) ->
            val id = k.toIntOrNull() ?: throw BadRequestException(
                "logitBias keys are token ids of the model's vocabulary for llama.cpp (got '$k')", LlamaCppNames.PROVIDER, 0,
            )
            // OpenAI's scale: -100 bans a token; llama.cpp adds the bias to the logit (the JSON it is sent in has no -inf).
            id to if (v <= -100) -1e9f else v.toFloat()
        }

        private fun reject(r: CreateRequest) {
            val unsupported = buildList {
                if ((r.n ?: 1) != 1) add("n (several choices)")
                if (r.logprobs == true) add("logprobs")
                if (r.reasoningEffort != null) add("reasoningEffort")
                if (r.thinkingBudget != null) add("thinkingBudget")
                if (r.extraBody.isNotEmpty()) add("extraBody ${r.extraBody.keys}")
                if (r.extraHeaders.isNotEmpty()) add("extraHeaders (there is no HTTP request)")
                if (r.user != null) add("user")
            }
            if (unsupported.isNotEmpty()) {
                throw BadRequestException(
                    "A local llama.cpp model does not take ${unsupported.joinToString()}: remove ${if (unsupported.size == 1) "it" else "them"} from the request",
                    LlamaCppNames.PROVIDER, 0,
                )
            }
        }
    }
}
