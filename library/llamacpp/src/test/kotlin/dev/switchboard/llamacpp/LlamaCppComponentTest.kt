package dev.switchboard.llamacpp

import dev.switchboard.CreateRequest
import dev.switchboard.UserMessage
import dev.switchboard.config.ConfigException
import dev.switchboard.config.ConfigLoader
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotBeEmpty
import io.kotest.matchers.types.shouldBeInstanceOf
import java.nio.file.Files

class LlamaCppComponentTest : FunSpec({
    val dir = Files.createTempDirectory("llamacpp-config")
    RandomGgufModel.write(dir.resolve("tiny.gguf"))
    val loader = ConfigLoader.builder().environment(emptyMap()).build()

    test("llamacpp loads the GGUF file named relative to the document and answers from it") {
        val doc = dir.resolve("local.json")
        Files.writeString(doc, """{"provider": "llamacpp", "config": {"model_path": "tiny.gguf", "context_size": 256, "threads": 1, "model_name": "tiny"}}""")
        loader.load(doc).use { client ->
            client.shouldBeInstanceOf<LlamaCppChatCompletionClient>()
            client.model shouldBe "tiny"
            client.create(CreateRequest.builder().messages(listOf(UserMessage.of("hi"))).maxTokens(4).seed(1).build()).content.toString().shouldNotBeEmpty()
        }
    }

    test("a missing file and a missing path are errors at model_path") {
        shouldThrow<ConfigException> { loader.loadJson("""{"provider": "llamacpp", "config": {"model_path": "${dir.resolve("none.gguf")}"}}""") }
            .message!! shouldContain "config.model_path:"
        shouldThrow<ConfigException> { loader.loadJson("""{"provider": "llamacpp", "config": {}}""") }
            .message!! shouldContain "config.model_path: missing (expected the GGUF model file, or set SWITCHBOARD_GGUF_MODEL)"
    }
})
