package dev.switchboard.spring.boot

import dev.switchboard.ChatCompletionClient
import dev.switchboard.CreateRequest
import dev.switchboard.java.SwitchboardClient
import dev.switchboard.spring.boot.internal.ConfigFailureAnalyzer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import io.opentelemetry.api.OpenTelemetry
import io.opentelemetry.sdk.OpenTelemetrySdk
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter
import io.opentelemetry.sdk.trace.SdkTracerProvider
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor
import org.springframework.boot.actuate.health.Status
import org.springframework.boot.autoconfigure.AutoConfigurations
import org.springframework.boot.env.YamlPropertySourceLoader
import org.springframework.boot.test.context.runner.ApplicationContextRunner
import org.springframework.core.io.ClassPathResource

private val REPLAY = arrayOf(
    "switchboard.clients.chat.provider=replay",
    "switchboard.clients.chat.config.resource=replay/quickstart.jsonl",
)

private fun question(): CreateRequest = CreateRequest.builder().system("s").user("why?").build()

private fun runner(): ApplicationContextRunner =
    ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SwitchboardAutoConfiguration::class.java))

private fun rootCause(t: Throwable?): SwitchboardConfigurationException? {
    var c = t
    while (c != null) { if (c is SwitchboardConfigurationException) return c; c = c.cause }
    return null
}

