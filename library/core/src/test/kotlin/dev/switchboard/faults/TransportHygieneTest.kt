package dev.switchboard.faults

import dev.switchboard.HttpOptions
import dev.switchboard.ProtocolException
import dev.switchboard.RequestTimeoutException
import dev.switchboard.ServerException
import dev.switchboard.SwitchboardException
import dev.switchboard.http.CioTestEngine
import dev.switchboard.http.TestErrors
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.StreamFraming
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.ktor.client.HttpClient
import io.ktor.client.engine.cio.CIO
import io.ktor.client.plugins.HttpTimeout
import kotlinx.coroutines.flow.collect

/**
 * What the transport itself puts into errors: credentials of no known shape, which only the request knows,
 * stay out of the pages no codec reads (HTML pages, redirects) and of error bodies; an engine's own timeout is
 * named as what it was, with its cause.
 */
class TransportHygieneTest : FunSpec({
    // Shaped like no provider's key: only knowing what the request sent can hide them.
    val token = "Qx7" + "mZ2vR9tL4wK8pN1"
    val custom = "hK5" + "sD8fJ3gL6qW0eR2"
    val spec = { url: String ->
        HttpRequestSpec(url, "{}".toByteArray(), mapOf("Authorization" to "Bearer $token", "X-Gateway-Key" to custom))
    }

    fun transport() = HttpTransport("test", HttpOptions.builder().engine(CioTestEngine).maxRetries(0).build())

    fun assertClean(e: SwitchboardException) {
        val text = "${e.message} ${e.bodyExcerpt}"
        for (secret in listOf(token, custom)) withClue(text) { text shouldNotContain secret }
    }

    val echo: suspend FaultServer.Exchange.(Int, String) -> Unit = { status, contentType ->
        val credentials = Faults.credentials(request) + listOfNotNull(request.headers["x-gateway-key"])
        respond(status, contentType, "<html><body>You sent ${credentials.joinToString(" and ")}</body></html>", "Location: /elsewhere")
    }

    test("an HTML page, a redirect and an error body that quote the request's credentials do not repeat them") {
        for ((status, type) in listOf(200 to "text/html", 502 to "text/html", 302 to "text/html", 500 to "application/json")) {
            FaultServer().use { server ->
                server.answer("echo $status") { echo(status, type) }
                transport().use { t ->
                    val plain = shouldThrow<SwitchboardException> { t.execute(spec(server.baseUrl + "/v1/x"), TestErrors) }
                    assertClean(plain)
                    "${plain.message} ${plain.bodyExcerpt}" shouldContain "You sent ***" // the page arrived, scrubbed
                    val streamed = shouldThrow<SwitchboardException> {
                        t.stream(spec(server.baseUrl + "/v1/x"), StreamFraming.SSE, TestErrors) {}.collect()
                    }
                    assertClean(streamed)
                    when (status) {
                        200, 302 -> plain.shouldBeInstanceOf<ProtocolException>()
                        else -> plain.shouldBeInstanceOf<ServerException>()
                    }
                }
            }
        }
    }

    test("a timeout of the engine itself (not this transport's timers) says so and keeps its cause") {
        FaultServer().use { server ->
            server.answer("stall") { awaitClientClose() }
            val own = HttpClient(CIO) { install(HttpTimeout) { requestTimeoutMillis = 200 } }
            HttpTransport("test", HttpOptions.builder().httpClient(own).maxRetries(0).build()).use { t ->
                val e = shouldThrow<RequestTimeoutException> { t.execute(spec(server.baseUrl + "/v1/x"), TestErrors) }
                e.kind shouldBe RequestTimeoutException.Kind.REQUEST
                e.message!! shouldContain "timed out in the HTTP engine"
                e.message!! shouldContain "had not elapsed"
                e.cause.shouldNotBeNull()
            }
            own.close()
        }
    }
})
