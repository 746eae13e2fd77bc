package dev.switchboard.http

import dev.switchboard.spi.HttpRequestSpec
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

class HttpRequestSpecTest : FunSpec({
    val key = "AIza" + "SyA" + "0123456789abcdefghijklmnopq"

    test("toString names the headers but never prints their values") {
        val spec = HttpRequestSpec(
            "https://api.example/v1/chat", "{}".toByteArray(),
            mapOf("Authorization" to "Bearer secret-value-1", "x-api-key" to "secret-value-2"),
        )
        val text = spec.toString()
        text shouldContain "Authorization"
        text shouldContain "x-api-key"
        text shouldNotContain "secret-value"
        text shouldBe "HttpRequestSpec(POST https://api.example/v1/chat, headers=[Authorization, x-api-key], 2 bytes)"
    }

    test("toString hides a key carried in the URL's query") {
        val spec = HttpRequestSpec("https://generativelanguage.example/v1/models/m:stream?alt=sse&key=$key", null, method = "GET")
        val text = spec.toString()
        text shouldNotContain key
        text shouldContain "generativelanguage.example/v1/models/m:stream"
    }
})
