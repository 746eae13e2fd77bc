package dev.switchboard.ollama

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.serialization.json.JsonPrimitive
import java.time.Duration as JavaDuration
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

class OllamaConfigDslTest : FunSpec({
    test("OllamaConfig { } sets what the builder sets, the host read as OLLAMA_HOST is") {
        val config = OllamaConfig {
            baseUrl = "gpu-box"
            apiKey = " "
            keepAlive = 10.minutes
            think = true
            numCtx(8_192)
            option("min_p", 0.05)
            httpOptions { maxRetries = 0 }
            modelInfo { functionCalling = true }
        }
        config.baseUrl shouldBe "http://gpu-box:11434"
        config.apiKey shouldBe null
        config.keepAlive shouldBe JavaDuration.ofMinutes(10)
        config.think shouldBe true
        config.numCtx shouldBe 8_192
        config.httpOptions.maxRetries shouldBe 0
        config.toString() shouldBe OllamaConfig.builder().baseUrl("gpu-box").keepAlive(JavaDuration.ofMinutes(10)).think(true)
            .numCtx(8_192).option("min_p", 0.05).httpOptions(dev.switchboard.HttpOptions.builder().maxRetries(0).build())
            .modelInfo(dev.switchboard.ModelInfo.builder().functionCalling(true).build()).build().toString()
        shouldThrow<IllegalArgumentException> { OllamaConfig { baseUrl = "ftp://box" } }.message shouldContain "http or https"
    }

    test("keepAlive as kotlin.time: zero, a fraction, INFINITE or negative (forever), null; the Java setter stays") {
        RequestDefaults.of(OllamaConfig { keepAlive = Duration.ZERO }).keepAlive shouldBe JsonPrimitive(0L)
        RequestDefaults.of(OllamaConfig { keepAlive = 1500.milliseconds }).keepAlive shouldBe JsonPrimitive(1.5)
        RequestDefaults.of(OllamaConfig { keepAlive = 90.seconds }).keepAlive shouldBe JsonPrimitive(90L)
        RequestDefaults.of(OllamaConfig { keepAlive = Duration.INFINITE }).keepAlive shouldBe JsonPrimitive(-1)
        RequestDefaults.of(OllamaConfig { keepAlive = (-1).seconds }).keepAlive shouldBe JsonPrimitive(-1)
        OllamaConfig { keepAlive = 5.minutes; keepAlive = null }.keepAlive shouldBe null
        OllamaConfig.builder().keepAlive(2.minutes).build().keepAlive shouldBe JavaDuration.ofMinutes(2)
        OllamaConfig.builder().keepAliveForever().keepAlive shouldBe Duration.INFINITE
        OllamaConfig.builder().keepAlive(JavaDuration.ofSeconds(30)).keepAlive shouldBe 30.seconds
    }
})
