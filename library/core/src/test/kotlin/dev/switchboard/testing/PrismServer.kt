package dev.switchboard.testing

import io.kotest.core.test.Enabled
import io.kotest.core.test.TestCase
import java.io.File
import java.io.IOException
import java.net.ServerSocket
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.TimeUnit

/**
 * Prism (`@stoplight/prism-cli`), the validating mock server, serving one vendored spec (`spec/<name>`) on a free
 * loopback port for one test class. It answers a request that breaks the spec with 422 (401 without the credentials
 * the spec demands) and a valid one with an example built from the spec.
 *
 * Prism lives under `.tools/prism` (scripts/test.sh installs it). Without it, tests configured with [enabled] are
 * skipped with the reason, unless `SWITCHBOARD_REQUIRE_PRISM=1`, which makes them fail. A missing spec fails at
 * construction. The server starts on the first [send]; [close] it after the spec.
 */
public class PrismServer(specName: String, private val testName: String) : AutoCloseable {
    private val spec: File = RepositoryFiles.spec(specName)
    private val binary = File(RepositoryFiles.root, ".tools/prism/node_modules/.bin/prism")
    private val missing: String? = if (binary.canExecute()) null else {
        "Prism is not installed at ${binary.path}: run `npm install --prefix .tools/prism @stoplight/prism-cli@5.14.2` " +
            "in the repository root (scripts/test.sh does)"
    }
    private val required = System.getenv("SWITCHBOARD_REQUIRE_PRISM") == "1"
    private val http: HttpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
    private var process: Process? = null
    private var port = 0
    private val log: File = File.createTempFile("prism-", ".log").apply { deleteOnExit() }

    init {
        if (missing != null) System.err.println("$testName: $missing" + if (required) " (SWITCHBOARD_REQUIRE_PRISM=1: failing)" else " (skipping)")
    }

    /** For `config(enabledOrReasonIf = …)`: enabled when Prism is installed or required. */
    public val enabled: (TestCase) -> Enabled = { if (missing == null || required) Enabled.enabled else Enabled.disabled(missing) }

    /** The last lines Prism logged, which name the violations of a rejected request. */
    public fun logTail(): String = log.takeIf { it.exists() }?.readLines()?.takeLast(20)?.joinToString("\n") ?: ""

    /**
     * POSTs [body] with [headers] to [path] (the operation's path in the spec, such as `/v1/chat/completions`) and
     * returns the status and the body Prism answered.
     */
    public fun send(path: String, body: ByteArray, headers: Map<String, String>, accept: String = "application/json"): Pair<Int, String> {
        val root = baseUrl()
        val request = HttpRequest.newBuilder(URI(root + path)).timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json").header("Accept", accept)
            .apply { headers.forEach { (k, v) -> header(k, v) } }
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        return response.statusCode() to response.body()
    }

    /** The root URL of the running server, started on the first call. */
    public fun baseUrl(): String {
        missing?.let { io.kotest.assertions.fail(it) }
        if (process == null) start()
        return "http://127.0.0.1:$port"
    }

    private fun start() {
        port = ServerSocket(0).use { it.localPort }
        val p = ProcessBuilder(binary.path, "mock", "-h", "127.0.0.1", "-p", port.toString(), spec.path)
            .redirectErrorStream(true).redirectOutput(log).start()
        process = p
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240)
        while (System.nanoTime() < deadline) {
            check(p.isAlive) { "Prism exited with ${p.exitValue()} before it was ready:\n${logTail()}" }
            // Prism logs this line once every operation of the spec is being served.
            if (log.readText().contains("Prism is listening") && listening()) return
            Thread.sleep(300)
        }
        close()
        throw IllegalStateException("Prism did not start serving ${spec.name} on port $port within 240 s:\n${logTail()}")
    }

    private fun listening(): Boolean = try {
        java.net.Socket("127.0.0.1", port).close()
        true
    } catch (e: IOException) {
        false
    }

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
