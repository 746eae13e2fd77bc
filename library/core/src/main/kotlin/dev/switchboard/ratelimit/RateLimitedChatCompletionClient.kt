package dev.switchboard.ratelimit

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.wrap.ForwardingChatCompletionClient
import dev.switchboard.wrap.StreamObserver
import dev.switchboard.wrap.observe
import dev.switchboard.wrap.withHttpEvents
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import java.time.Duration

/** The client [RateLimiter.wrap] makes: each call admitted by the limiter before it goes to [delegate], and settled after. */
internal class RateLimitedChatCompletionClient(
    delegate: ChatCompletionClient,
    private val limiter: RateLimiter,
) : ForwardingChatCompletionClient(delegate) {
    override suspend fun create(request: CreateRequest): CreateResult {
        val reservation = limiter.admit(delegate, request)
        val result = try {
            withHttpEvents(limiter.listener) { delegate.create(request) }
        } catch (e: Throwable) {
            reservation.failed(e, outputChars = 0)
            throw e
        }
        reservation.completed(result)
        return result
    }

    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> {
        val upstream = delegate.createStream(request)
        return flow {
            val reservation = limiter.admit(delegate, request)
            val settling = Settling(reservation)
            try {
                emitAll(upstream.observe(delegate.provider, settling).withHttpEvents(limiter.listener))
            } catch (e: Throwable) {
                reservation.failed(e, settling.outputChars)
                throw e
            }
            // Ended without Completed: a broken upstream (settled when Completed came, this does nothing).
            reservation.interrupted(settling.outputChars)
        }
    }

    override fun toString(): String = "rateLimited($delegate, $limiter)"

    /** Counts one collection's output as it arrives, and settles the reservation when `Completed` comes. */
    private class Settling(private val reservation: Reservation) : StreamObserver {
        var outputChars = 0L
            private set

        override fun onEvent(event: ChatStreamEvent) {
            outputChars += when (event) {
                is ChatStreamEvent.TextDelta -> event.text.length
                is ChatStreamEvent.ThoughtDelta -> event.text.length
                is ChatStreamEvent.ToolCallDelta -> event.argumentsDelta.length
                else -> 0
            }
        }

        override suspend fun onCompleted(result: CreateResult, elapsed: Duration) {
            reservation.completed(result)
        }
    }
}
