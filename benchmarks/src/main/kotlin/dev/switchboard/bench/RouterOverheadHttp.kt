package dev.switchboard.bench

import dev.switchboard.ChatCompletionClient
import dev.switchboard.createRequest
import dev.switchboard.openai.OpenAiChatCompletionClient
import dev.switchboard.openai.OpenAiConfig
import dev.switchboard.router.router
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.runBlocking
import java.io.BufferedReader
import java.io.File
import java.io.InputStreamReader

/**
 * The router's cost end to end, over HTTP: a client of this library (the OpenAI codec, the JDK engine) called
 * directly against a router over two deployments, each a client of the same config, and a router over one deployment (the
 * router's own cost, without a second connection pool), against the benchmark's mock
 * server (started in a process of its own, so that its CPU is not counted). Unlike the `kotlin-router` row of
 * `scripts/bench.sh`, which measures the router in a JVM of its own (where the JIT's and the machine's timing differ
 * from the plain row's), both run in one JVM in alternating windows: `direct, routed, direct, routed, …`, each window
 * [calls] calls (or a tenth as many streams of [EVENTS] chunks) one at a time, and the medians are compared. CPU is the
 * whole process's (every thread, GC and JIT), allocation the heap the collector saw allocated.
 *
 * `RouterOverheadHttp [calls] [windows]` prints one line per figure, `RESULT` first.
 */
public object RouterOverheadHttp {
    private const val EVENTS = 200

    private class Window(val cpuNs: Double, val allocBytes: Double)

    @JvmStatic
    public fun main(args: Array<String>) {
        val calls = args.getOrNull(0)?.toInt() ?: 2_000
        val windows = args.getOrNull(1)?.toInt() ?: 7
        Probe.init()
        val server = startServer()
        try {
            val line = BufferedReader(InputStreamReader(server.inputStream)).readLine()
            check(line != null && line.startsWith("port=")) { "the mock server did not start: $line" }
            val port = line.removePrefix("port=")
            val base = "http://127.0.0.1:$port/fast/$EVENTS/v1"
            val direct = client(base)
            val routed = router { group("gpt-4o-mini") { deployment("a", client(base)); deployment("b", client(base)) } }
            val single = router { group("gpt-4o-mini") { deployment("a", client(base)) } }
            val request = createRequest { user("Say hello") }
            val clients = mapOf("direct" to direct, "routed" to routed, "routed1" to single)
            val creates = clients.mapValues { (_, c) ->
                { n: Int -> runBlocking { repeat(n) { c.create(request) } } }
            }
            val streams = clients.mapValues { (_, c) ->
                { n: Int -> runBlocking { repeat(n) { c.createStream(request).collect() } } }
            }
            val create = alternate(creates, calls, windows)
            val stream = alternate(streams, maxOf(1, calls / 10), windows)
            val perChunk = { w: Window -> w.cpuNs / (EVENTS + 1) }
            println(
                "RESULT directCpuNsPerCall=%.0f routedCpuNsPerCall=%.0f directAllocPerCall=%.0f routedAllocPerCall=%.0f ".format(
                    create.getValue("direct").cpuNs, create.getValue("routed").cpuNs,
                    create.getValue("direct").allocBytes, create.getValue("routed").allocBytes,
                ) + "directCpuNsPerChunk=%.0f routedCpuNsPerChunk=%.0f".format(perChunk(stream.getValue("direct")), perChunk(stream.getValue("routed"))),
            )
            for ((what, figures) in listOf("create" to create, "stream" to stream)) {
                val d = figures.getValue("direct")
                val r = figures.getValue("routed")
                val r1 = figures.getValue("routed1")
                println("%-6s direct %8.1f µs %8.0f B   routed %8.1f µs %8.0f B   routed/direct %.3f   one deployment %8.1f µs %8.0f B   routed1/direct %.3f".format(
                    what, d.cpuNs / 1e3, d.allocBytes, r.cpuNs / 1e3, r.allocBytes, r.cpuNs / d.cpuNs, r1.cpuNs / 1e3, r1.allocBytes, r1.cpuNs / d.cpuNs))
            }
            clients.values.forEach { it.close() }
        } finally {
            server.destroy()
        }
    }

    private fun client(base: String): ChatCompletionClient = OpenAiChatCompletionClient.create(
        "gpt-4o-mini",
        OpenAiConfig.builder().baseUrl(base).apiKey("sk-" + "bench").build(),
    )

    /**
     * Runs the blocks by turns: two rounds of warm-up, then [windows] rounds of windows of [n] units each, and returns
     * each block's median window per unit.
     */
    private fun alternate(blocks: Map<String, (Int) -> Unit>, n: Int, windows: Int): Map<String, Window> {
        repeat(2) { blocks.values.forEach { it(n) } }
        val seen = blocks.keys.associateWith { ArrayList<Window>() }
        repeat(windows) {
            for ((name, block) in blocks) {
                val cpu0 = Probe.cpuNanos()
                val alloc0 = Probe.allocatedBytes()
                block(n)
                seen.getValue(name) += Window((Probe.cpuNanos() - cpu0).toDouble() / n, (Probe.allocatedBytes() - alloc0).toDouble() / n)
            }
        }
        return seen.mapValues { (_, w) -> Window(w.map { it.cpuNs }.sorted()[w.size / 2], w.map { it.allocBytes }.sorted()[w.size / 2]) }
    }

    /** The mock server in a JVM of its own, on a free port, answering as it does for `scripts/bench.sh`. */
    private fun startServer(): Process {
        val java = File(System.getProperty("java.home"), "bin/java").path
        val classes = File(RouterOverheadHttp::class.java.protectionDomain.codeSource.location.toURI()).path
        return ProcessBuilder(java, "-Xmx1g", "-XX:+UseSerialGC", "-cp", classes, "dev.switchboard.bench.server.MockServer", "0", "100")
            .redirectError(ProcessBuilder.Redirect.INHERIT).start()
    }
}