class StarterContextTest : FunSpec({
    test("a replay client from properties is a primary ChatCompletionClient bean and a SwitchboardClient bean") {
        runner().withPropertyValues(*REPLAY).run { ctx ->
            ctx.startupFailure shouldBe null
            val client = ctx.getBean(ChatCompletionClient::class.java)
            client.provider shouldBe "replay"
            (ctx.getBean("chat") === client) shouldBe true
            val java = ctx.getBean(SwitchboardClient::class.java)
            (ctx.getBean("chatSwitchboardClient") === java) shouldBe true
            java.create(question()).content.toString() shouldStartWith "Because every model service"
        }
    }

    test("a router over two replay deployments from application.yml, lists and numbers as YAML gives them") {
        runner().withInitializer { ctx ->
            YamlPropertySourceLoader().load("clients.yml", ClassPathResource("clients.yml")).forEach { ctx.environment.propertySources.addFirst(it) }
        }.run { ctx ->
            ctx.startupFailure shouldBe null
            val java = ctx.getBean("routedSwitchboardClient", SwitchboardClient::class.java)
            java.create(question()).content.toString() shouldStartWith "Because every model service"
        }
    }

    test("the same router from .properties: indexed keys become lists, numbers arrive as text") {
        runner().withPropertyValues(
            "switchboard.clients.routed.provider=router",
            "switchboard.clients.routed.config.groups[0].name=main",
            "switchboard.clients.routed.config.groups[0].deployments[0].name=a",
            "switchboard.clients.routed.config.groups[0].deployments[0].provider=replay",
            "switchboard.clients.routed.config.groups[0].deployments[0].config.resource=replay/quickstart.jsonl",
            "switchboard.clients.routed.config.groups[0].deployments[1].name=b",
            "switchboard.clients.routed.config.groups[0].deployments[1].weight=2",
            "switchboard.clients.routed.config.groups[0].deployments[1].provider=replay",
            "switchboard.clients.routed.config.groups[0].deployments[1].config.resource=replay/quickstart.jsonl",
        ).run { ctx ->
            ctx.startupFailure shouldBe null
            ctx.getBean("routedSwitchboardClient", SwitchboardClient::class.java).create(question()).content.toString() shouldStartWith "Because"
        }
    }

    test("a rate-limit wrapper with its client nested under config.client") {
        runner().withPropertyValues(
            "switchboard.clients.limited.provider=rate-limit",
            "switchboard.clients.limited.config.requests_per_minute=1",
            "switchboard.clients.limited.config.max_wait=0s",
            "switchboard.clients.limited.config.client.provider=replay",
            "switchboard.clients.limited.config.client.config.resource=replay/quickstart.jsonl",
        ).run { ctx ->
            ctx.startupFailure shouldBe null
            val java = ctx.getBean(SwitchboardClient::class.java)
            java.create(question())
            shouldThrow<Exception> { java.create(question()) }
        }
    }

    test("a wrong property fails startup naming switchboard.clients.<name>.<path>, and the analyzer says how to fix it") {
        runner().withPropertyValues(*REPLAY, "switchboard.clients.chat.config.bogus=1").run { ctx ->
            val e = rootCause(ctx.startupFailure)!!
            e.property shouldBe "switchboard.clients.chat.config.bogus"
            e.problem shouldContain "unknown key"
            val analysis = ConfigFailureAnalyzer().analyze(ctx.startupFailure)!!
            analysis.description shouldContain "switchboard.clients.chat.config.bogus"
            analysis.action shouldContain "switchboard.clients.chat.config.bogus"
        }
        runner().withPropertyValues("switchboard.clients.x.provider=nope").run { ctx ->
            rootCause(ctx.startupFailure)!!.property shouldBe "switchboard.clients.x.provider"
        }
    }

    test("two clients: none is primary unless one says primary: true") {
        val two = arrayOf(*REPLAY, "switchboard.clients.other.provider=replay", "switchboard.clients.other.config.resource=replay/quickstart.jsonl")
        runner().withPropertyValues(*two).run { ctx ->
            ctx.getBeansOfType(ChatCompletionClient::class.java).keys shouldBe setOf("chat", "other")
            ctx.beanFactory.getBeanDefinition("chat").isPrimary shouldBe false
        }
        runner().withPropertyValues(*two, "switchboard.clients.other.primary=true").run { ctx ->
            (ctx.getBean(ChatCompletionClient::class.java) === ctx.getBean("other")) shouldBe true
            (ctx.getBean(SwitchboardClient::class.java) === ctx.getBean("otherSwitchboardClient")) shouldBe true
        }
    }

    test("with an OpenTelemetry bean each client is traced; without one, or with switchboard.telemetry.enabled=false, not") {
        val spans = InMemorySpanExporter.create()
        val sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build()
        runner().withBean(OpenTelemetry::class.java, { sdk }).withPropertyValues(*REPLAY).run { ctx ->
            ctx.getBean(SwitchboardClient::class.java).create(question())
            spans.finishedSpanItems.size shouldBe 1
            spans.finishedSpanItems[0].name shouldContain "chat"
        }
        spans.reset()
        runner().withBean(OpenTelemetry::class.java, { sdk }).withPropertyValues(*REPLAY, "switchboard.telemetry.enabled=false").run { ctx ->
            ctx.getBean(SwitchboardClient::class.java).create(question())
            spans.finishedSpanItems.size shouldBe 0
            ctx.containsBean("switchboardTelemetryWrapper") shouldBe false
        }
        runner().withPropertyValues(*REPLAY).run { ctx -> ctx.containsBean("switchboardTelemetryWrapper") shouldBe false }
    }

    test("the health indicator reports provider and model of each client, spends no call and shows no secret") {
        runner().withPropertyValues(*REPLAY).run { ctx ->
            val health = ctx.getBean("switchboardHealthIndicator", SwitchboardHealthIndicator::class.java).health()
            health.status shouldBe Status.UP
            val chat = health.details["chat"] as Map<*, *>
            chat["provider"] shouldBe "replay"
            ctx.getBean(ChatCompletionClient::class.java).totalUsage.promptTokens shouldBe 0
            chat.keys shouldBe setOf("provider", "model")
        }
    }

    test("two clients marked primary fail startup naming switchboard.clients") {
        runner().withPropertyValues(
            *REPLAY, "switchboard.clients.chat.primary=true",
            "switchboard.clients.other.provider=replay", "switchboard.clients.other.config.resource=replay/quickstart.jsonl",
            "switchboard.clients.other.primary=true",
        ).run { ctx ->
            val e = rootCause(ctx.startupFailure)!!
            e.property shouldBe "switchboard.clients"
            e.problem shouldContain "chat, other"
        }
    }

    test("\${VARIABLE}s are expanded by the loader from the Spring environment, and an unset one fails with its property") {
        runner().withPropertyValues(
            "switchboard.clients.chat.provider=replay",
            "switchboard.clients.chat.config.resource=\${SAMPLE_REPLAY}",
            "SAMPLE_REPLAY=replay/quickstart.jsonl",
        ).run { ctx ->
            ctx.startupFailure shouldBe null
            ctx.getBean(SwitchboardClient::class.java).create(question()).content.toString() shouldStartWith "Because"
        }
        runner().withPropertyValues("switchboard.clients.chat.provider=replay", "switchboard.clients.chat.config.resource=\${NOT_SET_ANYWHERE_42}").run { ctx ->
            val e = rootCause(ctx.startupFailure)!!
            e.property shouldBe "switchboard.clients.chat.config.resource"
            e.problem shouldContain "NOT_SET_ANYWHERE_42 is not set"
        }
    }

    test("closing the context closes the clients") {
        lateinit var java: SwitchboardClient
        runner().withPropertyValues(*REPLAY).run { ctx -> java = ctx.getBean(SwitchboardClient::class.java) }
        shouldThrow<IllegalStateException> { java.create(question()) }.message shouldContain "closed"
    }
})
