package dev.switchboard.llamacpp

import dev.switchboard.llamacpp.internal.TinyGguf
import dev.switchboard.BadRequestException
import dev.switchboard.CapabilityMissingException
import dev.switchboard.ChatStreamEvent
import dev.switchboard.ContextLengthExceededException
import dev.switchboard.CreateRequest
import dev.switchboard.FinishReason
import dev.switchboard.GuidedDecoding
import dev.switchboard.NotFoundException
import dev.switchboard.StreamInterruptedException
import dev.switchboard.createRequest
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.jsonObject
import java.nio.file.Files
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger

/** The client on the tiny random model: what only a model whose tokenizer and ids the test knows can pin down exactly. */
class LlamaCppClientTest : FunSpec({
    val file = TinyGguf.writeTemp()
    val client by lazy { LlamaCppChatCompletionClient.open(LlamaCppConfig.builder(file).contextSize(512).threads(1).promptCache(false).build()) }
    afterSpec { client.close() }

    /** No end-of-generation token and only ASCII: the answer runs to its limit, one text piece per token. */
    fun CreateRequest.Builder.endless() {
        logitBias(TinyGguf.EOS_ID.toString(), -100)
        TinyGguf.nonAsciiByteIds.forEach { logitBias(it.toString(), -100) }
    }

    test("the prompt is rendered with the model's own chat template and counted as llama.cpp evaluates it") {
        // <s> <|im_start|> ▁user\nhi <|im_end|> ▁\n <|im_start|> ▁assistant\n: 1 + 1 + 8 + 1 + 2 + 1 + 11 tokens.
        val hi = createRequest { user("hi"); maxTokens(1) }
        client.create(hi).usage.promptTokens shouldBe 25
        client.countTokens(hi.messages) shouldBe 25
        client.modelInfo.contextWindow shouldBe 512
        client.model shouldBe "tiny-random-llama"
    }

    test("the output limit ends the answer with LENGTH after exactly that many tokens") {
        val result = client.create(createRequest { user("count"); maxTokens(7); seed(1); endless() })
        result.finishReason shouldBe FinishReason.LENGTH
        result.rawFinishReason shouldBe "length"
        result.usage.completionTokens shouldBe 7
        val events = client.createStream(createRequest { user("count"); maxTokens(7); seed(1); endless() }).toList()
        events.count { it is ChatStreamEvent.TextDelta } shouldBe 7
    }

    test("a stop sequence ends the answer before it, streamed or not, with STOP and the raw reason stop_sequence") {
        val free = client.create(createRequest { user("go"); maxTokens(40); seed(2); temperature(1.0); endless() }).content!!
        val stop = free.substring(12, 14)
        val expected = free.substring(0, free.indexOf(stop))
        val request = createRequest { user("go"); maxTokens(40); seed(2); temperature(1.0); endless(); stop(stop, "\u0000never") }
        val stopped = client.create(request)
        stopped.content shouldBe expected
        stopped.finishReason shouldBe FinishReason.STOP
        stopped.rawFinishReason shouldBe "stop_sequence"
        val events = client.createStream(request).toList()
        events.filterIsInstance<ChatStreamEvent.TextDelta>().joinToString("") { it.text } shouldBe expected
    }

    test("cancelling a stream's collector stops its generation within a token, freeing the slot for the next call") {
        val long = createRequest { user("go"); maxTokens(400); seed(3); endless() }
        client.createStream(long).take(3).toList().size shouldBe 3
        val started = System.nanoTime()
        withTimeout(10_000) { client.create(createRequest { user("hi"); maxTokens(2) }) }
        (System.nanoTime() - started) / 1_000_000 shouldBeLessThan 5_000L
    }

    test("cancelling create stops the generation: a queued call gets the only slot soon after") {
        coroutineScope2 { scope ->
            val job = scope.async { client.create(createRequest { user("go"); maxTokens(480); seed(4); endless() }) }
            delay(20)
            job.cancel()
        }
        withTimeout(10_000) { client.create(createRequest { user("hi"); maxTokens(2) }).usage.completionTokens shouldBe 2 }
    }

    test("generation never runs on the caller's dispatcher: a single-threaded caller keeps running while it waits") {
        val single = Executors.newSingleThreadExecutor().asCoroutineDispatcher()
        try {
            val ticks = AtomicInteger()
            withContext(single) {
                val ticker = launch { while (true) { ticks.incrementAndGet(); delay(1) } }
                client.create(createRequest { user("go"); maxTokens(200); seed(5); endless() })
                ticker.cancel()
            }
            ticks.get() shouldBeGreaterThan 1
        } finally {
            single.close()
        }
    }

    test("with two slots, concurrent calls generate side by side and each stays within its grammar") {
        LlamaCppChatCompletionClient.open(LlamaCppConfig.builder(file).contextSize(1024).parallel(2).threads(1).build()).use { two ->
            two.slots shouldBe 2
            two.modelInfo.contextWindow shouldBe 512
            val answers = kotlinx.coroutines.coroutineScope {
                (1L..6L).map { s ->
                    async(Dispatchers.Default) {
                        two.create(createRequest { user("pick"); guidedDecoding(GuidedDecoding.grammar("root ::= [a-c]{3} \"!\"")); seed(s); maxTokens(10) })
                    }
                }.map { it.await() }
            }
            answers.forEach { (it.content!!.matches(Regex("[a-c]{3}!")) && it.finishReason == FinishReason.STOP) shouldBe true }
        }
    }

    test("a stream collected on Dispatchers.Unconfined never gets its events on the generation thread") {
        val threads = java.util.Collections.synchronizedSet(HashSet<String>())
        withContext(Dispatchers.Unconfined) {
            client.createStream(createRequest { user("go"); maxTokens(5); seed(7) }).collect { threads += Thread.currentThread().name }
        }
        threads.isEmpty() shouldBe false
        // Resumed by Dispatchers.Default, or (an event already waiting) taken on the collecting thread: never llama.cpp's.
        threads.none { it.startsWith("switchboard-llamacpp") } shouldBe true
    }

    test("with toolChoice Auto the model may answer in text or call a tool; a call's result goes back in the next turn") {
        val tool = dev.switchboard.Tool("lookup", "Looks a word up", kotlinx.serialization.json.Json.parseToJsonElement(
            """{"type":"object","properties":{"word":{"type":"string","maxLength":5}},"required":["word"],"additionalProperties":false}""",
        ).jsonObject)
        val ban = (TinyGguf.whitespaceIds + TinyGguf.nonAsciiByteIds)
        var sawText = false
        var sawCall = false
        val wide = LlamaCppChatCompletionClient.open(LlamaCppConfig.builder(file).contextSize(2048).threads(1).promptCache(false).build())
        for (seed in 1L..8L) {
            val request = createRequest {
                user("Define 'river'."); tools(listOf(tool)); seed(seed); maxTokens(150); parallelToolCalls(false)
                ban.forEach { logitBias(it.toString(), -100) }
            }
            val result = wide.create(request)
            if (result.hasToolCalls) {
                sawCall = true
                result.finishReason shouldBe FinishReason.TOOL_CALLS
                val next = request.newBuilder().message(result.toAssistantMessage())
                    .message(dev.switchboard.ToolResultMessage.of(dev.switchboard.FunctionExecutionResult.of(result.toolCalls[0].id, "lookup", "a stream")))
                    .build()
                wide.create(next).usage.promptTokens shouldBeGreaterThan result.usage.promptTokens
            } else if (result.finishReason == FinishReason.STOP) {
                sawText = true
                (result.content!!.startsWith("{\"content\"")) shouldBe false
            }
        }
        wide.close()
        (sawText || sawCall) shouldBe true
    }

    test("options llama.cpp does not take are refused before generating, naming them") {
        shouldThrow<BadRequestException> { client.create(createRequest { user("x"); n(2) }) }.message shouldContain "n (several choices)"
        shouldThrow<BadRequestException> { client.create(createRequest { user("x"); logprobs(true) }) }.message shouldContain "logprobs"
        shouldThrow<CapabilityMissingException> { client.create(createRequest { user("x"); guidedDecoding(GuidedDecoding.regex("a+")) }) }
        shouldThrow<BadRequestException> { client.create(createRequest { user("x"); seed(-1) }) }.message shouldContain "seed"
    }

    test("a grammar or schema llama.cpp cannot use is a BadRequestException, not a crash") {
        shouldThrow<BadRequestException> {
            client.create(createRequest { user("x"); guidedDecoding(GuidedDecoding.grammar("root ::= (")) })
        }.message shouldContain "expecting ')'"
        shouldThrow<BadRequestException> {
            client.create(createRequest { user("x"); guidedDecoding(GuidedDecoding.grammar("root ::= answer")) })
        }.message shouldContain "'answer' is used but not defined"
        shouldThrow<BadRequestException> {
            client.create(createRequest { user("x"); guidedDecoding(GuidedDecoding.jsonSchema("""{"type":"thing"}""")) })
        }.message shouldContain "not a JSON schema type"
        shouldThrow<BadRequestException> {
            client.create(createRequest { user("x"); guidedDecoding(GuidedDecoding.jsonSchema("""{"${'$'}ref":"#/${'$'}defs/missing"}""")) })
        }.message shouldContain "does not resolve"
        client.create(createRequest { user("x"); maxTokens(2) }).usage.completionTokens shouldBeGreaterThan 0
    }

    test("a prompt that does not fit in the context is ContextLengthExceededException") {
        shouldThrow<ContextLengthExceededException> { client.create(createRequest { user("y".repeat(600)) }) }.message shouldContain "512"
    }

    test("a missing, foreign, truncated or unknown-architecture file is a typed error naming the path") {
        val dir = Files.createTempDirectory("gguf-errors")
        val missing = dir.resolve("missing.gguf")
        shouldThrow<NotFoundException> { LlamaCppChatCompletionClient.open(missing) }.message shouldContain missing.toString()
        val text = Files.writeString(dir.resolve("notes.gguf"), "hello, not a model")
        shouldThrow<BadRequestException> { LlamaCppChatCompletionClient.open(text) }.message shouldContain "$text' is not a usable GGUF model"
        val cut = Files.write(dir.resolve("cut.gguf"), TinyGguf.bytes().copyOf(200))
        shouldThrow<BadRequestException> { LlamaCppChatCompletionClient.open(cut) }.message shouldContain "truncated"
        val alien = TinyGguf.write(dir.resolve("alien.gguf"), architecture = "no-such-arch")
        val e = shouldThrow<BadRequestException> { LlamaCppChatCompletionClient.open(alien) }
        e.message shouldContain alien.toString()
        e.message shouldContain "no-such-arch"
    }

    test("a model whose template raises on roles that do not alternate still answers: no template code runs") {
        val raising = "{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}" +
            "{{ raise_exception('Conversation roles must alternate') }}{% endif %}" +
            "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
        val f = TinyGguf.write(Files.createTempFile("raising", ".gguf"), template = raising)
        LlamaCppChatCompletionClient.open(LlamaCppConfig.builder(f).contextSize(256).threads(1).build()).use { c ->
            c.create(createRequest { user("one"); user("two"); maxTokens(2) }).usage.completionTokens shouldBe 2
        }
    }

    test("close stops a running stream and refuses later calls") {
        val own = LlamaCppChatCompletionClient.open(LlamaCppConfig.builder(file).contextSize(512).threads(1).build())
        val stream = kotlinx.coroutines.coroutineScope {
            val collecting = async(Dispatchers.Default) {
                runCatching { own.createStream(createRequest { user("go"); maxTokens(480); seed(6); endless() }).toList() }
            }
            delay(30)
            own.close()
            withTimeout(10_000) { collecting.await() }
        }
        stream.exceptionOrNull().shouldBeInstanceOf<StreamInterruptedException>()
        shouldThrow<IllegalStateException> { own.create(createRequest { user("x") }) }.message shouldContain "closed"
        own.close()
    }

    test("a collector that closes the client from inside its collect, behind a full buffer, does not deadlock") {
        val own = LlamaCppChatCompletionClient.open(LlamaCppConfig.builder(file).contextSize(512).threads(1).build())
        val outcome = withTimeout(10_000) {
            runCatching {
                var first = true
                own.createStream(createRequest { user("go"); maxTokens(480); seed(8); endless() }).collect {
                    if (first) { first = false; delay(300); own.close() }
                }
            }
        }
        outcome.exceptionOrNull().shouldBeInstanceOf<StreamInterruptedException>()
    }
})

private suspend fun coroutineScope2(block: suspend (kotlinx.coroutines.CoroutineScope) -> Unit) = kotlinx.coroutines.coroutineScope { block(this) }
