package dev.switchboard.bench

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.LlmMessage
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.Tool
import dev.switchboard.createRequest
import dev.switchboard.router.router
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.runBlocking
import java.lang.management.ManagementFactory

/**
 * The router's own cost per call, without the network: the CPU time and bytes a `create` (and a stream of [EVENTS]
 * events) takes through a router over two in-memory deployments, less what it takes on one of them directly. The
 * difference is what the router adds to every call; the `kotlin-router` row shows it end to end, where a call's own
 * CPU (hundreds of microseconds) dwarfs it and the machine's noise hides it.
 *
 * `RouterOverhead [calls]` prints one line per measurement, `RESULT` first.
 */
public object RouterOverhead {
    private const val EVENTS = 20

    /** An in-memory deployment: the same answer to every call, a stream of [EVENTS] deltas then Completed. */
    private class Constant : ChatCompletionClient {
        private val answer = CreateResult.ofText("hello", FinishReason.STOP, RequestUsage.of(3, 2))
        private val events = List(EVENTS) { ChatStreamEvent.TextDelta("tok") } + ChatStreamEvent.Completed(answer)
        override val model: String = "constant"
        override val modelInfo: ModelInfo = ModelInfo.ALL_CAPABILITIES
        override val totalUsage: RequestUsage = RequestUsage.ZERO
        override val actualUsage: RequestUsage = RequestUsage.ZERO
        override suspend fun create(request: CreateRequest): CreateResult = answer
        override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow { for (e in events) emit(e) }
        override fun countTokens(messages: List<LlmMessage>, tools: List<Tool>): Int = 1
        override fun close() = Unit
    }

    /** What one measurement found, per call. */
    public class Figures(public val cpuNs: Double, public val allocBytes: Double)

    /** Runs the measurement with [calls] calls per window and returns (bare, routed) for create and for streams. */
    public fun measure(calls: Int): Map<String, Figures> {
        val request = createRequest { user("Say hello") }
        val bare: ChatCompletionClient = Constant()
        val routed: ChatCompletionClient = router { group("g") { deployment("a", Constant()); deployment("b", Constant()) } }
        val out = LinkedHashMap<String, Figures>()
        out["create, bare"] = median(calls) { runBlocking { repeat(it) { bare.create(request) } } }
        out["create, routed"] = median(calls) { runBlocking { repeat(it) { routed.create(request) } } }
        val streams = maxOf(1, calls / 10)
        out["stream, bare"] = median(streams) { runBlocking { repeat(it) { bare.createStream(request).collect() } } }
        out["stream, routed"] = median(streams) { runBlocking { repeat(it) { routed.createStream(request).collect() } } }
        return out
    }

    /** The median over five windows of [n] runs of [block], after two windows of warm-up. */
    private fun median(n: Int, block: (Int) -> Unit): Figures {
        val threads = ManagementFactory.getThreadMXBean() as com.sun.management.ThreadMXBean
        val id = Thread.currentThread().id
        repeat(2) { block(n) }
        val windows = List(5) {
            val cpu0 = threads.currentThreadCpuTime
            val alloc0 = threads.getThreadAllocatedBytes(id)
            block(n)
            Figures((threads.currentThreadCpuTime - cpu0).toDouble() / n, (threads.getThreadAllocatedBytes(id) - alloc0).toDouble() / n)
        }
        return Figures(windows.map { it.cpuNs }.sorted()[2], windows.map { it.allocBytes }.sorted()[2])
    }

    /** Prints the figures and the router's cost per create and per stream. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val calls = args.firstOrNull()?.toInt() ?: 200_000
        val f = measure(calls)
        val create = f.getValue("create, routed").cpuNs - f.getValue("create, bare").cpuNs
        val stream = f.getValue("stream, routed").cpuNs - f.getValue("stream, bare").cpuNs
        println(
            "RESULT routerCpuNsPerCreate=%.0f routerAllocPerCreate=%.0f routerCpuNsPerStream=%.0f routerAllocPerStream=%.0f".format(
                create, f.getValue("create, routed").allocBytes - f.getValue("create, bare").allocBytes,
                stream, f.getValue("stream, routed").allocBytes - f.getValue("stream, bare").allocBytes,
            ),
        )
        for ((name, figures) in f) println("%-16s %8.0f ns CPU %8.0f B per call".format(name, figures.cpuNs, figures.allocBytes))
    }
}
