package dev.switchboard

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withTests
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.serialization.json.JsonPrimitive

class CreateRequestTest : FunSpec({
    fun base(): CreateRequest.Builder = CreateRequest.builder().user("hi")

    context("values out of range are rejected with the field, the range and the value") {
        withTests(
            nameFn = { it.first },
            Triple("temperature", { b: CreateRequest.Builder -> b.temperature(2.5) }, "temperature must be between 0 and 2 (got 2.5)"),
            Triple("negative temperature", { b: CreateRequest.Builder -> b.temperature(-0.1) }, "temperature must be between 0 and 2 (got -0.1)"),
            Triple("topP", { b: CreateRequest.Builder -> b.topP(1.5) }, "topP must be between 0 and 1 (got 1.5)"),
            Triple("maxTokens", { b: CreateRequest.Builder -> b.maxTokens(0) }, "maxTokens must be positive (got 0)"),
            Triple("n", { b: CreateRequest.Builder -> b.n(129) }, "n must be between 1 and 128 (got 129)"),
            Triple("n zero", { b: CreateRequest.Builder -> b.n(0) }, "n must be between 1 and 128 (got 0)"),
            Triple("presencePenalty", { b: CreateRequest.Builder -> b.presencePenalty(-2.5) }, "presencePenalty must be between -2 and 2 (got -2.5)"),
            Triple("frequencyPenalty", { b: CreateRequest.Builder -> b.frequencyPenalty(3.0) }, "frequencyPenalty must be between -2 and 2 (got 3.0)"),
            Triple("logitBias", { b: CreateRequest.Builder -> b.logitBias("50256", 101) }, "logitBias for token 50256 must be between -100 and 100 (got 101)"),
            Triple("topLogprobs range", { b: CreateRequest.Builder -> b.logprobs(true).topLogprobs(21) }, "topLogprobs must be between 0 and 20 (got 21)"),
        ) { (_, set, message) ->
            shouldThrow<IllegalArgumentException> { set(base()).build() }.message shouldBe message
        }
    }

    test("the edges of each range are accepted") {
        val r = base().temperature(0.0).topP(1.0).maxTokens(1).n(128).presencePenalty(-2.0).frequencyPenalty(2.0)
            .logitBias("1", -100).logprobs(true).topLogprobs(20).build()
        r.temperature shouldBe 0.0
        r.n shouldBe 128
        r.topLogprobs shouldBe 20
        r.logitBias shouldBe mapOf("1" to -100)
    }

    test("topK and thinkingBudget must be positive") {
        shouldThrow<IllegalArgumentException> { base().topK(0).build() }.message shouldContain "topK must be positive"
        shouldThrow<IllegalArgumentException> { base().thinkingBudget(0).build() }.message shouldContain "thinkingBudget must be positive"
        base().topK(1).thinkingBudget(1).build().topK shouldBe 1
    }

    test("topLogprobs needs logprobs(true)") {
        shouldThrow<IllegalArgumentException> { base().topLogprobs(5).build() }.message shouldBe "topLogprobs needs logprobs(true)"
        shouldThrow<IllegalArgumentException> { base().logprobs(false).topLogprobs(5).build() }.message shouldBe
            "topLogprobs needs logprobs(true)"
    }

    test("a request needs a message") {
        shouldThrow<IllegalArgumentException> { CreateRequest.builder().build() }.message shouldBe "A request needs at least one message"
    }

    test("a named tool choice must name one of the tools") {
        val weather = Tool.withoutParameters("weather", "the weather")
        val e = shouldThrow<IllegalArgumentException> { base().tool(weather).toolChoice(ToolChoice.named("time")).build() }
        e.message shouldBe "toolChoice names 'time', which is not among the tools [weather]"
        base().tool(weather).toolChoice(ToolChoice.named("weather")).build().toolChoice shouldBe ToolChoice.Named("weather")
    }

    test("toolChoice Required needs a tool, and tool names must be unique") {
        shouldThrow<IllegalArgumentException> { base().toolChoice(ToolChoice.required()).build() }.message shouldBe
            "toolChoice Required needs at least one tool"
        val t = Tool.withoutParameters("same", null)
        shouldThrow<IllegalArgumentException> { base().tool(t).tool(Tool(t.name, "other", t.parameters, t.strict)).build() }.message shouldContain
            "Tool names must be unique"
    }

    test("newBuilder copies every value, and the copy is independent") {
        val original = createRequest {
            system("s"); user("u")
            tool(Tool.withoutParameters("t", null)); toolChoice(ToolChoice.auto()); parallelToolCalls(false)
            jsonOutput(); temperature(0.3); topP(0.9); maxTokens(100); stop("END", "STOP"); seed(42L); n(2)
            presencePenalty(0.1); frequencyPenalty(0.2); logitBias("7", 5); logprobs(true); topLogprobs(3)
            reasoningEffort("low"); endUser("u-1"); extraBody("x", JsonPrimitive(1)); header("X-A", "b")
            topK(40); thinkingBudget(2048)
        }
        val copy = original.newBuilder().build()
        listOf(
            copy.messages to original.messages, copy.tools to original.tools, copy.toolChoice to original.toolChoice,
            copy.parallelToolCalls to original.parallelToolCalls, copy.responseFormat to original.responseFormat,
            copy.temperature to original.temperature, copy.topP to original.topP, copy.maxTokens to original.maxTokens,
            copy.stop to original.stop, copy.seed to original.seed, copy.n to original.n,
            copy.presencePenalty to original.presencePenalty, copy.frequencyPenalty to original.frequencyPenalty,
            copy.logitBias to original.logitBias, copy.logprobs to original.logprobs, copy.topLogprobs to original.topLogprobs,
            copy.reasoningEffort to original.reasoningEffort, copy.user to original.user, copy.extraBody to original.extraBody,
            copy.extraHeaders to original.extraHeaders, copy.topK to original.topK, copy.thinkingBudget to original.thinkingBudget,
        ).forEach { (a, b) -> a shouldBe b }
        original.stop shouldBe listOf("END", "STOP")
        val changed = original.newBuilder().user("more").temperature(1.0).build()
        changed.messages.size shouldBe 3
        original.messages.size shouldBe 2
        original.temperature shouldBe 0.3
    }

    test("extraBodyJson parses JSON text; toString leaves out messages and headers") {
        val r = base().extraBodyJson("metadata", """{"k":"v"}""").header("Authorization", "Bearer sk-secret").build()
        r.extraBody["metadata"].toString() shouldBe """{"k":"v"}"""
        r.toString() shouldNotContain "sk-secret"
        r.toString() shouldNotContain "hi"
    }

    test("of() builds a request of just the messages") {
        val r = CreateRequest.of(SystemMessage.of("s"), UserMessage.of("u"))
        r.messages shouldBe listOf(SystemMessage("s"), UserMessage.of("u"))
        r.tools shouldBe emptyList()
        r.temperature shouldBe null
    }

    test("the queue priority defaults to 0, is kept by newBuilder and is not part of the request's text") {
        val plain = CreateRequest.builder().user("hi").build()
        plain.priority shouldBe 0
        val urgent = plain.newBuilder().priority(7).build()
        urgent.priority shouldBe 7
        urgent.newBuilder().temperature(0.5).build().priority shouldBe 7
        urgent.toString() shouldBe plain.toString()
    }
})
