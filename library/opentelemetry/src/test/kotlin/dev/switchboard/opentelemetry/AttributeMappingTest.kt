package dev.switchboard.opentelemetry

import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe

/** The provider names and server addresses the spans and metrics carry. */
class AttributeMappingTest : FunSpec({
    context("this library's provider names map to the conventions' where they name the same service") {
        withData(
            "openai" to "openai",
            "azure-openai" to "azure.ai.openai",
            "azure-ai-inference" to "azure.ai.inference",
            "anthropic" to "anthropic",
            "gemini" to "gcp.gemini",
            "groq" to "groq",
            "deepseek" to "deepseek",
            "mistral" to "mistral_ai",
        ) { (ours, theirs) -> GenAiProviders.of(ours) shouldBe theirs }
    }

    context("other provider names pass through as they are") {
        withData("ollama", "openrouter", "together", "fireworks", "github-models", "lm-studio", "replay", "custom") {
            GenAiProviders.of(it) shouldBe it
        }
    }

    test("server.address is the endpoint's host and server.port its port or the scheme's default") {
        ServerAddress.of("https://api.openai.com/v1/chat/completions")!!.let { it.address to it.port } shouldBe ("api.openai.com" to 443L)
        ServerAddress.of("http://localhost:11434/api/chat")!!.let { it.address to it.port } shouldBe ("localhost" to 11434L)
        ServerAddress.of("http://example.com/v1")!!.port shouldBe 80L
        ServerAddress.of("http://[::1]:8080/v1")!!.address shouldBe "::1"
    }

    test("no endpoint, or one without a host, gives no server attributes") {
        ServerAddress.of(null) shouldBe null
        ServerAddress.of("not a url") shouldBe null
        ServerAddress.of("file:/tmp/x") shouldBe null
    }
})
