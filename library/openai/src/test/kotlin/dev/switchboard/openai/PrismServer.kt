package dev.switchboard.openai

import dev.switchboard.testing.RepositoryFiles
import java.io.File
import java.net.HttpURLConnection
import java.net.ServerSocket
import java.net.URI
import java.util.concurrent.TimeUnit

/**
 * Prism (`@stoplight/prism-cli`), the validating mock server, serving an OpenAPI spec on a free
 * loopback port. The repository's test script installs it under `.tools/prism`; see [locate].
 */
internal class PrismServer private constructor(private val process: Process, val port: Int, private val log: File) : AutoCloseable {
    val baseUrl: String get() = "http://127.0.0.1:$port"

    fun logTail(): String = log.takeIf { it.exists() }?.readLines()?.takeLast(20)?.joinToString("\n") ?: ""

    override fun close() {
        process.descendants().forEach { it.destroy() }
        process.destroy()
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach { it.destroyForcibly() }
            process.destroyForcibly()
        }
    }

    /** Where Prism and the spec are, or why Prism is not there ([problem]). */
    class Location(val binary: File, val spec: File, val problem: String?)

    companion object {
        /** Whether the environment demands that the conformance tests run (the repository's test script sets it). */
        val required: Boolean get() = System.getenv("SWITCHBOARD_REQUIRE_PRISM") == "1"

        /** Prism under `.tools/prism` and the vendored spec [specName]; throws when the spec is missing, whatever [required] says. */
        fun locate(specName: String): Location {
            val spec = RepositoryFiles.spec(specName)
            val binary = File(RepositoryFiles.root, ".tools/prism/node_modules/.bin/prism")
            val problem = if (binary.canExecute()) {
                null
            } else {
                "Prism is not installed at ${binary.path}: run " +
                    "`npm install --prefix .tools/prism @stoplight/prism-cli@5.14.2` in the repository root (scripts/test.sh does)"
            }
            return Location(binary, spec, problem)
        }

        /** Starts Prism on a free port and waits until it answers (it needs about 40 s to load the OpenAI spec). */
        fun start(location: Location, timeoutSeconds: Long = 240): PrismServer {
            val port = ServerSocket(0).use { it.localPort }
            val log = File.createTempFile("prism-", ".log")
            log.deleteOnExit()
            val process = ProcessBuilder(location.binary.path, "mock", "-h", "127.0.0.1", "-p", port.toString(), location.spec.path)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start()
            val server = PrismServer(process, port, log)
            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds)
            while (System.nanoTime() < deadline) {
                if (!process.isAlive) {
                    throw IllegalStateException("Prism exited with ${process.exitValue()} before it was ready:\n${server.logTail()}")
                }
                if (answers(port)) return server
                Thread.sleep(500)
            }
            server.close()
            throw IllegalStateException("Prism did not answer on port $port within $timeoutSeconds s:\n${server.logTail()}")
        }

        private fun answers(port: Int): Boolean = try {
            val c = URI("http://127.0.0.1:$port/models").toURL().openConnection() as HttpURLConnection
            c.connectTimeout = 500
            c.readTimeout = 2000
            c.setRequestProperty("Authorization", "Bearer sk-prism-probe")
            val code = c.responseCode
            c.disconnect()
            code in 200..499
        } catch (e: java.io.IOException) {
            false
        }
    }
}

/**
 * Prism serving one spec for one test class: started on first use, skipped with the reason when Prism is
 * not installed (unless [PrismServer.required]). A missing spec fails the test class at construction. Call
 * [close] after the spec.
 */
internal class PrismFixture(specName: String, testName: String, patch: ((String) -> String)? = null) : AutoCloseable {
    private val location = PrismServer.locate(specName).let { found ->
        if (patch == null) return@let found
        // A patched copy beside the build's other outputs; the vendored spec stays as it is.
        val copy = File(RepositoryFiles.root, "library/openai/target/prism-specs/${found.spec.name}")
        copy.parentFile.mkdirs()
        val text = found.spec.readText()
        val patched = patch(text)
        check(patched != text) { "$testName: the patch of ${found.spec.name} changed nothing (has the spec changed?)" }
        copy.writeText(patched)
        PrismServer.Location(found.binary, copy, found.problem)
    }
    private var server: PrismServer? = null
    private val http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build()

    init {
        if (location.problem != null) {
            System.err.println(
                "$testName: " + location.problem + if (PrismServer.required) " (SWITCHBOARD_REQUIRE_PRISM=1: failing)" else " (skipping)",
            )
        }
    }

    /** For `config(enabledOrReasonIf = …)`: enabled when Prism is there or required. */
    val enabled: (io.kotest.core.test.TestCase) -> io.kotest.core.test.Enabled = {
        if (location.problem == null || PrismServer.required) {
            io.kotest.core.test.Enabled.enabled
        } else {
            io.kotest.core.test.Enabled.disabled(location.problem)
        }
    }

    /** The running server, started on the first call. */
    fun server(): PrismServer {
        location.problem?.let { io.kotest.assertions.fail(it) }
        return server ?: PrismServer.start(location).also { server = it }
    }

    /**
     * Sends [spec] to Prism in place of the real service at [serviceRoot] (the part of the spec's server URL
     * that Prism does not serve); returns the status and body.
     */
    fun send(spec: dev.switchboard.spi.HttpRequestSpec, serviceRoot: String, stream: Boolean): Pair<Int, String> {
        val url = server().baseUrl + spec.url.removePrefix(serviceRoot)
        val b = java.net.http.HttpRequest.newBuilder(URI(url)).timeout(java.time.Duration.ofSeconds(60))
            .header("Content-Type", spec.contentType)
            .header("Accept", if (stream) "text/event-stream" else "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(spec.body!!))
        spec.headers.forEach { (k, v) -> b.header(k, v) }
        val response = http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
        return response.statusCode() to response.body()
    }

    override fun close() {
        server?.close()
    }
}
