package dev.switchboard.azure.inference

import dev.switchboard.CreateRequest
import dev.switchboard.Image
import dev.switchboard.ImageDetail
import dev.switchboard.ImagePart
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.ResponseFormat
import dev.switchboard.TextPart
import dev.switchboard.Tool
import dev.switchboard.UserMessage
import dev.switchboard.auth.AccessToken
import dev.switchboard.auth.AccessTokenProvider
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.time.Instant

/** Configuration, the environment, and the exact requests the codec writes (URL, headers, body, extra-parameters). */
class AzureAiInferenceConfigTest : FunSpec({
    val key = "inference" + "-key-0123456789"
    val info = ModelInfo.builder().vision(true).functionCalling(true).jsonOutput(true).structuredOutput(true).family(ModelFamily.GPT_4O).build()
    fun base() = AzureAiInferenceConfig.builder().endpoint("https://res.services.ai.azure.com/models/").apiKey(key).modelInfo(info)

    fun encode(config: AzureAiInferenceConfig, request: CreateRequest, stream: Boolean = false) =
        AzureAiInferenceChatCompletionClient.codec(config).prepare("Mistral-Large-2411", request, stream).spec

    fun body(bytes: ByteArray?): JsonObject = Json.parseToJsonElement(bytes!!.decodeToString()).jsonObject

    test("the URL: endpoint, /chat/completions and the api-version, or none") {
        val c = base().build()
        c.endpoint shouldBe "https://res.services.ai.azure.com/models"
        encode(c, CreateRequest.of(UserMessage.of("Hi"))).url shouldBe
            "https://res.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview"
        encode(c.newBuilder().apiVersion(null).build(), CreateRequest.of(UserMessage.of("Hi"))).url shouldBe
            "https://res.services.ai.azure.com/models/chat/completions"
    }

    test("credentials: an API key goes as api-key and Bearer, a fixed token as Bearer only, a token provider at send time") {
        val hi = CreateRequest.of(UserMessage.of("Hi"))
        val k = encode(base().build(), hi).headers
        k["api-key"] shouldBe key
        k["Authorization"] shouldBe "Bearer $key"
        val t = encode(base().apiKey(null).bearerToken("gh" + "-token-abcdef").build(), hi).headers
        t["Authorization"] shouldBe "Bearer gh-token-abcdef"
        t.containsKey("api-key") shouldBe false
        val provider = AccessTokenProvider { AccessToken("entra-" + "tok-1234567", Instant.now().plusSeconds(3600)) }
        val p = encode(base().apiKey(null).tokenProvider(provider).build(), hi).headers
        p.containsKey("Authorization") shouldBe false
        p.containsKey("api-key") shouldBe false
    }

    test("the body: model, system role, max_tokens, tools, images, JSON schema; no stream_options and no extra-parameters") {
        val weather = Tool.of("get_weather", "Weather in a city", """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")
        val request = CreateRequest.builder().system("Be brief")
            .message(UserMessage.of(TextPart("What is this?"), ImagePart(Image.fromUrl("https://example.com/cat.png", ImageDetail.LOW))))
            .tool(weather).maxTokens(100).temperature(0.2).seed(7L).stop("END")
            .responseFormat(ResponseFormat.jsonSchema("answer", """{"type":"object","properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false}"""))
            .build()
        val spec = encode(base().build(), request, stream = true)
        spec.headers.containsKey("extra-parameters") shouldBe false
        val b = body(spec.body)
        b.keys shouldBe setOf("model", "messages", "temperature", "max_tokens", "stop", "seed", "tools", "response_format", "stream")
        b["model"]!!.jsonPrimitive.content shouldBe "Mistral-Large-2411"
        b["max_tokens"]!!.jsonPrimitive.content shouldBe "100"
        val messages = b["messages"]!!.jsonArray
        messages[0].jsonObject["role"]!!.jsonPrimitive.content shouldBe "system"
        val parts = messages[1].jsonObject["content"]!!.jsonArray
        parts[1].jsonObject["type"]!!.jsonPrimitive.content shouldBe "image_url"
        parts[1].jsonObject["image_url"]!!.jsonObject["detail"]!!.jsonPrimitive.content shouldBe "low"
        b["tools"]!!.jsonArray[0].jsonObject["function"]!!.jsonObject["name"]!!.jsonPrimitive.content shouldBe "get_weather"
        b["response_format"]!!.jsonObject["type"]!!.jsonPrimitive.content shouldBe "json_schema"
        b["response_format"]!!.jsonObject["json_schema"]!!.jsonObject["name"]!!.jsonPrimitive.content shouldBe "answer"
        body(encode(base().build(), CreateRequest.builder().user("x").jsonOutput().build()).body)["response_format"]!!
            .jsonObject["type"]!!.jsonPrimitive.content shouldBe "json_object"
    }

    test("fields the API does not define get extra-parameters: pass-through; a fixed mode goes on every request; the request's own header wins") {
        val plain = CreateRequest.of(UserMessage.of("Hi"))
        for (request in listOf(
            CreateRequest.builder().user("Hi").extraBody("safe_prompt", JsonPrimitive(true)).build(),
            CreateRequest.builder().user("Hi").n(2).build(),
            CreateRequest.builder().user("Hi").logprobs(true).build(),
            CreateRequest.builder().user("Hi").endUser("u-1").build(),
            CreateRequest.builder().user("Hi").parallelToolCalls(false).tool(Tool.withoutParameters("now", "time")).build(),
        )) {
            encode(base().build(), request).headers["extra-parameters"] shouldBe "pass-through"
        }
        encode(base().build(), plain).headers.containsKey("extra-parameters") shouldBe false
        encode(base().streamUsage(true).build(), plain, stream = true).headers["extra-parameters"] shouldBe "pass-through"
        encode(base().streamUsage(false).build(), plain, stream = true).headers.containsKey("extra-parameters") shouldBe false
        val drop = base().extraParameters(AzureAiInferenceConfig.ExtraParameters.DROP).build()
        encode(drop, plain).headers["extra-parameters"] shouldBe "drop"
        encode(drop, CreateRequest.builder().user("Hi").n(2).build()).headers["extra-parameters"] shouldBe "drop"
        encode(base().extraParameters(null).build(), CreateRequest.builder().user("Hi").n(2).header("extra-parameters", "error").build())
            .headers["extra-parameters"] shouldBe "error"
    }

    test("the environment: AZURE_AI_CHAT_* as Azure's samples name them, else AZURE_AI_INFERENCE_*; GitHub Models from GITHUB_TOKEN") {
        val chat = mapOf("AZURE_AI_CHAT_ENDPOINT" to "https://a.services.ai.azure.com/models", "AZURE_AI_CHAT_KEY" to "$key-a",
            "AZURE_AI_INFERENCE_ENDPOINT" to "https://b.services.ai.azure.com/models", "AZURE_AI_INFERENCE_KEY" to "$key-b")
        AzureAiInferenceConfig.fromEnvironment(chat::get).modelInfo(info).build().let {
            it.endpoint shouldBe "https://a.services.ai.azure.com/models"
            it.apiKey shouldBe "$key-a"
        }
        val inference = chat - "AZURE_AI_CHAT_ENDPOINT" - "AZURE_AI_CHAT_KEY"
        AzureAiInferenceConfig.fromEnvironment(inference::get).build().apiKey shouldBe "$key-b"
        val gh = AzureAiInferenceConfig.githubModels(mapOf("GITHUB_TOKEN" to "ghtoken" + "-12345678")::get).modelInfo(info).build()
        gh.endpoint shouldBe "https://models.github.ai/inference"
        gh.providerName shouldBe "github-models"
        gh.bearerToken shouldBe "ghtoken-12345678"
        gh.apiKey shouldBe null
        shouldThrow<IllegalArgumentException> {
            AzureAiInferenceChatCompletionClient.create("openai/gpt-4.1-mini", AzureAiInferenceConfig.githubModels(emptyMap<String, String>()::get).modelInfo(info).build())
        }.message!! shouldContain "GITHUB_TOKEN"
    }

    test("a missing model info says how to declare it; other bad configurations say what to fix") {
        val e = shouldThrow<IllegalArgumentException> { AzureAiInferenceChatCompletionClient.create("Phi-4", base().modelInfo(null).build()) }
        e.message!! shouldContain "Phi-4"
        e.message!! shouldContain "modelInfo(ModelInfo.builder()"
        e.message!! shouldContain ".functionCalling(true)"
        shouldThrow<IllegalArgumentException> { AzureAiInferenceChatCompletionClient.create(" ", base().modelInfo(info).build()) }
        shouldThrow<IllegalArgumentException> { AzureAiInferenceConfig.builder().build() }.message!! shouldContain "AZURE_AI_CHAT_ENDPOINT"
        shouldThrow<IllegalArgumentException> { AzureAiInferenceConfig.builder().endpoint("https://x/models/chat/completions").build() }
            .message!! shouldContain "before /chat/completions"
        shouldThrow<IllegalArgumentException> { AzureAiInferenceConfig.builder().endpoint("https://x/models?api-version=1").build() }
            .message!! shouldContain "apiVersion(...)"
        shouldThrow<IllegalArgumentException> { base().bearerToken("t" + "oken-1234567890").build() }.message!! shouldContain "apiKey, bearerToken"
        shouldThrow<IllegalArgumentException> {
            AzureAiInferenceChatCompletionClient.create("m", AzureAiInferenceConfig.builder().endpoint("https://x/models").modelInfo(info).build())
        }.message!! shouldContain "credentials"
    }

    test("toString shows neither key nor token") {
        val c = AzureAiInferenceConfig.builder().endpoint("https://res.services.ai.azure.com/models").apiKey(key).modelInfo(info).build()
        c.toString() shouldNotContain key
        c.toString() shouldContain "apiKey ****"
        AzureAiInferenceChatCompletionClient.create("m", c).use { it.toString() shouldNotContain key }
        AzureAiInferenceConfig.githubModels(mapOf("GITHUB_TOKEN" to "ghtoken" + "-12345678")::get).build().toString() shouldNotContain "12345678"
    }
})
