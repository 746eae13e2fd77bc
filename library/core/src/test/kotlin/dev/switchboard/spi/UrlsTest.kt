package dev.switchboard.spi

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

class UrlsTest : FunSpec({
    test("join puts exactly one slash between the base URL and the path, whatever either side brings") {
        for (base in listOf("https://h.example/v1", "https://h.example/v1/", "https://h.example/v1//")) {
            for (path in listOf("chat/completions", "/chat/completions", "//chat/completions")) {
                Urls.join(base, path) shouldBe "https://h.example/v1/chat/completions"
            }
        }
        Urls.join("http://localhost:11434", "/api/chat") shouldBe "http://localhost:11434/api/chat"
        Urls.join("https://h.example/v1/", "") shouldBe "https://h.example/v1"
    }

    test("join keeps the base URL's query after the path, then appends the given parameters encoded") {
        Urls.join("https://gw.example/v1?key=k1", "/chat/completions") shouldBe "https://gw.example/v1/chat/completions?key=k1"
        Urls.join("https://gw.example/v1/?key=k1", "messages") shouldBe "https://gw.example/v1/messages?key=k1"
        Urls.join("https://gw.example/v1?key=k1", "/m", mapOf("api-version" to "2024-10-21")) shouldBe
            "https://gw.example/v1/m?key=k1&api-version=2024-10-21"
        Urls.join("https://h.example", "/m", linkedMapOf("a b" to "c&d=e", "v" to "é/?#")) shouldBe
            "https://h.example/m?a%20b=c%26d%3De&v=%C3%A9%2F%3F%23"
        Urls.join("https://h.example/x?", "/m") shouldBe "https://h.example/x/m"
    }

    test("join refuses a fragment in the base URL and a query or fragment in the path") {
        shouldThrow<IllegalArgumentException> { Urls.join("https://h.example/v1#top", "/m") }.message!! shouldContain "fragment"
        shouldThrow<IllegalArgumentException> { Urls.join("https://h.example/v1", "/m?x=1") }
        shouldThrow<IllegalArgumentException> { Urls.join("https://h.example/v1", "/m#x") }
    }

    test("pathSegment encodes everything but letters, digits and -._~, so a value stays one segment") {
        Urls.pathSegment("gpt-4o_prod.v2~x") shouldBe "gpt-4o_prod.v2~x"
        Urls.pathSegment("my deployment") shouldBe "my%20deployment"
        Urls.pathSegment("../a/b?c#d%") shouldBe "..%2Fa%2Fb%3Fc%23d%25"
        Urls.pathSegment("naïve") shouldBe "na%C3%AFve"
        Urls.join("https://r.example", "/openai/deployments/${Urls.pathSegment("a/b")}/chat/completions") shouldBe
            "https://r.example/openai/deployments/a%2Fb/chat/completions"
    }

    test("httpUrl trims, drops trailing slashes (before a query too) and accepts http and https") {
        Urls.httpUrl("  https://h.example/v1/  ", "The base URL") shouldBe "https://h.example/v1"
        Urls.httpUrl("http://localhost:11434", "The base URL") shouldBe "http://localhost:11434"
        Urls.httpUrl("https://h.example/v1/?key=k", "The base URL") shouldBe "https://h.example/v1?key=k"
        Urls.httpUrl("http://ollama_box:11434/", "The base URL") shouldBe "http://ollama_box:11434"
    }

    test("httpUrl refuses other schemes, non-URLs, fragments, and a query when told to, without quoting a key") {
        shouldThrow<IllegalArgumentException> { Urls.httpUrl("ftp://h.example", "The base URL") }.message!! shouldContain
            "The base URL must start with http:// or https://"
        shouldThrow<IllegalArgumentException> { Urls.httpUrl("https://h.example/a b", "The base URL") }.message!! shouldContain
            "is not a URL"
        shouldThrow<IllegalArgumentException> { Urls.httpUrl("https://h.example/#x", "The base URL") }.message!! shouldContain "fragment"
        val refused = shouldThrow<IllegalArgumentException> {
            Urls.httpUrl("https://r.example?api-version=1", "The endpoint", queryAdvice = "give it with apiVersion(...)")
        }
        refused.message!! shouldContain "must not have a query"
        refused.message!! shouldContain "apiVersion(...)"
        Urls.httpUrl("https://r.example?api-version=1", "The endpoint") shouldBe "https://r.example?api-version=1"
        // A key pasted where the URL belongs is not repeated.
        val key = "sk-" + "proj-abcdefghijklmnop0123"
        shouldThrow<IllegalArgumentException> { Urls.httpUrl(key, "The base URL") }.message!! shouldNotContain key
    }

    test("host is the lower-case host, or null") {
        Urls.host("https://API.OpenAI.com/v1") shouldBe "api.openai.com"
        Urls.host("not a url") shouldBe null
        Urls.host("http://under_score:1") shouldBe null
    }

    test("endpoint drops user info, query and fragment, so a client's endpoint names no credential") {
        Urls.endpoint("https://user:pa55word@llm.example.com:8443/v1/chat/completions?api-version=1&key=abc#x") shouldBe
            "https://llm.example.com:8443/v1/chat/completions"
        Urls.endpoint("http://127.0.0.1:11434/api/chat") shouldBe "http://127.0.0.1:11434/api/chat"
    }
})
