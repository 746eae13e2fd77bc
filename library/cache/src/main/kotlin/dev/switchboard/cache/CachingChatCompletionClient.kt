package dev.switchboard.cache

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.RequestUsage
import dev.switchboard.ResponseCacheMode
import dev.switchboard.replay.Recording
import dev.switchboard.wrap.ForwardingChatCompletionClient
import dev.switchboard.wrap.StreamObserver
import dev.switchboard.wrap.observe
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import java.time.Duration
import java.util.concurrent.atomic.AtomicReference

/** The client [ChatCompletionCache.wrap] makes; see there for what it keeps and when. */
internal class CachingChatCompletionClient(
    delegate: ChatCompletionClient,
    private val cache: ChatCompletionCache,
) : ForwardingChatCompletionClient(delegate) {
    private val entries = StoreAccess(cache)
    private val hits = AtomicReference(RequestUsage.ZERO)

    override val totalUsage: RequestUsage get() = delegate.totalUsage + hits.get()

    override suspend fun create(request: CreateRequest): CreateResult {
        val mode = request.responseCache
        if (mode == ResponseCacheMode.BYPASS) return delegate.create(request)
        val key = CacheKeys.of(delegate, request)
        if (mode == ResponseCacheMode.USE) {
            entries.get(key)?.let { return hit(it.result) }
            if (cache.isCoalesce) {
                val ticket = cache.inFlight.enter(key)
                if (!ticket.lead) {
                    ticket.call.await()?.let { return hit(it.result) }
                } else {
                    val lead = Lead(cache.inFlight, ticket)
                    return lead.use { entries.get(key)?.let { lead.finish(it); hit(it.result) } ?: fetch(key, request, lead) }
                }
            }
        }
        return fetch(key, request, null)
    }

    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
        val mode = request.responseCache
        if (mode == ResponseCacheMode.BYPASS) return@flow emitAll(delegate.createStream(request))
        val key = CacheKeys.of(delegate, request)
        if (mode == ResponseCacheMode.USE) {
            entries.get(key)?.let { return@flow replay(it) }
            if (cache.isCoalesce) {
                val ticket = cache.inFlight.enter(key)
                if (!ticket.lead) {
                    ticket.call.await()?.let { return@flow replay(it) }
                } else {
                    val lead = Lead(cache.inFlight, ticket)
                    return@flow lead.use {
                        val stored = entries.get(key)
                        if (stored != null) {
                            lead.finish(stored)
                            replay(stored)
                        } else {
                            emitAll(upstream(key, request, lead))
                        }
                    }
                }
            }
        }
        emitAll(upstream(key, request, null))
    }

    override fun toString(): String = "cached($delegate)"

    /** Asks the wrapped client and stores its answer (for [lead]'s followers too). */
    private suspend fun fetch(key: String, request: CreateRequest, lead: Lead?): CreateResult {
        val result = delegate.create(request)
        val recording = Recording.Created(result, result.model)
        entries.put(key, recording)
        lead?.finish(recording)
        return result
    }

    /** The wrapped client's stream, stored once complete. */
    private fun upstream(key: String, request: CreateRequest, lead: Lead?): Flow<ChatStreamEvent> =
        delegate.createStream(request).observe(delegate.provider) { Storer(key, lead) }

    /** [result] as a hit: marked cached and counted in [totalUsage] only. */
    private fun hit(result: CreateResult): CreateResult {
        hits.accumulateAndGet(result.usage) { a, b -> a + b }
        return if (result.cached) result else result.newBuilder().cached(true).build()
    }

    /** Replays [recording]'s events one by one, the `Completed` one marked as a hit. */
    private suspend fun FlowCollector<ChatStreamEvent>.replay(recording: Recording) {
        for (event in recording.events) {
            if (event is ChatStreamEvent.Completed) emit(ChatStreamEvent.Completed(hit(event.result))) else emit(event)
        }
    }

    /** Keeps the events of one upstream collection and stores them once `Completed` arrives, before it is passed on. */
    private inner class Storer(private val key: String, private val lead: Lead?) : StreamObserver {
        private val events = ArrayList<ChatStreamEvent>()

        override fun onEvent(event: ChatStreamEvent) {
            events += event
        }

        override suspend fun onCompleted(result: CreateResult, elapsed: Duration) {
            val recording = Recording.Streamed(events.toList(), result.model)
            events.clear()
            entries.put(key, recording)
            lead?.finish(recording)
        }
    }
}

/**
 * The lead of a coalesced call: finished with the answer once there is one, and with none when the call ends without
 * (failure, cancellation), so that followers never wait forever.
 */
internal class Lead(private val inFlight: InFlight, private val ticket: InFlight.Ticket) {
    @Volatile private var done = false

    fun finish(answer: Recording?) {
        if (done) return
        done = true
        inFlight.finish(ticket, answer)
    }

    /** Runs [block]; whatever way it ends, the lead is finished (with no answer if [block] gave none). */
    inline fun <T> use(block: () -> T): T {
        try {
            return block()
        } finally {
            finish(null)
        }
    }
}
