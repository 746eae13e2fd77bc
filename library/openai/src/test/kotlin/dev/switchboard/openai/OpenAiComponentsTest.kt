package dev.switchboard.openai

import dev.switchboard.CreateRequest
import dev.switchboard.UserMessage
import dev.switchboard.config.ConfigException
import dev.switchboard.config.ConfigList
import dev.switchboard.config.ConfigLoader
import dev.switchboard.config.Switchboard
import dev.switchboard.config.WireRecorder
import dev.switchboard.contract.WireUsage
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

class OpenAiComponentsTest : FunSpec({
    val hi = CreateRequest.of(UserMessage.of("hi"))
    val key = "test-openai-config-key"
    val answer = OpenAiWire.textResponse("gpt-4o-mini", "hello from the wire", WireUsage(3, 4))

    fun loader(vararg env: Pair<String, String>): ConfigLoader = ConfigLoader.builder().environment(mapOf(*env)).build()

    test("openai: the loaded client calls the document's base URL with its model, key, organization and headers") {
        WireRecorder(answer).use { wire ->
            val client = loader("MY_KEY" to key).loadJson(
                """{"provider": "openai", "config": {"model": "gpt-4o-mini", "base_url": "${wire.url}/v1", "api_key": "${'$'}{MY_KEY}",
                   "organization": "org-7", "headers": {"X-Team": "blue"}, "http": {"max_retries": 0}}}""",
            )
            client.shouldBeInstanceOf<OpenAiChatCompletionClient>()
            client.create(hi).content shouldBe "hello from the wire"
            val r = wire.single
            r.uri shouldBe "/v1/chat/completions"
            r.headers["authorization"] shouldBe "Bearer $key"
            r.headers["openai-organization"] shouldBe "org-7"
            r.headers["x-team"] shouldBe "blue"
            r.body shouldContain "\"model\":\"gpt-4o-mini\""
        }
    }

    test("openai: without api_key the key comes from OPENAI_API_KEY in the loader's environment; api responses calls /responses") {
        WireRecorder(ResponsesWire.OPENAI.textResponse("gpt-4o-mini", "from responses", WireUsage(1, 2))).use { wire ->
            val client = loader("OPENAI_API_KEY" to key, "OPENAI_BASE_URL" to "${wire.url}/v1")
                .loadJson("""{"provider": "openai", "config": {"model": "gpt-4o-mini", "api": "responses"}}""")
            client.create(hi).content shouldBe "from responses"
            wire.single.uri shouldBe "/v1/responses"
            wire.single.headers["authorization"] shouldBe "Bearer $key"
        }
    }

    test("openai with a preset: the preset's key variable and provider name, the document's base URL") {
        WireRecorder(answer).use { wire ->
            val client = loader("GROQ_API_KEY" to key).loadJson(
                """{"provider": "openai", "config": {"model": "llama-3.3-70b-versatile", "preset": "groq", "base_url": "${wire.url}/openai/v1"}}""",
            ) as OpenAiChatCompletionClient
            client.config.providerName shouldBe "groq"
            client.create(hi).content shouldBe "hello from the wire"
            wire.single.uri shouldBe "/openai/v1/chat/completions"
            wire.single.headers["authorization"] shouldBe "Bearer $key"
        }
    }

    test("openai: a preset that needs a key fails at load, naming the variable; an unknown preset lists the known ones") {
        val missing = shouldThrow<ConfigException> { loader().loadJson("""{"provider": "openai", "config": {"model": "m", "preset": "groq"}}""") }
        missing.message shouldContain "GROQ_API_KEY"
        val unknown = shouldThrow<ConfigException> { loader().loadJson("""{"provider": "openai", "config": {"model": "m", "preset": "grok"}}""") }
        unknown.message shouldContain "config.preset"
        unknown.message shouldContain "lm-studio"
        val key2 = shouldThrow<ConfigException> { loader().loadJson("""{"provider": "openai", "config": {"model": "m", "apikey": "x"}}""") }
        key2.message shouldContain "config.apikey: unknown key \"apikey\" (did you mean api_key?)"
    }

    test("openai: a client built in code is described without its key, with the preset and API") {
        val client = OpenAiCompatible.GROQ.config(mapOf("GROQ_API_KEY" to key)::get).api(OpenAiApi.CHAT_COMPLETIONS).build()
            .let { OpenAiChatCompletionClient.create("llama-3.3-70b-versatile", it) }
        val text = Switchboard.describeJson(client)
        text shouldNotContain key
        val config = Switchboard.describe(client)["config"]!!.jsonObject
        config["preset"]!!.jsonPrimitive.content shouldBe "groq"
        config["api_key"]!!.jsonPrimitive.content shouldBe "\${GROQ_API_KEY}"
        config["api"]!!.jsonPrimitive.content shouldBe "chat_completions"
        // The description loads back into the same client.
        val again = loader("GROQ_API_KEY" to key).load(Switchboard.describe(client)) as OpenAiChatCompletionClient
        again.config.baseUrl shouldBe client.config.baseUrl
        again.model shouldBe client.model
        client.close(); again.close()
    }

    test("azure-openai: a deployment on the document's endpoint with api-key and api-version") {
        WireRecorder(answer).use { wire ->
            val client = loader("AZURE_OPENAI_API_KEY" to key).loadJson(
                """{"provider": "azure-openai", "config": {"deployment": "gpt-prod", "endpoint": "${wire.url}", "api_version": "2024-10-21"}}""",
            )
            client.shouldBeInstanceOf<AzureOpenAiChatCompletionClient>()
            client.create(hi).content shouldBe "hello from the wire"
            wire.single.uri shouldBe "/openai/deployments/gpt-prod/chat/completions?api-version=2024-10-21"
            wire.single.headers["api-key"] shouldBe key
            Switchboard.describeJson(client) shouldNotContain key
        }
    }

    test("azure-openai: an unknown nested token provider is named by its path") {
        val unknown = shouldThrow<ConfigException> {
            loader().loadJson(
                """{"provider": "azure-openai", "config": {"deployment": "d", "endpoint": "https://r.openai.azure.com", "api_key": "k",
                   "token_provider": {"provider": "nobody"}}}""",
            )
        }
        unknown.message shouldContain "config.token_provider.provider: unknown"
    }

    test("an AutoGen 0.2 OAI_CONFIG_LIST in its own flat form: openai and azure entries, filtered by tags, built on demand") {
        WireRecorder(answer).use { wire ->
            val list = ConfigList.fromJson(
                """[
                  {"model": "gpt-4o-mini", "api_key": "${'$'}{MY_KEY}", "base_url": "${wire.url}/v1", "tags": ["cheap"]},
                  {"model": "gpt-prod", "api_type": "azure", "api_key": "${'$'}{MY_KEY}", "base_url": "${wire.url}", "api_version": "2024-10-21", "tags": ["azure"]}
                ]""",
                loader("MY_KEY" to key),
            )
            list.entries.map { it.provider } shouldBe listOf("openai", "azure-openai")
            list.entries.map { it.model } shouldBe listOf("gpt-4o-mini", "gpt-prod")
            list.withTags("cheap").first().use { it.create(hi).content shouldBe "hello from the wire" }
            list.withTags("azure").first().use { it.create(hi).content shouldBe "hello from the wire" }
            wire.requests.map { it.uri } shouldBe listOf("/v1/chat/completions", "/openai/deployments/gpt-prod/chat/completions?api-version=2024-10-21")
            wire.requests.map { it.headers["authorization"] ?: it.headers["api-key"] } shouldBe listOf("Bearer $key", key)
            val e = shouldThrow<ConfigException> { ConfigList.fromJson("""[{"model": "gpt-4o-mini", "api_key": "k", "price": [1, 2]}]""", loader()).first() }
            e.path shouldBe "[0].config.price"
        }
    }
})
