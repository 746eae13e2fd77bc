package dev.switchboard

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

/** A provider's builder as providers write one: its own setting beside the shared ones. */
private class SampleBuilder : EndpointConfigBuilder<SampleBuilder>() {
    var region: String = "eu"
    fun region(value: String): SampleBuilder = apply { region = value }
    fun build(url: String): EndpointOptions = endpointOptions(url)
    fun from(options: EndpointOptions): SampleBuilder = apply { copyEndpointOptions(options) }
}

class EndpointConfigBuilderTest : FunSpec({
    // Built at run time so that the repository holds nothing that looks like a real key.
    val key = "opaque" + "-key-0123456789"

    test("the shared setters return the provider's builder, so a chain goes on with its own setters") {
        val b: SampleBuilder = SampleBuilder().apiKey(key).header("X-Team", "a").region("us")
            .modelInfo(ModelInfo.builder().vision(true).build()).httpOptions(HttpOptions.builder().maxRetries(0).build())
        b.region shouldBe "us"
        val o = b.build("https://h.example")
        o.apiKey shouldBe key
        o.headers shouldBe mapOf("X-Team" to "a")
        o.modelInfo!!.vision shouldBe true
        o.httpOptions.maxRetries shouldBe 0
        o.url shouldBe "https://h.example"
    }

    test("the API key is trimmed, and null or blank removes it") {
        SampleBuilder().apiKey("  $key  ").build("https://h").apiKey shouldBe key
        SampleBuilder().apiKey(key).apiKey("   ").build("https://h").apiKey shouldBe null
        SampleBuilder().apply { apiKey = key; apiKey = null }.build("https://h").apiKey shouldBe null
    }

    test("a blank header name is refused; a second value replaces the first, and the order is kept") {
        shouldThrow<IllegalArgumentException> { SampleBuilder().header(" ", "v") }.message!! shouldContain "header name"
        SampleBuilder().header("B", "1").header("A", "2").header("B", "3").build("https://h").headers.toList() shouldBe
            listOf("B" to "3", "A" to "2")
    }

    test("the Kotlin blocks start from the current values") {
        val o = SampleBuilder().apply {
            httpOptions { maxRetries = 1 }
            httpOptions { requestTimeout = kotlin.time.Duration.parse("5s") }
            modelInfo { vision = true }
            modelInfo { functionCalling = true }
        }.build("https://h")
        o.httpOptions.maxRetries shouldBe 1
        o.httpOptions.requestTimeout shouldBe java.time.Duration.ofSeconds(5)
        o.modelInfo!!.vision shouldBe true
        o.modelInfo!!.functionCalling shouldBe true
    }

    test("options are a snapshot: later changes to the builder do not reach them") {
        val b = SampleBuilder().header("A", "1")
        val o = b.build("https://h")
        b.header("B", "2").apiKey(key)
        o.headers shouldBe mapOf("A" to "1")
        o.apiKey shouldBe null
    }

    test("copyEndpointOptions restores everything but the URL, replacing what was set") {
        val o = SampleBuilder().apiKey(key).header("A", "1").modelInfo { vision = true }.build("https://h")
        val copy = SampleBuilder().header("Z", "0").from(o).build("https://other")
        copy.toString() shouldBe o.toString().replace("https://h", "https://other")
        copy.headers shouldBe mapOf("A" to "1")
    }

    test("toString shows header names, not values, nor the key or the URL's secrets") {
        val text = SampleBuilder().apiKey(key).header("X-Api-Token", "hdr-secret-123456")
            .build("https://user:pa55word-xyz@gw.example/v1?sig=sig-value-abcdef").toString()
        text shouldContain "gw.example"
        text shouldContain "X-Api-Token"
        text shouldContain "apiKey=****"
        for (leak in listOf(key, "hdr-secret-123456", "pa55word-xyz", "sig-value-abcdef")) text shouldNotContain leak
        SampleBuilder().build("https://h").toString() shouldContain "apiKey=none"
    }
})
