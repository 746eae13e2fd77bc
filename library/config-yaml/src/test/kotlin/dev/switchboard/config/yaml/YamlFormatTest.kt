package dev.switchboard.config.yaml

import dev.switchboard.CreateRequest
import dev.switchboard.UserMessage
import dev.switchboard.config.ConfigException
import dev.switchboard.config.ConfigLoader
import dev.switchboard.config.ConfigTestSupport.replayFile
import dev.switchboard.config.Switchboard
import dev.switchboard.router.Router
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.nio.file.Files

class YamlFormatTest : FunSpec({
    val dir = Files.createTempDirectory("yaml-config")
    val hi = CreateRequest.of(UserMessage.of("hi"))
    replayFile(dir, "main.jsonl", "from main", "main again")
    replayFile(dir, "backup.jsonl", "from backup")
    val format = YamlFormat()

    test("a .yaml file is found by its extension: a router over two groups with a fallback, files relative to the document") {
        val doc = dir.resolve("llm.yaml")
        Files.writeString(
            doc,
            """
            # comments are allowed
            provider: router
            config:
              groups:
                - name: main
                  deployments:
                    - name: a
                      provider: replay
                      config: { file: main.jsonl, model: gpt-main }
                - name: backup
                  deployments:
                    - name: b
                      provider: replay
                      config: { file: backup.jsonl, model: gpt-backup }
              fallbacks:
                - { from: main, to: backup }
            """.trimIndent(),
        )
        Switchboard.load(doc).use { client ->
            client.shouldBeInstanceOf<Router>()
            client.create(hi).content shouldBe "from main"
        }
    }

    test("scalars follow YAML 1.2's core schema; anchors and aliases repeat a block") {
        format.parse("a: true\nb: 12\nc: 1.5\nd: ~\ne: 30s\nf: '12'\ng: [x, 2]\n", "t") shouldBe buildJsonObject {
            put("a", true); put("b", 12); put("c", 1.5); put("d", JsonNull); put("e", "30s"); put("f", 12)
            put("g", JsonArray(listOf(JsonPrimitive("x"), JsonPrimitive(2))))
        }
        val loader = ConfigLoader.builder().environment(emptyMap()).build()
        loader.load(
            """
            provider: router
            config:
              groups:
                - name: main
                  deployments:
                    - &replay { name: a, provider: replay, config: { file: ${dir.resolve("main.jsonl")} } }
                    - { <<: *replay, name: b }
            """.trimIndent(),
            "yaml",
        ).use { it.create(hi).content shouldBe "from main" }
    }

    test("errors: line and column without the text, a duplicate key by name, and the loader's own paths") {
        val secret = "sk-yaml-secret-value-never-shown"
        val malformed = shouldThrow<ConfigException> { format.parse("provider: openai\nconfig:\n  api_key: \"$secret\n  model: [", "llm.yaml") }
        malformed.message!! shouldContain "llm.yaml: (document): not well-formed YAML (line"
        malformed.message!! shouldNotContain secret
        shouldThrow<ConfigException> { format.parse("provider: a\nprovider: b\n", "t") }.message!! shouldContain "a key given twice (\"provider\")"
        shouldThrow<ConfigException> { format.parse("", "t") }.message!! shouldContain "an empty document"
        val loader = ConfigLoader.builder().environment(emptyMap()).build()
        shouldThrow<ConfigException> {
            loader.load("provider: replay\nconfig:\n  file: ${dir.resolve("main.jsonl")}\n  modle: m\n", "yaml")
        }.message!! shouldContain "config.modle: unknown key \"modle\" (known here:"
    }

    test("the yml extension, and a format name Switchboard.load(text, format) knows") {
        val doc = dir.resolve("short.yml")
        Files.writeString(doc, "provider: replay\nconfig: { file: backup.jsonl }\n")
        Switchboard.load(doc).use { it.create(hi).content shouldBe "from backup" }
        Switchboard.load("{provider: replay, config: {file: ${dir.resolve("backup.jsonl")}}}", "YAML").use { it.create(hi).content shouldBe "from backup" }
    }
})
