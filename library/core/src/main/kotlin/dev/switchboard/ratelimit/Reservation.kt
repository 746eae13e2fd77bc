package dev.switchboard.ratelimit

import dev.switchboard.BadRequestException
import dev.switchboard.CapabilityMissingException
import dev.switchboard.ClientRateLimitException
import dev.switchboard.CreateResult
import dev.switchboard.SwitchboardException
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext
import java.util.concurrent.atomic.AtomicBoolean

/**
 * What one admitted call took from a [Budget] ([amounts], one per bucket), settled exactly once when the call ends.
 * Settling runs to its end even when the caller is cancelled, and never throws: a store failure is logged.
 *
 * How a call settles:
 * - answered from a response cache inside the limiter (the result is marked cached): everything is given back;
 * - completed with usage: each token bucket is charged the real total (prompt and output), getting back what was
 *   reserved beyond it or taking the rest as an overdraft; a result without usage (0 and 0) keeps the reservation;
 * - not sent (this library refused it: a missing capability, a request the provider cannot take, an inner limiter):
 *   everything is given back, the request too;
 * - rejected by the provider (4xx: nothing was generated): the tokens are given back, the request stays counted;
 * - anything else (a 5xx, a broken connection or stream, a timeout, the caller cancelling): the prompt tokens stay
 *   counted, since the provider may have read them, with the output a stream had delivered (4 characters a token);
 *   the rest is given back.
 */
internal class Reservation(
    private val budget: Budget,
    private val amounts: LongArray,
    private val promptTokens: Long,
) {
    private val settled = AtomicBoolean()

    /** Gives everything back: the call was never sent (or was cancelled while it waited for its turn). */
    suspend fun release(): Unit = once { budget.give(amounts) }

    /** The call answered [result]: one from a cache ([CreateResult.cached]) was not sent, and gives everything back. */
    suspend fun completed(result: CreateResult) {
        if (result.cached) return release()
        val usage = result.usage
        if (usage.promptTokens == 0 && usage.completionTokens == 0) {
            settled.set(true)
            return
        }
        charge(usage.promptTokens.toLong() + usage.completionTokens)
    }

    /** The call ended with [error] (or a cancellation) after [outputChars] characters of output had arrived. */
    suspend fun failed(error: Throwable, outputChars: Long) {
        when {
            error is CapabilityMissingException || error is ClientRateLimitException ||
                error is BadRequestException && error.statusCode == 0 -> release()
            error is SwitchboardException && error.statusCode in 400..499 -> charge(0)
            else -> interrupted(outputChars)
        }
    }

    /** The call broke (or was cancelled) after [outputChars] characters of output had arrived. */
    suspend fun interrupted(outputChars: Long): Unit = charge(promptTokens + (outputChars + 3) / 4)

    /** Charges each token bucket [used] tokens in all. */
    private suspend fun charge(used: Long) = once {
        for (i in amounts.indices) {
            if (budget.buckets[i].limit.kind == RateLimit.Kind.TOKENS) budget.adjust(i, used - amounts[i])
        }
    }

    private suspend fun once(block: suspend () -> Unit) {
        if (!settled.compareAndSet(false, true)) return
        try {
            withContext(NonCancellable) { block() }
        } catch (e: Exception) {
            limiterLog.warn("Could not settle a call's rate-limit reservation: {}", e.toString())
        }
    }
}
