package dev.switchboard.spi

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain

class SecretsTest : FunSpec({
    // Built at run time so that the repository holds nothing that looks like a real key.
    val key = "opaque" + "-key-of-no-known-shape-1234"

    test("scrub removes the key, credential header values and the base URL's secrets, whatever their shape") {
        val secrets = Secrets.of(
            key,
            mapOf("X-Custom-Token" to "tok" + "en-value-5678", "X-Trace" to "trace-id-visible"),
            "https://user:pass" + "word99@gw.example/v1?sig=sig" + "nature-abcdef",
        )
        val text = "echo: $key token-value-5678 password99 signature-abcdef trace-id-visible"
        val scrubbed = secrets.scrub(text)
        for (leak in listOf(key, "token-value-5678", "password99", "signature-abcdef")) scrubbed shouldNotContain leak
        (scrubbed.contains("trace-id-visible")) shouldBe true
    }

    test("values shorter than MIN_LENGTH are left alone, and toString prints no value") {
        val secrets = Secrets(listOf("short", key))
        secrets.scrub("a short word") shouldBe "a short word"
        secrets.toString() shouldBe "Secrets(1 values)"
    }

    test("safeUrl masks user info and query values") {
        Secrets.safeUrl("https://u:p@host.example:8443/v1?key=abc&x=1") shouldBe "https://***@host.example:8443/v1?key=***&x=***"
        Secrets.safeUrl("http://127.0.0.1:11434/v1") shouldBe "http://127.0.0.1:11434/v1"
    }

    test("HttpErrors.redact knows Llama API keys") {
        HttpErrors.redact("key LLM|" + "1234|abcdefghijklmnop end") shouldBe "key LLM|*** end"
    }
})
