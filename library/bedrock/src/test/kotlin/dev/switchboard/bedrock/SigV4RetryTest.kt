package dev.switchboard.bedrock

import com.sun.net.httpserver.HttpServer
import dev.switchboard.CreateRequest
import dev.switchboard.HttpOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldStartWith
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials
import software.amazon.awssdk.auth.credentials.AwsCredentials
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider
import java.net.InetSocketAddress
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneOffset
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger

/**
 * A retried call is signed anew: the credentials are resolved again for each attempt, and with a clock that moves
 * between the attempts the retry carries its own date and a different signature, each one valid for its request.
 */
class SigV4RetryTest : FunSpec({
    class Attempt(val headers: Map<String, String>, val body: ByteArray, val path: String)

    test("each attempt resolves the credentials and carries a fresh, valid signature") {
        val attempts = CopyOnWriteArrayList<Attempt>()
        val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
        server.createContext("/") { ex ->
            val headers = ex.requestHeaders.entries.associate { (k, v) -> k.lowercase() to v.first() }
            attempts += Attempt(headers, ex.requestBody.readAllBytes(), ex.requestURI.rawPath)
            val (status, body) = if (attempts.size == 1) {
                ex.responseHeaders.add("x-amzn-ErrorType", "ServiceUnavailableException")
                503 to """{"message":"Bedrock is unable to process your request."}"""
            } else {
                200 to """{"output":{"message":{"role":"assistant","content":[{"text":"ok"}]}},"stopReason":"end_turn",""" +
                    """"usage":{"inputTokens":3,"outputTokens":1,"totalTokens":4}}"""
            }
            val bytes = body.encodeToByteArray()
            ex.responseHeaders.add("Content-Type", "application/json")
            ex.sendResponseHeaders(status, bytes.size.toLong())
            ex.responseBody.use { it.write(bytes) }
        }
        server.start()
        val resolved = AtomicInteger()
        val provider = object : AwsCredentialsProvider {
            override fun resolveCredentials(): AwsCredentials {
                resolved.incrementAndGet()
                return AwsBasicCredentials.create("AKIDEXAMPLE", "retry-test-secret-123")
            }
        }
        // Each reading of the clock is 7 seconds after the previous one.
        val clock = object : Clock() {
            val readings = AtomicInteger()
            override fun getZone() = ZoneOffset.UTC
            override fun withZone(zone: java.time.ZoneId?) = this
            override fun instant(): Instant = Instant.parse("2026-11-22T10:00:00Z").plusSeconds(7L * readings.getAndIncrement())
        }
        try {
            val config = BedrockConfig.builder().region("eu-west-1").baseUrl("http://127.0.0.1:${server.address.port}")
                .credentialsProvider(provider)
                .httpOptions(HttpOptions.builder().maxRetries(2).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build())
                .build()
            BedrockChatCompletionClient.create("amazon.nova-lite-v1:0", config, clock).use { client ->
                client.create(CreateRequest.builder().user("Hi").build()).content shouldBe "ok"
            }
        } finally {
            server.stop(0)
        }
        attempts.size shouldBe 2
        resolved.get() shouldBe 2
        val (first, second) = attempts
        first.headers["x-amz-date"] shouldNotBe second.headers["x-amz-date"]
        first.headers["authorization"] shouldNotBe second.headers["authorization"]
        for (a in attempts) {
            val auth = a.headers["authorization"]!!
            auth shouldStartWith "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/eu-west-1/bedrock/aws4_request, SignedHeaders="
            val signedHeaders = auth.substringAfter("SignedHeaders=").substringBefore(",").split(';')
            val request = SigV4Reference.Request(
                "POST", a.path, emptyList(), signedHeaders.map { it to a.headers[it]!! }, a.body,
            )
            val expected = SigV4Reference.sign(
                request, "AKIDEXAMPLE", "retry-test-secret-123", "eu-west-1", "bedrock", a.headers["x-amz-date"]!!, doubleEncode = true, normalize = true,
            )
            auth shouldBe expected.authorization
        }
    }
})
