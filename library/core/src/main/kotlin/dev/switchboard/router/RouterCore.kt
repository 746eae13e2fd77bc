package dev.switchboard.router

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.StreamInterruptedException
import dev.switchboard.checkCapabilities
import dev.switchboard.wrap.isAnnotated
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.flow
import java.util.IdentityHashMap
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.coroutines.cancellation.CancellationException

/** The groups, their fallbacks and settings of a [Router], and the calls routed through them. */
internal class RouterCore(
    /** The groups in the order declared. */
    val groups: Map<String, GroupState>,
    /** Per group, per trigger, the groups to fall back to, in order. */
    private val fallbacks: Map<String, Map<FallbackTrigger, List<String>>>,
    val settings: RouterSettings,
) {
    private val closed = AtomicBoolean()
    private val clock = settings.clock

    /** What every deployment of [group] can do: each capability only when all have it, the smallest limits. */
    fun modelInfo(group: GroupState): ModelInfo {
        val infos = group.deployments.map { it.client.modelInfo }
        val first = infos[0]
        return ModelInfo(
            vision = infos.all { it.vision },
            functionCalling = infos.all { it.functionCalling },
            jsonOutput = infos.all { it.jsonOutput },
            structuredOutput = infos.all { it.structuredOutput },
            family = if (infos.all { it.family == first.family }) first.family else ModelFamily.UNKNOWN,
            contextWindow = smallest(infos) { it.contextWindow },
            maxOutputTokens = smallest(infos) { it.maxOutputTokens },
        )
    }

    /** The smallest of the values, or null when any deployment does not know its own. */
    private inline fun smallest(infos: List<ModelInfo>, value: (ModelInfo) -> Int?): Int? {
        var min = Int.MAX_VALUE
        for (i in infos) min = minOf(min, value(i) ?: return null)
        return min
    }

    /**
     * The next group for a call sent to [origin] that [failed] gave up on with [trigger]: the first of [origin]'s
     * fallbacks for it not yet [visited] that can take [request] (its capabilities; for a context-length failure, a
     * window larger than [failed]'s when both are known).
     */
    fun nextGroup(origin: GroupState, trigger: FallbackTrigger, visited: List<GroupState>, failed: GroupState, request: CreateRequest): GroupState? {
        val names = fallbacks[origin.name]?.get(trigger) ?: return null
        for (n in names) {
            val g = groups.getValue(n)
            if (g in visited) continue
            val info = modelInfo(g)
            if (trigger == FallbackTrigger.CONTEXT_LENGTH) {
                val window = info.contextWindow
                val before = modelInfo(failed).contextWindow
                if (window != null && before != null && window <= before) continue
            }
            if (runCatching { checkCapabilities(GroupState.PROVIDER, g.name, info, request) }.isFailure) continue
            return g
        }
        return null
    }

    suspend fun create(group: GroupState, request: CreateRequest): CreateResult {
        check(!closed.get()) { "The router is closed" }
        checkCapabilities(GroupState.PROVIDER, group.name, modelInfo(group), request)
        val call = RoutedCall(this, request, streaming = false, annotated = isAnnotated())
        return call.run(group, { it.finishReason == FinishReason.CONTENT_FILTER }) { g, d, started ->
            val result = d.client.create(request)
            g.answered(d, clock.nanos() - started, streamed = false, result)
            result
        }
    }

    fun stream(group: GroupState, request: CreateRequest): Flow<ChatStreamEvent> = flow {
        check(!closed.get()) { "The router is closed" }
        checkCapabilities(GroupState.PROVIDER, group.name, modelInfo(group), request)
        val call = RoutedCall(this@RouterCore, request, streaming = true, annotated = isAnnotated())
        call.run(group, { _: Unit -> false }) { g, d, started -> attemptStream(call, g, d, started, request, this) }
    }

    /**
     * One attempt of a stream on [d]. Until its first event it fails as a `create` does (the call retries or falls
     * back); from the first event on, the stream is the caller's: a failure reaches the caller as it is (in a
     * [PassThrough]), after counting against [d].
     */
    private suspend fun attemptStream(
        call: RoutedCall, group: GroupState, d: Deployment, started: Long, request: CreateRequest, out: FlowCollector<ChatStreamEvent>,
    ) {
        var emitted = false
        var completed = false
        var downstream: Throwable? = null
        try {
            d.client.createStream(request).collect { event ->
                if (!emitted) {
                    emitted = true
                    group.firstEvent(d, clock.nanos() - started)
                    call.committed(d)
                }
                if (event is ChatStreamEvent.Completed) {
                    completed = true
                    group.answered(d, clock.nanos() - started, streamed = true, event.result)
                }
                try {
                    out.emit(event)
                } catch (e: Throwable) {
                    downstream = e
                    throw e
                }
            }
            if (!completed) throw StreamInterruptedException("The ${d.client.provider} stream of ${d.label} ended without its Completed event", d.client.provider)
        } catch (e: Throwable) {
            if (e is CancellationException || e is Error) throw e
            if (e === downstream) throw PassThrough(e)
            if (!emitted) throw e
            if (FailureKind.of(e) == FailureKind.DEPLOYMENT) group.failed(d, e)
            throw PassThrough(e)
        }
    }

    /** The usage the router counted over every deployment of [groups]. */
    fun usage(groups: Collection<GroupState>, actual: Boolean): RequestUsage {
        var total = RequestUsage.ZERO
        for (g in groups) for (d in g.deployments) total += if (actual) d.actualUsage else d.usage
        return total
    }

    /** Closes every deployment's client once (a client in several groups, or twice in one, is closed once). */
    fun close() {
        if (!closed.compareAndSet(false, true)) return
        val seen = IdentityHashMap<ChatCompletionClient, Unit>()
        var failure: Throwable? = null
        for (g in groups.values) for (d in g.deployments) {
            if (seen.put(d.client, Unit) != null) continue
            try {
                d.client.close()
            } catch (e: Exception) {
                if (failure == null) failure = e else failure.addSuppressed(e)
            }
        }
        failure?.let { throw it }
    }
}
