package dev.switchboard.ollama

import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.time.Duration

class OllamaConfigTest : FunSpec({
    test("OLLAMA_HOST forms are read as the Ollama CLI reads them") {
        val cases = mapOf(
            "gpu-box" to "http://gpu-box:11434",
            "gpu-box:8080" to "http://gpu-box:8080",
            ":11435" to "http://127.0.0.1:11435",
            "0.0.0.0" to "http://127.0.0.1:11434",
            "0.0.0.0:11434" to "http://127.0.0.1:11434",
            "127.0.0.1" to "http://127.0.0.1:11434",
            "http://gpu-box:11434" to "http://gpu-box:11434",
            "http://gpu-box" to "http://gpu-box:80",
            "https://gpu-box" to "https://gpu-box:443",
            "HTTPS://gpu-box:8443/" to "https://gpu-box:8443",
            "https://proxy.example.com/ollama/" to "https://proxy.example.com:443/ollama",
            "  \"gpu-box:1234\"  " to "http://gpu-box:1234",
            "'localhost'" to "http://localhost:11434",
            "[::1]:11434" to "http://[::1]:11434",
            "::1" to "http://[::1]:11434",
            "[::]" to "http://[::1]:11434",
            "http://[fe80::1]:9000" to "http://[fe80::1]:9000",
            "ollama.com" to "https://ollama.com:443",
            "ollama_server:11434" to "http://ollama_server:11434",
            "http://user:secret@proxy.local:8080/x" to "http://user:secret@proxy.local:8080/x",
        )
        for ((value, url) in cases) withClue(value) { OllamaHost.baseUrl(value) shouldBe url }
    }

    test("a host that is not a host, host:port or http(s) URL is refused, saying what was wrong") {
        shouldThrow<IllegalArgumentException> { OllamaHost.baseUrl("gpu-box:port") }.message!! shouldContain "invalid port"
        shouldThrow<IllegalArgumentException> { OllamaHost.baseUrl("gpu-box:70000") }.message!! shouldContain "1 to 65535"
        shouldThrow<IllegalArgumentException> { OllamaHost.baseUrl("ftp://gpu-box") }.message!! shouldContain "http or https"
        shouldThrow<IllegalArgumentException> { OllamaHost.baseUrl("  ") }
        shouldThrow<IllegalArgumentException> { OllamaHost.baseUrl("[::1") }
        shouldThrow<IllegalArgumentException> { OllamaHost.baseUrl("bad host name") }
        shouldThrow<IllegalArgumentException> { OllamaHost.baseUrl("http://host/with space") }
        shouldThrow<IllegalArgumentException> { OllamaHost.baseUrl("http://a..b") }
    }

    test("fromEnvironment reads OLLAMA_HOST and OLLAMA_API_KEY; without them it is a local server without a key") {
        val env = mapOf("OLLAMA_HOST" to "gpu-box:9999", "OLLAMA_API_KEY" to " key-" + "abcdefgh ")
        val c = OllamaConfig.fromEnvironment(env::get).build()
        c.baseUrl shouldBe "http://gpu-box:9999"
        c.apiKey shouldBe "key-abcdefgh"
        val none = OllamaConfig.fromEnvironment { null }.build()
        none.baseUrl shouldBe OllamaConfig.DEFAULT_BASE_URL
        none.baseUrl shouldBe "http://localhost:11434"
        none.apiKey shouldBe null
        OllamaConfig.fromEnvironment(mapOf("OLLAMA_HOST" to "  ")::get).build().baseUrl shouldBe "http://localhost:11434"
        shouldThrow<IllegalArgumentException> { OllamaConfig.fromEnvironment(mapOf("OLLAMA_HOST" to "host:x")::get) }
            .message!! shouldContain "OLLAMA_HOST"
    }

    test("the builder keeps every setting, and newBuilder copies them") {
        val info = ModelInfo.builder().vision(true).contextWindow(8192).build()
        val http = HttpOptions.builder().maxRetries(5).build()
        val c = OllamaConfig.builder().baseUrl("gpu-box").apiKey("  ").header("X-Team", "search").modelInfo(info).httpOptions(http)
            .keepAlive(Duration.ofMinutes(30)).think(true).numCtx(16384).topK(20).option("min_p", 0.05).option("use_mmap", false)
            .option("stop_word", "x").build()
        c.apiKey shouldBe null
        c.headers shouldBe mapOf("X-Team" to "search")
        c.modelInfo shouldBe info
        c.httpOptions.maxRetries shouldBe 5
        c.keepAlive shouldBe Duration.ofMinutes(30)
        c.think shouldBe true
        c.numCtx shouldBe 16384
        c.options.keys shouldBe setOf("num_ctx", "top_k", "min_p", "use_mmap", "stop_word")
        val copy = c.newBuilder().numCtx(4096).build()
        copy.numCtx shouldBe 4096
        copy.baseUrl shouldBe c.baseUrl
        copy.modelInfo shouldBe info
        c.numCtx shouldBe 16384
        shouldThrow<IllegalArgumentException> { OllamaConfig.builder().numCtx(0) }
        shouldThrow<IllegalArgumentException> { OllamaConfig.builder().header(" ", "v") }
    }

    test("toString names the server but not the key, header values or the URL's user info") {
        val key = "Zq8mT4vN2pL6xR0c"
        val c = OllamaConfig.builder().baseUrl("https://user:pa55word-xyz@proxy.example.com/ollama").apiKey(key)
            .header("X-Api-Token", "hdr-secret-123456").build()
        val text = c.toString()
        text shouldContain "proxy.example.com"
        text shouldNotContain key
        text shouldNotContain "hdr-secret-123456"
        text shouldNotContain "pa55word-xyz"
    }
})
