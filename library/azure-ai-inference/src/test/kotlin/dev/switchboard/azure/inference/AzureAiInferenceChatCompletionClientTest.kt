package dev.switchboard.azure.inference

import dev.switchboard.AuthenticationException
import dev.switchboard.BadRequestException
import dev.switchboard.CapabilityMissingException
import dev.switchboard.ChatStreamEvent
import dev.switchboard.ContentFilterException
import dev.switchboard.CreateRequest
import dev.switchboard.FinishReason
import dev.switchboard.HttpOptions
import dev.switchboard.Image
import dev.switchboard.ImagePart
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.SwitchboardException
import dev.switchboard.TextPart
import dev.switchboard.Tool
import dev.switchboard.UserMessage
import dev.switchboard.auth.AccessToken
import dev.switchboard.auth.AccessTokenProvider
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.coroutines.flow.toList
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.time.Instant
import java.util.concurrent.atomic.AtomicInteger

/** The client end to end over the real transport, against a loopback server answering as the model inference API does. */
class AzureAiInferenceChatCompletionClientTest : FunSpec({
    val server = InferenceLoopback()
    afterSpec { server.close() }
    beforeTest { server.seen.clear() }

    val key = "Hk4Jm7Pq2Rs9Tv1Wx3Yz5Ab8Cd0Ef6Gn" // shaped like no known key
    val http = HttpOptions.builder().maxRetries(0).build()
    val info = ModelInfo.builder().vision(true).functionCalling(true).jsonOutput(true).structuredOutput(true).family(ModelFamily.MISTRAL).build()
    fun config() = AzureAiInferenceConfig.builder().endpoint(server.root + "/models").apiKey(key).modelInfo(info).httpOptions(http)

    val weather = Tool.of("get_weather", "Weather in a city", """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")

    fun chunk(delta: String, finish: String? = null, usage: String? = null) =
        "data: {\"id\":\"inf-9\",\"object\":\"chat.completion.chunk\",\"model\":\"mistral-large\",\"choices\":[{\"index\":0,\"delta\":$delta," +
            "\"finish_reason\":${finish?.let { "\"$it\"" } ?: "null"}}]${usage?.let { ",\"usage\":$it" } ?: ""}}\n\n"

    test("a streamed tool call with an image in the prompt, against a Foundry-style endpoint") {
        server.respondSse(
            listOf(
                chunk("""{"role":"assistant","content":"","tool_calls":[{"index":0,"id":"call_9","type":"function","function":{"name":"get_weather","arguments":""}}]}"""),
                chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]}"""),
                chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"\"Oslo\"}"}}]}"""),
                chunk("""{"content":""}""", "tool_calls", """{"prompt_tokens":40,"completion_tokens":12,"total_tokens":52}"""),
                "data: [DONE]\n\n",
            ),
        )
        val png = ByteArray(16) { it.toByte() }
        AzureAiInferenceChatCompletionClient.create("Mistral-Large-2411", config().build()).use { client ->
            val request = CreateRequest.builder().message(UserMessage.of(TextPart("Where is this? Weather there?"), ImagePart(Image.fromBytes(png, "image/png"))))
                .tool(weather).build()
            val events = client.createStream(request).toList()
            val result = (events.last() as ChatStreamEvent.Completed).result
            result.finishReason shouldBe FinishReason.TOOL_CALLS
            result.toolCalls.single().id shouldBe "call_9"
            result.toolCalls.single().arguments shouldBe """{"city":"Oslo"}"""
            result.usage.promptTokens shouldBe 40
            client.totalUsage.completionTokens shouldBe 12
        }
        val seen = server.seen.single()
        seen.uri shouldBe "/models/chat/completions?api-version=2024-05-01-preview"
        seen.headers["api-key"] shouldBe key
        seen.headers["authorization"] shouldBe "Bearer $key"
        seen.headers["extra-parameters"] shouldBe null
        seen.headers["accept"] shouldBe "text/event-stream"
        seen.body["stream"]!!.jsonPrimitive.content shouldBe "true"
        seen.body.containsKey("stream_options") shouldBe false
        seen.body["messages"]!!.jsonArray[0].jsonObject["content"]!!.jsonArray[1].jsonObject["image_url"]!!.jsonObject["url"]!!
            .jsonPrimitive.content shouldBe "data:image/png;base64,AAECAwQFBgcICQoLDA0ODw=="
    }

    test("JSON output and pass-through fields: the header goes with the extra field, the answer is the JSON text") {
        server.respondJson(
            """{"id":"inf-2","object":"chat.completion","created":1,"model":"mistral-large","choices":[{"index":0,"finish_reason":"stop",""" +
                """"message":{"role":"assistant","content":"{\"ok\":true}"}}],"usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}""",
        )
        AzureAiInferenceChatCompletionClient.create("Mistral-Large-2411", config().build()).use { client ->
            val r = client.create(CreateRequest.builder().user("JSON please").jsonOutput().extraBody("safe_prompt", JsonPrimitive(true)).build())
            r.content shouldBe """{"ok":true}"""
            r.finishReason shouldBe FinishReason.STOP
        }
        val seen = server.seen.single()
        seen.headers["extra-parameters"] shouldBe "pass-through"
        seen.body["safe_prompt"]!!.jsonPrimitive.content shouldBe "true"
        seen.body["response_format"]!!.jsonObject["type"]!!.jsonPrimitive.content shouldBe "json_object"
    }

    test("Entra ID tokens are fetched once and sent as Bearer; GitHub Models sends its token as Bearer only") {
        val fetches = AtomicInteger()
        val tokens = AccessTokenProvider { AccessToken("entra-" + fetches.incrementAndGet() + "-abcdefgh", Instant.now().plusSeconds(3600)) }
        server.respondJson("""{"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"hi"}}]}""")
        AzureAiInferenceChatCompletionClient.create("Phi-4", config().apiKey(null).tokenProvider(tokens).build()).use { client ->
            repeat(2) { client.create(CreateRequest.of(UserMessage.of("Hi"))).content shouldBe "hi" }
        }
        fetches.get() shouldBe 1
        server.seen.map { it.headers["authorization"] } shouldBe listOf("Bearer entra-1-abcdefgh", "Bearer entra-1-abcdefgh")
        server.seen.all { it.headers["api-key"] == null } shouldBe true

        server.seen.clear()
        val gh = AzureAiInferenceConfig.githubModels(mapOf("GITHUB_TOKEN" to "gh" + "tok-0123456789")::get)
            .endpoint(server.root + "/inference").modelInfo(info).httpOptions(http).build()
        AzureAiInferenceChatCompletionClient.create("openai/gpt-4.1-mini", gh).use { it.create(CreateRequest.of(UserMessage.of("Hi"))) }
        val seen = server.seen.single()
        seen.uri shouldBe "/inference/chat/completions?api-version=2024-05-01-preview"
        seen.headers["authorization"] shouldBe "Bearer ghtok-0123456789"
        seen.headers["api-key"] shouldBe null
        seen.body["model"]!!.jsonPrimitive.content shouldBe "openai/gpt-4.1-mini"
    }

    test("errors: a content filter refusal names its category; an unknown parameter is a BadRequestException; 401 carries the message") {
        server.respondJson(
            """{"error":{"code":"content_filter","message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","param":"prompt","status":400,""" +
                """"innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"violence":{"filtered":true,"severity":"high"},"hate":{"filtered":false,"severity":"safe"}}}}}""",
            400,
        )
        AzureAiInferenceChatCompletionClient.create("gpt-4o", config().build()).use { client ->
            val e = shouldThrow<ContentFilterException> { client.create(CreateRequest.of(UserMessage.of("x"))) }
            e.filteredCategories shouldBe listOf("violence")
            e.provider shouldBe "azure-ai-inference"
            e.requestId shouldBe "req-inference"
        }
        server.respondJson(
            """{"error":{"code":"Invalid input","status":422,"message":"Extra inputs are not permitted","details":[{"loc":["body","top_k"],"msg":"Extra inputs are not permitted","type":"extra_forbidden"}]}}""",
            422,
        )
        AzureAiInferenceChatCompletionClient.create("Phi-4", config().extraParameters(AzureAiInferenceConfig.ExtraParameters.ERROR).build()).use { client ->
            shouldThrow<BadRequestException> { client.create(CreateRequest.of(UserMessage.of("x"))) }.message!! shouldContain "Extra inputs are not permitted"
        }
        server.seen.last().headers["extra-parameters"] shouldBe "error"
        server.respondJson("""{"error":{"code":"Unauthorized","message":"Access denied due to invalid subscription key $key","status":401}}""", 401)
        AzureAiInferenceChatCompletionClient.create("Phi-4", config().build()).use { client ->
            val e = shouldThrow<AuthenticationException> { client.create(CreateRequest.of(UserMessage.of("x"))) }
            e.message!! shouldContain "invalid subscription key"
            listOf(e.message!!, e.bodyExcerpt ?: "").forEach { it shouldNotContain key }
        }
    }

    test("the declared model info is enforced before any request") {
        val textOnly = ModelInfo.builder().family(ModelFamily.UNKNOWN).build()
        AzureAiInferenceChatCompletionClient.create("Phi-4", config().modelInfo(textOnly).build()).use { client ->
            shouldThrow<CapabilityMissingException> { client.create(CreateRequest.builder().user("x").tool(weather).build()) }.capability shouldBe "function_calling"
            shouldThrow<CapabilityMissingException> { client.create(CreateRequest.builder().user("x").jsonOutput().build()) }
            shouldThrow<CapabilityMissingException> {
                client.create(CreateRequest.of(UserMessage.of(TextPart("x"), ImagePart(Image.fromUrl("https://example.com/a.png")))))
            }
        }
        server.seen shouldHaveSize 0
    }

    test("secrets never reach messages: the key, a GitHub token or an Entra token echoed by the server") {
        val token = "Zx9Cv8Bn7Mq6Wl5Ek4Rj3Th2Yg1Uf0Id"
        val echo = """{"error":{"message":"bad credentials $key $token","code":"Unauthorized"}}"""
        val configs = listOf(
            config().build(),
            config().apiKey(null).bearerToken(token).build(),
            config().apiKey(null).tokenProvider { AccessToken(token, Instant.now().plusSeconds(3600)) }.build(),
        )
        for ((i, c) in configs.withIndex()) {
            val secret = if (i == 0) key else token
            c.toString() shouldNotContain secret
            AzureAiInferenceChatCompletionClient.create("m", c).use { client ->
                client.toString() shouldNotContain secret
                for (status in listOf(400, 401, 403, 404, 429, 500)) {
                    server.respondJson(echo, status)
                    val e = shouldThrow<SwitchboardException> { client.create(CreateRequest.of(UserMessage.of("x"))) }
                    e.message!! shouldNotContain secret
                    (e.bodyExcerpt ?: "") shouldNotContain secret
                }
            }
        }
    }
})
