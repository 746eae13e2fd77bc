package dev.switchboard.gemini

import dev.switchboard.config.ProviderDocuments
import dev.switchboard.contract.WireUsage
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class GeminiComponentTest : FunSpec({
    val key = "test-gemini-config-key"
    val answer = GeminiWire.textResponse("gemini-2.5-flash", "hello from gemini", WireUsage(3, 4))

    test("gemini: the key from GEMINI_API_KEY and the document's base URL and API version") {
        val (text, r) = ProviderDocuments.call(answer, mapOf("GEMINI_API_KEY" to key)) { url ->
            """{"provider": "gemini", "config": {"model": "gemini-2.5-flash", "base_url": "$url", "api_version": "v1"}}"""
        }
        text shouldBe "hello from gemini"
        r.uri shouldBe "/v1/models/gemini-2.5-flash:generateContent"
        r.headers["x-goog-api-key"] shouldBe key
    }

    test("gemini on Vertex AI: the project and location in the path; a GEMINI_API_KEY in the environment is not sent there") {
        val tokens = "vertex-token-from-document"
        val (text, r) = ProviderDocuments.call(answer, mapOf("GEMINI_API_KEY" to key, "VERTEX_TOKEN" to tokens)) { url ->
            """{"provider": "gemini", "config": {"model": "gemini-2.5-flash", "base_url": "$url",
               "vertex": {"project": "my-proj", "location": "us-central1"}, "headers": {"Authorization": "Bearer ${'$'}{VERTEX_TOKEN}"}}}"""
        }
        text shouldBe "hello from gemini"
        r.uri shouldBe "/v1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent"
        r.headers["x-goog-api-key"] shouldBe null
        r.headers["authorization"] shouldBe "Bearer $tokens"
    }

    test("gemini: described without its key, and the description loads back") {
        val client = GeminiChatCompletionClient.create("gemini-2.5-flash", GeminiConfig.builder().apiKey(key).includeThoughts(false).build())
        ProviderDocuments.describesWithoutSecret(client, key, "GEMINI_API_KEY", mapOf("GEMINI_API_KEY" to key))
        client.close()
    }

    test("gemini: vertex needs its project; an unknown token provider is named") {
        ProviderDocuments.failure("""{"provider": "gemini", "config": {"model": "m", "vertex": {"location": "global"}}}""") shouldContain
            "config.vertex.project: missing"
        ProviderDocuments.failure("""{"provider": "gemini", "config": {"model": "m", "vertex": {"project": "p"}, "token_provider": {"provider": "gcloud"}}}""") shouldContain
            "config.token_provider.provider: unknown"
    }
})
