package dev.switchboard.engine.java

import dev.switchboard.HttpOptions
import dev.switchboard.spi.ExchangeRequest
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.net.URI
import java.util.concurrent.ConcurrentLinkedQueue

/**
 * Requests with the same headers as the last one share the headers the JDK's builder checked for it: each request
 * still carries exactly its own headers, and one whose headers differ (or are invalid) goes through the builder.
 */
class JdkRequestHeadersTest : FunSpec({
    timeout = 60_000L

    fun answer(out: java.io.OutputStream) {
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".toByteArray())
        out.flush()
    }

    fun request(port: Int, vararg headers: String) =
        ExchangeRequest("POST", URI("http://127.0.0.1:$port/h"), arrayOf(*headers), "{}".toByteArray())

    /** The request's headers as the server saw them, lower-cased names, without the ones the JDK adds itself. */
    fun own(head: String): List<String> = head.split("\r\n").drop(1).filter { it.isNotEmpty() }
        .map { it.substringBefore(':').lowercase() + ":" + it.substringAfter(':').trim() }
        .filter { it.substringBefore(':') !in setOf("content-length", "host", "user-agent", "connection", "upgrade", "http2-settings") }

    test("requests with the same headers, then other ones, then the same again, each carry exactly their own") {
        val heads = ConcurrentLinkedQueue<String>()
        RawServer(heads) { answer(it) }.use { server ->
            val port = server.request().uri.port
            val a = arrayOf("Authorization", "Bearer one", "Content-Type", "application/json")
            val sequence = listOf(
                a,
                a.copyOf(),
                arrayOf("Authorization", "Bearer two", "Content-Type", "application/json"),
                arrayOf("Authorization", "Bearer one"),
                arrayOf("Authorization", "Bearer one", "Content-Type", "application/json", "X-Extra", "1"),
                // a restricted header is left out, as before: the rest is the same as the first
                arrayOf("Authorization", "Bearer one", "Connection", "close", "Content-Type", "application/json"),
                a,
            )
            JavaEngineProvider.create(HttpOptions.DEFAULT).use { ex ->
                for (h in sequence) {
                    ex.exchange(request(port, *h)) { r -> r.status } shouldBe 200
                }
            }
            val seen = heads.map(::own)
            seen shouldBe listOf(
                listOf("authorization:Bearer one", "content-type:application/json"),
                listOf("authorization:Bearer one", "content-type:application/json"),
                listOf("authorization:Bearer two", "content-type:application/json"),
                listOf("authorization:Bearer one"),
                listOf("authorization:Bearer one", "content-type:application/json", "x-extra:1"),
                listOf("authorization:Bearer one", "content-type:application/json"),
                listOf("authorization:Bearer one", "content-type:application/json"),
            )
        }
    }

    test("a header value with a line break is refused even right after a request whose other headers were the same") {
        val heads = ConcurrentLinkedQueue<String>()
        RawServer(heads) { answer(it) }.use { server ->
            val port = server.request().uri.port
            JavaEngineProvider.create(HttpOptions.DEFAULT).use { ex ->
                ex.exchange(request(port, "Authorization", "Bearer one", "X-Title", "app")) { r -> r.status } shouldBe 200
                val e = shouldThrow<IllegalArgumentException> {
                    ex.exchange(request(port, "Authorization", "Bearer one", "X-Title", "app\r\nX-Injected: 1")) { r -> r.status }
                }
                e.message.orEmpty() shouldNotContain "Bearer"
            }
            heads.size shouldBe 1
            heads.single() shouldContain "X-Title: app"
        }
    }
})
