package dev.switchboard

import dev.switchboard.auth.AccessTokenProvider
import dev.switchboard.auth.RequestAuthorizer
import dev.switchboard.replay.ReplayChatCompletionClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration as JavaDuration
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

class ConfigDslTest : FunSpec({
    test("HttpOptions { } sets what the builder sets, with kotlin.time durations") {
        val options = HttpOptions {
            connectTimeout = 3.seconds
            requestTimeout = 30.seconds
            streamIdleTimeout = 15.seconds
            maxRetries = 0
            initialBackoff = 250.milliseconds
            maxBackoff = 2.minutes
        }
        options.connectTimeout shouldBe JavaDuration.ofSeconds(3)
        options.requestTimeout shouldBe JavaDuration.ofSeconds(30)
        options.streamIdleTimeout shouldBe JavaDuration.ofSeconds(15)
        options.maxRetries shouldBe 0
        options.initialBackoff shouldBe JavaDuration.ofMillis(250)
        options.maxBackoff shouldBe JavaDuration.ofMinutes(2)
        options.toString() shouldBe HttpOptions.builder().connectTimeout(JavaDuration.ofSeconds(3))
            .requestTimeout(JavaDuration.ofSeconds(30)).streamIdleTimeout(JavaDuration.ofSeconds(15)).maxRetries(0)
            .initialBackoff(JavaDuration.ofMillis(250)).maxBackoff(JavaDuration.ofMinutes(2)).build().toString()
    }

    test("HttpOptions { } without settings is the defaults, and the builder's properties read the defaults") {
        val d = HttpOptions { }
        listOf(d.connectTimeout, d.requestTimeout, d.streamIdleTimeout, d.initialBackoff, d.maxBackoff, d.maxRetries) shouldBe
            listOf(HttpOptions.DEFAULT.connectTimeout, HttpOptions.DEFAULT.requestTimeout, HttpOptions.DEFAULT.streamIdleTimeout,
                HttpOptions.DEFAULT.initialBackoff, HttpOptions.DEFAULT.maxBackoff, HttpOptions.DEFAULT.maxRetries)
        val b = HttpOptions.builder()
        listOf(b.connectTimeout, b.requestTimeout, b.streamIdleTimeout, b.initialBackoff, b.maxBackoff) shouldBe
            listOf(10.seconds, 600.seconds, 120.seconds, 500.milliseconds, 60.seconds)
        b.maxRetries shouldBe 2
        b.engine shouldBe null
        b.httpClient shouldBe null
    }

    test("the kotlin.time setter overloads chain as the java.time ones do, and either may be mixed in the DSL") {
        val fluent = HttpOptions.builder().requestTimeout(45.seconds).connectTimeout(JavaDuration.ofSeconds(2))
            .initialBackoff(1.seconds).maxBackoff(5.seconds).streamIdleTimeout(9.seconds).build()
        fluent.requestTimeout shouldBe JavaDuration.ofSeconds(45)
        fluent.connectTimeout shouldBe JavaDuration.ofSeconds(2)
        fluent.initialBackoff shouldBe JavaDuration.ofSeconds(1)
        fluent.maxBackoff shouldBe JavaDuration.ofSeconds(5)
        fluent.streamIdleTimeout shouldBe JavaDuration.ofSeconds(9)
        val mixed = HttpOptions { requestTimeout(JavaDuration.ofSeconds(7)); maxRetries(1) }
        mixed.requestTimeout shouldBe JavaDuration.ofSeconds(7)
        mixed.maxRetries shouldBe 1
    }

    test("the DSL checks values as the Java setters do") {
        shouldThrow<IllegalArgumentException> { HttpOptions { requestTimeout = Duration.ZERO } }.message shouldContain "requestTimeout must be positive"
        shouldThrow<IllegalArgumentException> { HttpOptions { connectTimeout = (-1).seconds } }.message shouldContain "connectTimeout must be positive"
        shouldThrow<IllegalArgumentException> { HttpOptions.builder().maxBackoff(-(5.seconds)) }.message shouldContain "maxBackoff must be positive"
        shouldThrow<IllegalArgumentException> { HttpOptions { maxRetries = 101 } }.message shouldContain "between 0 and 100"
        shouldThrow<IllegalArgumentException> { HttpOptions { maxRetries = -1 } }.message shouldContain "between 0 and 100"
    }

    test("Duration.INFINITE means no limit, kept as the longest java.time duration, as a huge java.time one is") {
        val options = HttpOptions { requestTimeout = Duration.INFINITE; streamIdleTimeout = Duration.INFINITE }
        options.requestTimeout shouldBe JavaDuration.ofNanos(Long.MAX_VALUE)
        options.streamIdleTimeout shouldBe HttpOptions.builder().streamIdleTimeout(JavaDuration.ofSeconds(Long.MAX_VALUE)).build().streamIdleTimeout
    }

    test("newBuilder keeps what the DSL set") {
        val options = HttpOptions { maxRetries = 5; requestTimeout = 12.seconds }
        val copy = options.newBuilder().apply { connectTimeout = 1.seconds }.build()
        copy.maxRetries shouldBe 5
        copy.requestTimeout shouldBe JavaDuration.ofSeconds(12)
        copy.connectTimeout shouldBe JavaDuration.ofSeconds(1)
        options.connectTimeout shouldBe JavaDuration.ofSeconds(10)
    }

    test("ModelInfo { } sets what the builder sets") {
        val info = ModelInfo {
            vision = true
            functionCalling = true
            structuredOutput = true
            family = ModelFamily.of("llama")
            contextWindow = 128_000
            maxOutputTokens = 4_096
        }
        info shouldBe ModelInfo.builder().vision(true).functionCalling(true).structuredOutput(true).family("llama")
            .contextWindow(128_000).maxOutputTokens(4_096).build()
        info.jsonOutput shouldBe false
        ModelInfo { } shouldBe ModelInfo.builder().build()
        ModelInfo { family("custom") }.family shouldBe ModelFamily.of("custom")
    }

    test("ModelInfo { } checks values as the Java setters do, and null clears a limit") {
        shouldThrow<IllegalArgumentException> { ModelInfo { contextWindow = 0 } }.message shouldContain "contextWindow must be positive"
        shouldThrow<IllegalArgumentException> { ModelInfo.builder().maxOutputTokens(-3) }.message shouldContain "maxOutputTokens must be positive"
        ModelInfo.builder().contextWindow(8_000).build().newBuilder().apply { contextWindow = null }.build().contextWindow shouldBe null
    }

    test("kotlin.time overloads of the other durations: cache TTL, replay event delay, token refresh") {
        CacheMarker.withTtl(1.minutes) shouldBe CacheMarker.withTtl(JavaDuration.ofMinutes(1))
        shouldThrow<IllegalArgumentException> { CacheMarker.withTtl(Duration.ZERO) }.message shouldContain "must be positive"
        ReplayChatCompletionClient.builder().eventDelay(20.milliseconds).eventDelay shouldBe JavaDuration.ofMillis(20)
        shouldThrow<IllegalArgumentException> { ReplayChatCompletionClient.builder().eventDelay((-1).milliseconds) }
        val tokens = AccessTokenProvider { error("no token is fetched in this test") }
        RequestAuthorizer.bearerToken(tokens, "test", 1.minutes).javaClass shouldBe
            RequestAuthorizer.bearerToken(tokens, "test").javaClass
        shouldThrow<IllegalArgumentException> { RequestAuthorizer.bearerToken(tokens, "test", (-1).seconds) }
            .message shouldContain "refreshBefore must not be negative"
    }
})
