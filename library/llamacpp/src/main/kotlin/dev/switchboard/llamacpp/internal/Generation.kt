package dev.switchboard.llamacpp.internal

import de.kherud.llama.InferenceParameters
import de.kherud.llama.LlamaModel
import dev.switchboard.BadRequestException
import dev.switchboard.FinishReason
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.coroutines.cancellation.CancellationException

/** How a generation ended: the text, the tokens generated, and why it stopped. */
internal class Outcome(val text: String, val completionTokens: Int, val finish: FinishReason, val rawFinish: String)

/**
 * One generation, run on a thread of [LocalModel]'s own: it asks llama.cpp for [params] as a stream and reads it token
 * by token, passing each piece of text to [sink] (text that may begin a stop sequence is held back), until llama.cpp
 * ends it (its end-of-generation token, or [limit] tokens), a stop sequence appears, or [cancelled] is set.
 *
 * Stopping early cancels llama.cpp's task from this thread, after the token in hand: llama.cpp's receive call blocks
 * and must not be cancelled from under it. So a cancelled generation stops within one token.
 *
 * Token counting: llama.cpp sends one piece per generated token, except that it holds back a token that ends inside a
 * UTF-8 character and sends it with the next. An answer cut at the limit has exactly [limit] tokens; in one that ended
 * otherwise, such a pair counts as one.
 */
internal class Generation(
    private val model: LlamaModel,
    private val params: InferenceParameters,
    stops: List<String>,
    private val limit: Int,
    private val cancelled: AtomicBoolean,
    private val sink: (String) -> Unit,
) {
    private val matcher = StopMatcher(stops)

    fun run(): Outcome {
        val iterator = try {
            model.generate(params).iterator()
        } catch (e: RuntimeException) {
            throw LlamaErrors.map(e)
        }
        val text = StringBuilder()
        var tokens = 0
        var lastEmpty = false
        var finished = false
        try {
            while (iterator.hasNext()) {
                val out = try { iterator.next() } catch (e: RuntimeException) { finished = true; throw LlamaErrors.map(e) }
                if (!iterator.hasNext()) { finished = true; break } // the final message: no token of its own when streaming
                tokens++
                lastEmpty = out.text.isEmpty()
                val released = matcher.feed(out.text)
                if (released.isNotEmpty()) { text.append(released); sink(released) }
                if (matcher.hit != null) return Outcome(text.toString(), tokens, FinishReason.STOP, LlamaCppNames.RAW_STOP_SEQUENCE)
                if (cancelled.get()) throw CancellationException("The generation was cancelled")
            }
            finished = true
        } finally {
            if (!finished) iterator.cancel()
        }
        val rest = matcher.flush()
        if (rest.isNotEmpty()) { text.append(rest); sink(rest) }
        // llama.cpp ends a stream on its own only at the end-of-generation token (whose piece is empty) or at the limit,
        // where it has generated exactly [limit] tokens, however many pieces they came in.
        val length = tokens >= limit || !lastEmpty
        return if (length) Outcome(text.toString(), limit, FinishReason.LENGTH, LlamaCppNames.RAW_LENGTH)
        else Outcome(text.toString(), tokens, FinishReason.STOP, LlamaCppNames.RAW_STOP)
    }
}

/** Maps what java-llama.cpp throws (its package-private `LlamaException`) to this library's errors. */
internal object LlamaErrors {
    private const val LLAMA_EXCEPTION = "de.kherud.llama.LlamaException"

    fun isLlama(e: Throwable): Boolean = e.javaClass.name == LLAMA_EXCEPTION

    fun map(e: RuntimeException): RuntimeException =
        if (isLlama(e)) BadRequestException("llama.cpp rejected the request: ${e.message}", LlamaCppNames.PROVIDER, 0, cause = e) else e
}
