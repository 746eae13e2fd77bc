package dev.switchboard.config

import dev.switchboard.ClientRateLimitException
import dev.switchboard.CreateRequest
import dev.switchboard.UserMessage
import dev.switchboard.config.ConfigTestSupport.replayFile
import dev.switchboard.config.ConfigTestSupport.withKeyed
import dev.switchboard.replay.ReplayChatCompletionClient
import dev.switchboard.router.Router
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.nio.file.Files

class ConfigLoaderTest : FunSpec({
    val dir = Files.createTempDirectory("config-test")
    val hi = CreateRequest.of(UserMessage.of("hi"))
    val loader = ConfigLoader.builder().classLoader(withKeyed(dir)).environment(mapOf("KEYED_API_KEY" to "test-key-123")).build()
    val one = replayFile(dir, "one.jsonl", "first", "second")
    val two = replayFile(dir, "two.jsonl", "fallback answer")

    fun fails(doc: String, l: ConfigLoader = loader): ConfigException = shouldThrow<ConfigException> { l.loadJson(doc) }

    test("a replay document from a file relative to the document's directory answers its recordings") {
        val doc = dir.resolve("replay.json")
        Files.writeString(doc, """{"provider": "replay", "config": {"file": "one.jsonl", "model": "gpt-replayed"}}""")
        val client = loader.load(doc)
        client.shouldBeInstanceOf<ReplayChatCompletionClient>()
        client.model shouldBe "gpt-replayed"
        client.create(hi).content shouldBe "first"
    }

    test("a provider found through the class loader reads its key from \${VAR}") {
        val client = loader.loadJson("""{"provider": "keyed", "config": {"model": "m1", "api_key": "${'$'}{KEYED_API_KEY}"}}""")
        client.create(hi).content shouldBe "m1 answers, key of 12"
    }

    test("\${VAR:-default} uses the default when the variable is not set, and \$\$ is a dollar") {
        val client = loader.loadJson("""{"provider": "keyed", "config": {"model": "${'$'}{NO_SUCH_MODEL:-fallback-model}", "api_key": "a$${'$'}b"}}""")
        client.create(hi).content shouldBe "fallback-model answers, key of 3"
    }

    test("a missing variable names the path and the variable, never a value") {
        val e = fails("""{"provider": "keyed", "config": {"model": "m", "api_key": "${'$'}{MISSING_KEY_VAR}"}}""")
        e.path shouldBe "config.api_key"
        e.message shouldBe "json text: config.api_key: environment variable MISSING_KEY_VAR is not set"
    }

    test("an unclosed placeholder is an error at its path") {
        fails("""{"provider": "keyed", "config": {"model": "${'$'}{OPEN", "api_key": "k"}}""").path shouldBe "config.model"
    }

    test("an unknown provider lists the known ones") {
        val e = fails("""{"provider": "opena1", "config": {}}""")
        e.path shouldBe "provider"
        e.problem shouldBe "unknown provider \"opena1\" (known: events, keyed, rate-limit, replay, router)"
    }

    test("a missing provider says which are known") {
        fails("""{"config": {}}""").problem shouldContain "missing (expected the name of a client provider: events, keyed"
    }

    test("unknown keys are errors, at the root and deep inside") {
        fails("""{"provider": "keyed", "config": {"model": "m", "api_key": "k"}, "extra": 1}""").path shouldBe "extra"
        val e = fails("""{"provider": "keyed", "config": {"model": "m", "api_key": "k", "modle": "x"}}""")
        e.path shouldBe "config.modle"
        e.problem shouldContain "unknown key \"modle\" (known here: api_key, base_url, headers, model)"
        val deep = fails(
            """{"provider": "rate-limit", "config": {"requests_per_minute": 5, "client": {"provider": "replay", "config": {"file": "$one", "colour": "red"}}}}""",
        )
        deep.path shouldBe "config.client.config.colour"
    }

    test("wrong types name the path and the kind found") {
        val e = fails("""{"provider": "replay", "config": {"file": "$one", "verify_message_count": "maybe"}}""")
        e.path shouldBe "config.verify_message_count"
        e.problem shouldContain "expected true or false"
        fails("""{"provider": "replay", "config": {"file": 3, "event_delay": "30"}}""").path shouldBe "config.file"
        fails("""{"provider": "replay", "config": {"file": "$one", "event_delay": "30"}}""").problem shouldContain "expected a duration such as"
        fails("""[1, 2]""").problem shouldContain "expected an object"
        fails("""{"provider": "replay", "config": {"file": "$one", """).problem shouldContain "not well-formed JSON"
    }

    test("a builder's own check becomes an error at the component's config") {
        val e = fails("""{"provider": "replay", "config": {}}""")
        e.path shouldBe "config"
        e.problem shouldContain "missing file or resource"
    }

    test("rate limits wrap the client and refuse a call over the limit") {
        val client = loader.loadJson(
            """{"provider": "rate-limit", "config": {"requests_per_minute": 1, "max_wait": "0ms",
               "client": {"provider": "replay", "config": {"file": "${one.toString().replace("\\", "\\\\")}"}}}}""",
        )
        client.create(hi).content shouldBe "first"
        shouldThrow<ClientRateLimitException> { client.create(hi) }
        fails("""{"provider": "rate-limit", "config": {"requests_per_minute": 0, "client": {"provider": "replay", "config": {"file": "$one"}}}}""")
            .path shouldBe "config.requests_per_minute"
        fails("""{"provider": "rate-limit", "config": {"limits": [{"amount": 5, "period": "1m", "kind": "bytes"}], "client": {"provider": "replay", "config": {"file": "$one"}}}}""")
            .path shouldBe "config.limits[0].kind"
    }

    test("events wrap the client") {
        val client = loader.loadJson("""{"provider": "events", "config": {"logger_name": "test.events", "client": {"provider": "replay", "config": {"file": "$one"}}}}""")
        client.create(hi).content shouldBe "first"
    }

    val routerDoc = """
        {"provider": "router", "config": {
          "groups": [
            {"name": "main", "deployments": [{"name": "a", "provider": "replay", "config": {"file": "$one"}, "rate_limits": {"requests_per_minute": 100}}]},
            {"name": "backup", "strategy": "least-busy", "deployments": [{"name": "b", "weight": 2, "provider": "replay", "config": {"file": "$two"}}]}
          ],
          "fallbacks": [{"from": "main", "to": ["backup"]}],
          "settings": {"retries": 0, "initial_backoff": "1ms"},
          "default_group": "main"
        }}
    """.trimIndent()

    test("a router with groups and fallbacks routes and falls back when the main group fails") {
        val router = loader.loadJson(routerDoc)
        router.shouldBeInstanceOf<Router>()
        router.groups shouldContainExactly listOf("main", "backup")
        router.deployment("backup", "b").weight shouldBe 2
        router.create(hi).content shouldBe "first"
        router.create(hi).content shouldBe "second"
        router.create(hi).content shouldBe "fallback answer"
    }

    test("router errors name the group and deployment") {
        val e = fails(routerDoc.replace("\"name\": \"b\", \"weight\": 2, \"provider\": \"replay\"", "\"name\": \"b\", \"provider\": \"opena1\""))
        e.path shouldBe "config.groups[1].deployments[0].provider"
        e.message shouldContain "config.groups[1].deployments[0].provider: unknown provider \"opena1\" (known: events, keyed, rate-limit, replay, router)"
        fails(routerDoc.replace("\"to\": [\"backup\"]", "\"to\": [\"spare\"]")).path shouldBe "config.fallbacks[0].to"
        fails(routerDoc.replace("\"least-busy\"", "\"fastest\"")).problem shouldContain "expected one of:"
        fails(routerDoc.replace("\"weight\": 2", "\"weight\": 0")).path shouldBe "config.groups[1].deployments[0].weight"
        fails(routerDoc.replace("\"retries\": 0", "\"retries\": 0, \"retires\": 1")).path shouldBe "config.settings.retires"
    }

    test("a deployment that cannot be built names its path") {
        val e = fails(routerDoc.replace("\"file\": \"$two\"", "\"file\": \"missing.jsonl\""))
        e.path shouldBe "config.groups[1].deployments[0].config.file"
        e.problem shouldContain "cannot read replay file"
    }

    test("write-back leaves inline secrets out and keeps placeholders") {
        val inline = loader.loadJson(
            """{"provider": "keyed", "config": {"model": "m", "api_key": "test-key-123", "base_url": "https://u:p@example.com/v1",
               "headers": {"Authorization": "Bearer test-key-123", "X-Team": "blue"}}}""",
        )
        val text = Switchboard.describeJson(inline)
        text shouldNotContain "test-key-123"
        text shouldNotContain "u:p"
        val back = Json.parseToJsonElement(text).jsonObject
        val config = back["config"]!!.jsonObject
        config.keys shouldContainExactly setOf("model", "headers")
        config["headers"]!!.jsonObject.keys shouldContainExactly setOf("X-Team")
        val placeholder = loader.loadJson("""{"provider": "keyed", "config": {"model": "m", "api_key": "${'$'}{KEYED_API_KEY}"}}""")
        loader.describe(placeholder)["config"]!!.jsonObject["api_key"]!!.jsonPrimitive.content shouldBe "\${KEYED_API_KEY}"
        // What is written back loads again.
        loader.load(loader.describe(placeholder)).create(hi).content shouldBe "m answers, key of 12"
    }

    test("write-back of a client built in code asks its provider, or says it cannot") {
        val described = loader.describe(KeyedProvider.Keyed("built", 4))
        described["provider"]!!.jsonPrimitive.content shouldBe "keyed"
        described["config"]!!.jsonObject["api_key"]!!.jsonPrimitive.content shouldBe "\${KEYED_API_KEY}"
        val e = shouldThrow<IllegalArgumentException> { loader.describe(ReplayChatCompletionClient.of(dev.switchboard.replay.ReplayFixtures.textResult("x"))) }
        e.message shouldContain "Cannot describe ReplayChatCompletionClient"
    }

    test("an unknown format and an unknown file extension are errors") {
        shouldThrow<ConfigException> { loader.load("{}", "toml") }.problem shouldContain "unknown format \"toml\" (known: json"
        val txt = dir.resolve("doc.txt").also { Files.writeString(it, "{}") }
        shouldThrow<ConfigException> { loader.load(txt) }.problem shouldContain "no format reads \".txt\" files"
    }


    test("the exception's message never holds the value of a secret that failed to parse") {
        val e = fails("""{"provider": "keyed", "config": {"model": "m", "api_key": {"nested": "test-key-123"}}}""")
        e.path shouldBe "config.api_key"
        e.message!! shouldNotContain "test-key-123"
    }

    test("a document read as a tree loads too") {
        val tree = Json.parseToJsonElement("""{"provider": "keyed", "config": {"model": "m2", "api_key": "k"}}""") as JsonObject
        loader.load(tree).create(hi).content shouldBe "m2 answers, key of 1"
    }

    test("a document AutoGen's dump_component() wrote keeps its component_type, version, description and label") {
        val doc = """{"provider": "replay", "component_type": "model", "version": 1, "component_version": 1, "description": "d", "label": "L",
            "config": {"file": "${one}"}}"""
        loader.loadJson(doc).create(hi).content shouldBe "first"
        fails("""{"provider": "replay", "component_type": "agent", "config": {"file": "${one}"}}""").message shouldContain
            "component_type: expected \"model\" for a client (found \"agent\")"
        fails("""{"provider": "autogen_ext.models.openai.OpenAIChatCompletionClient", "config": {}}""").message shouldContain
            "provider: unknown provider \"autogen_ext.models.openai.OpenAIChatCompletionClient\": classes are never loaded by a name from a document"
    }
})
