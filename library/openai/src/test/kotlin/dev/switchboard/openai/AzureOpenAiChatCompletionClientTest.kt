package dev.switchboard.openai

import dev.switchboard.engine.java.JavaEngineProvider
import dev.switchboard.AuthenticationException
import dev.switchboard.ChatStreamEvent
import dev.switchboard.ContentFilterException
import dev.switchboard.ContentFilterResult
import dev.switchboard.CreateRequest
import dev.switchboard.FinishReason
import dev.switchboard.HttpOptions
import dev.switchboard.NotFoundException
import dev.switchboard.RateLimitException
import dev.switchboard.UserMessage
import dev.switchboard.auth.AccessToken
import dev.switchboard.auth.AccessTokenProvider
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.toList
import kotlinx.serialization.json.jsonPrimitive
import java.io.IOException
import java.time.Duration
import java.time.Instant
import java.util.concurrent.atomic.AtomicInteger

/**
 * Azure OpenAI end to end: the real transport over Ktor's Java engine against a loopback server that
 * answers as Azure does (its URLs, auth headers, content filter annotations and error bodies).
 */
class AzureOpenAiChatCompletionClientTest : FunSpec({
    val server = AzureLoopback()
    afterSpec { server.close() }
    beforeTest { server.reset() }

    val key = "azure" + "-key-0123456789abcdef"
    val http = HttpOptions.builder().engine(JavaEngineProvider).initialBackoff(Duration.ofMillis(5)).build()
    val hi = CreateRequest.of(UserMessage.of("Hi"))

    fun keyConfig() = AzureOpenAiConfig.builder().endpoint(server.root).apiKey(key).httpOptions(http).build()

    class Tokens : AccessTokenProvider {
        val fetches = AtomicInteger()
        override fun getToken(): AccessToken =
            AccessToken("entra-token-" + fetches.incrementAndGet(), Instant.now().plus(Duration.ofHours(1)))
    }

    val safe = """{"hate":{"filtered":false,"severity":"safe"},"jailbreak":{"filtered":false,"detected":false},"sexual":{"filtered":false,"severity":"safe"}}"""

    fun completion(content: String?, finish: String, choiceFilter: String = safe) =
        """{"id":"chatcmpl-az","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-11-20",""" +
            """"prompt_filter_results":[{"prompt_index":0,"content_filter_results":$safe}],""" +
            """"choices":[{"index":0,"finish_reason":"$finish","message":{"role":"assistant","content":${content?.let { "\"$it\"" } ?: "null"}},""" +
            """"content_filter_results":$choiceFilter,"logprobs":null}],""" +
            """"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}"""

    test("the deployments API with an api-key: path, api-version, headers, and the content filter results") {
        server.respondJson(completion("Hello!", "stop"))
        AzureOpenAiChatCompletionClient.create("gpt-4o-prod", keyConfig()).use { client ->
            val result = client.create(hi)
            result.content shouldBe "Hello!"
            result.finishReason shouldBe FinishReason.STOP
            result.usage.promptTokens shouldBe 9
            result.promptFilter.map { it.category } shouldBe listOf("hate", "jailbreak", "sexual")
            result.promptFilter[1] shouldBe ContentFilterResult("jailbreak", filtered = false, severity = null, detected = false)
            result.contentFilter[0] shouldBe ContentFilterResult("hate", filtered = false, severity = "safe")
        }
        val seen = server.seen.single()
        seen.uri shouldBe "/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21"
        AzureOpenAiChatCompletionClient.create("gpt-4o-prod", keyConfig()).use {
            it.endpoint shouldBe server.root.trimEnd('/') + "/openai/deployments/gpt-4o-prod/chat/completions"
        }
        seen.headers["api-key"] shouldBe key
        seen.headers["authorization"] shouldBe null
        seen.body["model"]!!.jsonPrimitive.content shouldBe "gpt-4o-prod"
    }

    test("a recorded Azure stream (prompt filter first, choices []) replayed over HTTP") {
        val payloads = Fixtures.chunkLines(Fixtures.text("azure-model-router.1.chunks.txt"))
        server.respondSse(payloads)
        AzureOpenAiChatCompletionClient.create("model-router", keyConfig()).use { client ->
            val events = client.createStream(hi).toList()
            val text = events.filterIsInstance<ChatStreamEvent.TextDelta>().joinToString("") { it.text }
            text shouldBe "Capital of Denmark."
            val result = (events.last() as ChatStreamEvent.Completed).result
            result.content shouldBe text
            result.finishReason shouldBe FinishReason.STOP
            result.usage.promptTokens shouldBe 15
            result.usage.completionTokens shouldBe 78
            result.usage.reasoningTokens shouldBe 64
            result.promptFilter.map { it.category } shouldBe listOf("hate", "jailbreak", "self_harm", "sexual", "violence")
            result.contentFilter.map { it.category } shouldBe listOf("hate", "self_harm", "sexual", "violence")
            result.contentFilter.all { !it.filtered && it.severity == "safe" } shouldBe true
        }
        server.seen.single().body["stream"]!!.jsonPrimitive.content shouldBe "true"
    }

    test("the v1 API with Entra ID tokens: Bearer header, no api-key, one token fetch for several calls") {
        server.respondJson(completion("Hi", "stop"))
        val tokens = Tokens()
        val config = AzureOpenAiConfig.builder().endpoint(server.root + "/openai/v1").tokenProvider(tokens).httpOptions(http).build()
        AzureOpenAiChatCompletionClient.create("gpt-4o-mini", config).use { client ->
            repeat(3) { client.create(hi).content shouldBe "Hi" }
        }
        tokens.fetches.get() shouldBe 1
        server.seen.forEach {
            it.uri shouldBe "/openai/v1/chat/completions"
            it.headers["authorization"] shouldBe "Bearer entra-token-1"
            it.headers["api-key"] shouldBe null
            it.body["model"]!!.jsonPrimitive.content shouldBe "gpt-4o-mini"
        }
    }

    test("a 401 for an Entra ID token fetches a new token once; a second 401 is the AuthenticationException") {
        val tokens = Tokens()
        val config = AzureOpenAiConfig.builder().endpoint(server.root).tokenProvider(tokens).httpOptions(http).build()
        val unauthorized = """{"error":{"code":"401","message":"Unauthorized. Access token is missing, invalid, audience is incorrect, or have expired."}}"""
        server.respond { call, attempt ->
            if (attempt == 1) AzureLoopback.json(call, unauthorized, 401) else AzureLoopback.json(call, completion("ok", "stop"))
        }
        AzureOpenAiChatCompletionClient.create("gpt-4o", config).use { it.create(hi).content shouldBe "ok" }
        server.seen.map { it.headers["authorization"] } shouldBe listOf("Bearer entra-token-1", "Bearer entra-token-2")

        server.reset()
        server.respondJson(unauthorized, 401)
        AzureOpenAiChatCompletionClient.create("gpt-4o", config).use { client ->
            val e = shouldThrow<AuthenticationException> { client.create(hi) }
            e.statusCode shouldBe 401
            e.message!! shouldContain "Access token is missing"
            e.message!! shouldNotContain "entra-token"
        }
        server.seen shouldHaveSize 2
    }

    test("a token provider that fails is an AuthenticationException and nothing is sent") {
        val config = AzureOpenAiConfig.builder().endpoint(server.root).httpOptions(http)
            .tokenProvider { throw IOException("ManagedIdentityCredential authentication unavailable") }.build()
        AzureOpenAiChatCompletionClient.create("gpt-4o", config).use { client ->
            val e = shouldThrow<AuthenticationException> { client.create(hi) }
            e.statusCode shouldBe 0
            e.message!! shouldContain "ManagedIdentityCredential authentication unavailable"
        }
        server.seen shouldHaveSize 0
    }

    test("a prompt refused by the content filter is a ContentFilterException naming the category, not retried") {
        val body = """{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.","type":null,"param":"prompt","code":"content_filter","status":400,""" +
            """"innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":false,"severity":"safe"},"jailbreak":{"filtered":false,"detected":false},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":true,"severity":"medium"},"violence":{"filtered":false,"severity":"safe"}}}}}"""
        server.respondJson(body, 400)
        AzureOpenAiChatCompletionClient.create("gpt-4o", keyConfig()).use { client ->
            val e = shouldThrow<ContentFilterException> { client.create(hi) }
            e.filteredCategories shouldBe listOf("sexual")
            e.results shouldHaveSize 5
            e.statusCode shouldBe 400
            e.requestId shouldBe "req-azure"
            e.provider shouldBe "azure-openai"
            e.message!! shouldContain "sexual (severity medium)"
            e.message!! shouldContain "content management policy"
            val s = shouldThrow<ContentFilterException> { client.createStream(hi).toList() }
            s.filteredCategories shouldBe listOf("sexual")
        }
        server.seen shouldHaveSize 2
    }

    test("an answer cut by the content filter ends with CONTENT_FILTER and says which category, plain and streamed") {
        val filtered = """{"hate":{"filtered":false,"severity":"safe"},"violence":{"filtered":true,"severity":"high"}}"""
        server.respondJson(completion(null, "content_filter", filtered))
        AzureOpenAiChatCompletionClient.create("gpt-4o", keyConfig()).use { client ->
            val r = client.create(hi)
            r.finishReason shouldBe FinishReason.CONTENT_FILTER
            r.rawFinishReason shouldBe "content_filter"
            r.contentFilter.single { it.filtered } shouldBe ContentFilterResult("violence", true, "high")
        }
        val chunk = { delta: String, finish: String?, cf: String ->
            """{"id":"chatcmpl-az","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":$delta,""" +
                """"finish_reason":${finish?.let { "\"$it\"" } ?: "null"},"content_filter_results":$cf}]}"""
        }
        server.respondSse(
            listOf(
                """{"id":"","object":"","model":"","choices":[],"prompt_filter_results":[{"prompt_index":0,"content_filter_results":$safe}]}""",
                chunk("""{"role":"assistant","content":"It was"}""", null, """{"violence":{"filtered":false,"severity":"low"}}"""),
                chunk("""{"content":" a"}""", null, """{"violence":{"filtered":false,"severity":"medium"}}"""),
                chunk("{}", "content_filter", """{"violence":{"filtered":true,"severity":"high"},"hate":{"filtered":false,"severity":"safe"}}"""),
            ),
        )
        AzureOpenAiChatCompletionClient.create("gpt-4o", keyConfig()).use { client ->
            val r = (client.createStream(hi).toList().last() as ChatStreamEvent.Completed).result
            r.content shouldBe "It was a"
            r.finishReason shouldBe FinishReason.CONTENT_FILTER
            r.contentFilter shouldBe listOf(ContentFilterResult("violence", true, "high"), ContentFilterResult("hate", false, "safe"))
            r.promptFilter.map { it.category } shouldBe listOf("hate", "jailbreak", "sexual")
        }
    }

    test("Azure's error bodies map to the typed errors; a 429 is retried after Azure's retry-after") {
        server.respondJson("""{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}""", 404)
        AzureOpenAiChatCompletionClient.create("missing", keyConfig()).use { client ->
            shouldThrow<NotFoundException> { client.create(hi) }.message!! shouldContain "DeploymentNotFound"
        }
        server.reset()
        server.respondJson(
            """{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. $key"}}""", 401,
        )
        AzureOpenAiChatCompletionClient.create("gpt-4o", keyConfig()).use { client ->
            val e = shouldThrow<AuthenticationException> { client.create(hi) }
            e.message!! shouldContain "invalid subscription key"
            e.message!! shouldNotContain key
            e.bodyExcerpt!! shouldNotContain key
        }
        server.seen shouldHaveSize 1 // an api-key 401 is not retried
        server.reset()
        val limited = """{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation have exceeded the token rate limit. Please retry after 1 second."}}"""
        server.respond { call, attempt ->
            if (attempt == 1) AzureLoopback.json(call, limited, 429, mapOf("retry-after-ms" to "20")) else AzureLoopback.json(call, completion("later", "stop"))
        }
        AzureOpenAiChatCompletionClient.create("gpt-4o", keyConfig()).use { it.create(hi).content shouldBe "later" }
        server.seen shouldHaveSize 2
        server.reset()
        server.respondJson(limited, 429, mapOf("retry-after" to "1"))
        val noRetry = keyConfig().newBuilder().httpOptions(http.newBuilder().maxRetries(0).build()).build()
        AzureOpenAiChatCompletionClient.create("gpt-4o", noRetry).use { client ->
            shouldThrow<RateLimitException> { client.create(hi) }.retryAfter shouldBe Duration.ofSeconds(1)
        }
    }
})
