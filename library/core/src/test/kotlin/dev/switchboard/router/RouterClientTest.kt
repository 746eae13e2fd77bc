package dev.switchboard.router

import dev.switchboard.CapabilityMissingException
import dev.switchboard.CreateRequest
import dev.switchboard.ImagePart
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.UserMessage
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.coroutines.test.runTest

class RouterClientTest : FunSpec({
    test("a group's modelInfo is what every deployment in it can do") {
        val wide = ModelInfo { vision = true; functionCalling = true; jsonOutput = true; family = ModelFamily.of("gpt"); contextWindow = 128_000; maxOutputTokens = 16_000 }
        val narrow = ModelInfo { functionCalling = true; structuredOutput = true; family = ModelFamily.of("gpt"); contextWindow = 32_000; maxOutputTokens = 4_000 }
        val r = router { group("g") { deployment("wide", FakeClient("w", wide)); deployment("narrow", FakeClient("n", narrow)) } }
        r.modelInfo shouldBe ModelInfo { functionCalling = true; family = ModelFamily.of("gpt"); contextWindow = 32_000; maxOutputTokens = 4_000 }

        val mixed = router {
            group("g") {
                deployment("a", FakeClient("a", wide))
                deployment("b", FakeClient("b", ModelInfo.ALL_CAPABILITIES))
            }
        }
        mixed.modelInfo.family shouldBe ModelFamily.UNKNOWN
        mixed.modelInfo.contextWindow.shouldBeNull() // one deployment does not know its window
    }

    test("a request needing what not every deployment can do fails before anything is sent") {
        runTest {
            val seeing = FakeClient("seeing")
            val blind = FakeClient("blind", ModelInfo.builder().functionCalling(true).build())
            val r = router { group("g") { deployment("seeing", seeing); deployment("blind", blind) }; settings(virtualSettings()) }
            val withImage = CreateRequest.of(UserMessage.of(dev.switchboard.TextPart("what is it?"), ImagePart(dev.switchboard.Image.fromUrl("https://example.com/a.png"))))
            shouldThrow<CapabilityMissingException> { r.create(withImage) }.capability shouldBe "vision"
            seeing.calls.get() + blind.calls.get() shouldBe 0
        }
    }

    test("usage is totalled per deployment, per group and over the router; answers from a cache count in total usage only") {
        runTest {
            val a = FakeClient("a")
            val b = FakeClient("b")
            b.onCall = { _, _ -> b.answer(tokens = 25).asCached() }
            val c = FakeClient("c")
            val pick = RoutingStrategy { candidates, request, _ -> candidates.first { it.name == (request.messages.last() as UserMessage).text } }
            val r = router {
                group("g") { strategy = pick; deployment("a", a); deployment("b", b) }
                group("h") { deployment("c", c) }
                settings(virtualSettings())
            }
            repeat(3) { r.create(ask("a")) }
            r.create(ask("b"))
            r.group("h").create(ask())
            r.deployment("g", "a").usage shouldBe RequestUsage.of(30, 15)
            r.deployment("g", "a").calls shouldBe 3L
            r.deployment("g", "b").usage shouldBe RequestUsage.of(20, 5)
            r.group("g").totalUsage shouldBe RequestUsage.of(50, 20)
            r.group("g").actualUsage shouldBe RequestUsage.of(30, 15)
            r.totalUsage shouldBe RequestUsage.of(60, 25)
            r.actualUsage shouldBe RequestUsage.of(40, 20)
        }
    }

    test("the router is the client of its default group, reports provider router, and names no endpoint or secret") {
        val key = "sk-" + "proj-abcdefghijklmnop"
        val secretive = object : dev.switchboard.ChatCompletionClient by FakeClient("s") {
            override fun toString() = "client with $key"
        }
        val r = router {
            group("gpt") { deployment("east", secretive) }
            group("claude") { deployment("anthropic", FakeClient("c")) }
            defaultGroup("claude")
        }
        r.model shouldBe "claude"
        r.provider shouldBe "router"
        r.endpoint.shouldBeNull()
        r.groups shouldBe listOf("gpt", "claude")
        r.deployments.map { "${it.group}/${it.name}" } shouldBe listOf("gpt/east", "claude/anthropic")
        r.toString() shouldBe "Router(gpt: east; claude: anthropic)"
        r.toString() shouldNotContain key
        r.group("gpt").model shouldBe "gpt"
        r.countTokens(listOf(UserMessage.of("hi"))) shouldBe 10
        shouldThrow<IllegalArgumentException> { r.group("llama") }.message!! shouldContain "no group 'llama'"
    }

    test("closing the router closes each client once; calls after it fail; closing a group's client closes nothing") {
        runTest {
            val shared = FakeClient("shared")
            var closes = 0
            val counting = object : dev.switchboard.ChatCompletionClient by shared {
                override fun close() {
                    closes++
                }
            }
            val r = router {
                group("a") { deployment("one", counting); deployment("two", counting) }
                group("b") { deployment("three", counting) }
                settings(virtualSettings())
            }
            r.group("b").close()
            closes shouldBe 0
            r.create(ask()).content shouldBe "shared"
            r.close()
            r.close()
            closes shouldBe 1
            shouldThrow<IllegalStateException> { r.create(ask()) }
        }
    }

    test("the builder refuses a router without groups, an empty group, a taken name, a bad weight and unknown fallbacks") {
        val c = FakeClient("c")
        shouldThrow<IllegalArgumentException> { router { } }.message!! shouldContain "at least one group"
        shouldThrow<IllegalArgumentException> { router { group("g") { } } }.message!! shouldContain "at least one deployment"
        shouldThrow<IllegalArgumentException> { router { group("g") { deployment("x", c); deployment("x", c) } } }
        shouldThrow<IllegalArgumentException> { router { group("g") { deployment("x", c, weight = 0) } } }
        shouldThrow<IllegalArgumentException> { router { group("g") { deployment("x", c) }; fallback("g", to = "h") } }
            .message!! shouldContain "'h'"
        shouldThrow<IllegalArgumentException> { router { group("g") { deployment("x", c) }; fallback("g", to = "g") } }
        shouldThrow<IllegalArgumentException> { router { group("g") { deployment("x", c) }; defaultGroup("h") } }
        shouldThrow<IllegalArgumentException> { RouterSettings.builder().retries(-1) }
        shouldThrow<IllegalArgumentException> { RouterSettings.builder().cooldown(java.time.Duration.ZERO) }
    }

    test("a router is built from its plain data form, the clients, strategies and gates given by name") {
        runTest {
            val east = FakeClient("east")
            val west = FakeClient("west")
            val claude = FakeClient("claude")
            val never = DeploymentGate { java.time.Duration.ofHours(1) }
            val config = RouterConfig(
                groups = listOf(
                    GroupConfig("gpt", listOf(DeploymentConfig("east", "openai-east", weight = 3), DeploymentConfig("west", "openai-west", gate = "closed")), strategy = "weighted"),
                    GroupConfig("claude", listOf(DeploymentConfig("anthropic", "anthropic")), strategy = "mine"),
                ),
                fallbacks = listOf(FallbackConfig("gpt", listOf("claude"), FallbackTrigger.ERROR)),
                settings = virtualSettings { retries = 0 },
            )
            val clients = mapOf("openai-east" to east, "openai-west" to west, "anthropic" to claude)
            val mine = RoutingStrategy { candidates, _, _ -> candidates.last() }
            val r = Router.fromConfig(config, clients, mapOf("mine" to mine), mapOf("closed" to never))
            r.deployment("gpt", "east").weight shouldBe 3
            repeat(5) { r.create(ask()).content shouldBe "east" } // west's gate is closed
            east.failing { dev.switchboard.ServerException("down", "fake", 500) }
            r.create(ask()).content shouldBe "claude"

            shouldThrow<IllegalArgumentException> { Router.fromConfig(config, clients - "anthropic", mapOf("mine" to mine), mapOf("closed" to never)) }
                .message!! shouldContain "names client 'anthropic'"
            shouldThrow<IllegalArgumentException> { Router.fromConfig(config, clients, emptyMap(), mapOf("closed" to never)) }
                .message!! shouldContain "Unknown routing strategy 'mine'"
        }
    }
})
