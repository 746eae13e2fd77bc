package dev.switchboard.config

import dev.switchboard.CreateRequest
import dev.switchboard.UserMessage
import dev.switchboard.config.ConfigTestSupport.withKeyed
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

class ConfigListTest : FunSpec({
    val dir = Files.createTempDirectory("config-list-test")
    val hi = CreateRequest.of(UserMessage.of("hi"))
    val loader = ConfigLoader.builder().classLoader(withKeyed(dir)).environment(mapOf("K" to "test-key-123")).build()
    val listText = """
        [
          {"provider": "keyed", "config": {"model": "gpt-4o", "api_key": "${'$'}{K}"}, "tags": ["fast", "vision"]},
          {"provider": "keyed", "config": {"model": "gpt-4o-mini", "api_key": "${'$'}{K}"}, "tags": ["fast", "cheap"]},
          {"provider": "keyed", "config": {"model": "claude", "api_key": "${'$'}{K}"}},
          {"provider": "keyed", "config": {"model": "gpt-4o", "api_key": "${'$'}{UNSET_VAR}"}, "tags": ["broken"]}
        ]
    """.trimIndent()

    test("entries are read without building anything, then filtered by model and by tags") {
        val list = ConfigList.fromJson(listText, loader)
        list.entries.map { it.model } shouldContainExactly listOf("gpt-4o", "gpt-4o-mini", "claude", "gpt-4o")
        list.entries[0].tags shouldContainExactly listOf("fast", "vision")
        list.withModels("gpt-4o").entries.map { it.index } shouldContainExactly listOf(0, 3)
        list.withTags("cheap", "vision").entries.map { it.index } shouldContainExactly listOf(0, 1)
        list.filter(listOf("gpt-4o", "claude"), listOf("fast")).entries.map { it.index } shouldContainExactly listOf(0)
        list.filter(emptyList(), emptyList()).entries.size shouldBe 4
        list.withTags("none-has-it").entries shouldBe emptyList()
    }

    test("first() builds the first entry left, and an empty list says so") {
        val list = ConfigList.fromJson(listText, loader)
        list.withTags("cheap").first().create(hi).content shouldBe "gpt-4o-mini answers, key of 12"
        shouldThrow<NoSuchElementException> { list.withModels("nothing").first() }.message shouldContain "empty"
    }

    test("a bad entry's errors are given from the list") {
        val e = shouldThrow<ConfigException> { ConfigList.fromJson(listText, loader).withTags("broken").entries.single().load() }
        e.path shouldBe "[3].config.api_key"
        e.problem shouldBe "environment variable UNSET_VAR is not set"
        shouldThrow<ConfigException> { ConfigList.fromJson("""{"provider": "keyed"}""", loader) }.problem shouldContain "expected a list"
        shouldThrow<ConfigException> { ConfigList.fromJson("""[{"config": {}}]""", loader) }.path shouldBe "[0].provider"
        shouldThrow<ConfigException> { ConfigList.fromJson("""[{"provider": "keyed", "tags": "fast"}]""", loader) }.path shouldBe "[0].tags"
        shouldThrow<ConfigException> { ConfigList.fromJson("""[{"provider": "keyed", "tags": [1]}]""", loader) }.path shouldBe "[0].tags[0]"
        val unknown = shouldThrow<ConfigException> {
            ConfigList.fromJson("""[{"provider": "keyed", "config": {"model": "m", "api_key": "k"}, "tgas": []}]""", loader).first()
        }
        unknown.path shouldBe "[0].tgas"
    }

    test("OAI_CONFIG_LIST from a file, named by the variable or read from it") {
        val file = dir.resolve("OAI_CONFIG_LIST.json")
        Files.writeString(file, listText)
        ConfigList.fromFile(file, loader).entries.size shouldBe 4
        val byFile = ConfigLoader.builder().classLoader(withKeyed(dir))
            .environment(mapOf(ConfigList.OAI_CONFIG_LIST to file.toString(), "K" to "test-key-123")).build()
        ConfigList.fromEnvironment(byFile).withModels("claude").first().create(hi).content shouldBe "claude answers, key of 12"
        val inline = ConfigLoader.builder().classLoader(withKeyed(dir)).environment(mapOf("MY_LIST" to listText, "K" to "abc")).build()
        ConfigList.fromEnvironment(inline, "MY_LIST").withTags("vision").first().create(hi).content shouldBe "gpt-4o answers, key of 3"
        shouldThrow<IllegalStateException> { ConfigList.fromEnvironment(loader, "MY_LIST") }.message shouldContain "MY_LIST is not set"
        shouldThrow<ConfigException> { ConfigList.fromEnvironment(ConfigLoader.builder().environment(mapOf("L" to "[1")).build(), "L") }
            .source shouldBe "L"
    }
})
