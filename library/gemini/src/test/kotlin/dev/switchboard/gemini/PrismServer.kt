package dev.switchboard.gemini

import dev.switchboard.testing.RepositoryFiles
import io.kotest.core.test.Enabled
import io.kotest.core.test.TestCase
import java.io.File
import java.io.IOException
import java.net.HttpURLConnection
import java.net.ServerSocket
import java.net.URI
import java.util.concurrent.TimeUnit

/**
 * Prism (`@stoplight/prism-cli`), the validating mock server, serving `gemini-openapi3.prism.json` on a free loopback
 * port for one test class: started on first use, skipped with the reason when Prism is not installed under
 * `.tools/prism` (scripts/test.sh installs it), unless `SWITCHBOARD_REQUIRE_PRISM=1`; a missing spec (vendored
 * under `spec/`) fails the test class at construction. It answers a request that violates the spec with 422 and
 * the violations, and a valid one with the spec's example.
 */
internal class PrismServer(private val testName: String) : AutoCloseable {
    private val spec = RepositoryFiles.spec("gemini-openapi3.prism.json")
    private val binary = File(RepositoryFiles.root, ".tools/prism/node_modules/.bin/prism")
    private val required = System.getenv("SWITCHBOARD_REQUIRE_PRISM") == "1"
    private val problem: String? = if (binary.canExecute()) {
        null
    } else {
        "Prism is not installed at ${binary.path}: run " +
            "`npm install --prefix .tools/prism @stoplight/prism-cli@5.14.2` in the repository root (scripts/test.sh does)"
    }
    private var process: Process? = null
    private var port = 0
    private var log: File? = null

    init {
        if (problem != null) System.err.println("$testName: $problem" + if (required) " (SWITCHBOARD_REQUIRE_PRISM=1: failing)" else " (skipping)")
    }

    /** For `config(enabledOrReasonIf = …)`: enabled when Prism is there or required. */
    val enabled: (TestCase) -> Enabled = { if (problem == null || required) Enabled.enabled else Enabled.disabled(problem) }

    /** The base URL of the running server, started on the first call. */
    fun baseUrl(): String {
        problem?.let { io.kotest.assertions.fail(it) }
        if (process == null) start()
        return "http://127.0.0.1:$port"
    }

    private fun start() {
        port = ServerSocket(0).use { it.localPort }
        val out = File.createTempFile("prism-gemini-", ".log").also { it.deleteOnExit(); log = it }
        val p = ProcessBuilder(binary.path, "mock", "-h", "127.0.0.1", "-p", port.toString(), spec.path)
            .redirectErrorStream(true).redirectOutput(out).start()
        process = p
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120)
        while (System.nanoTime() < deadline) {
            check(p.isAlive) { "Prism exited with ${p.exitValue()} before it was ready:\n${logTail()}" }
            if (answers()) return
            Thread.sleep(300)
        }
        close()
        throw IllegalStateException("Prism did not answer on port $port within 120 s:\n${logTail()}")
    }

    private fun answers(): Boolean = try {
        val c = URI("http://127.0.0.1:$port/v1beta/models").toURL().openConnection() as HttpURLConnection
        c.connectTimeout = 500
        c.readTimeout = 2000
        val code = c.responseCode
        c.disconnect()
        code == 200
    } catch (e: IOException) {
        false
    }

    fun logTail(): String = log?.takeIf { it.exists() }?.readLines()?.takeLast(20)?.joinToString("\n") ?: ""

    override fun close() {
        val p = process ?: return
        process = null
        p.descendants().forEach { it.destroy() }
        p.destroy()
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.descendants().forEach { it.destroyForcibly() }
            p.destroyForcibly()
        }
    }
}
