package dev.switchboard.llamacpp

import dev.switchboard.BadRequestException
import dev.switchboard.NotFoundException
import dev.switchboard.llamacpp.internal.GgufHeader
import dev.switchboard.llamacpp.internal.TinyGguf
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path
import java.util.Random

/** The GGUF header reader (which vets a file before llama.cpp sees it) and the configuration's checks. */
class GgufHeaderAndConfigTest : FunSpec({
    test("the header of the generated model gives its architecture, name, context, start token and template") {
        val h = GgufHeader.read(TinyGguf.writeTemp())
        h.version shouldBe 3
        h.architecture shouldBe "llama"
        h.name shouldBe "tiny-random-llama"
        h.contextLength shouldBe TinyGguf.CONTEXT
        h.addBos shouldBe true
        h.bosId shouldBe 1
        h.chatTemplate shouldBe TinyGguf.CHAT_TEMPLATE
    }

    test("a damaged header (any byte of the first 4 KB changed, or the file cut anywhere) reads or fails typed, never otherwise") {
        val good = TinyGguf.bytes()
        val random = Random(1)
        val file = Files.createTempFile("damaged", ".gguf")
        repeat(300) { i ->
            val bytes = if (i % 3 == 0) good.copyOf(random.nextInt(4096)) else good.copyOf().also { b ->
                repeat(1 + random.nextInt(4)) { b[random.nextInt(4096)] = random.nextInt(256).toByte() }
            }
            Files.write(file, bytes)
            try {
                GgufHeader.read(file)
            } catch (e: BadRequestException) {
                e.message shouldContain file.toString()
            }
        }
        Files.delete(file)
    }

    test("a directory is not a model file") {
        val dir = Files.createTempDirectory("not-a-file")
        shouldThrow<NotFoundException> { GgufHeader.read(dir) }.message shouldContain "not a regular file"
    }

    test("the configuration checks its values, reads SWITCHBOARD_GGUF_MODEL and round-trips through newBuilder") {
        shouldThrow<IllegalStateException> { LlamaCppConfig.builder().build() }.message shouldContain "SWITCHBOARD_GGUF_MODEL"
        shouldThrow<IllegalArgumentException> { LlamaCppConfig.builder().parallel(0) }
        shouldThrow<IllegalArgumentException> { LlamaCppConfig.builder().contextSize(-1) }
        shouldThrow<IllegalArgumentException> { LlamaCppConfig.builder().threads(0) }
        shouldThrow<IllegalArgumentException> { LlamaCppConfig.builder().modelPath(" ") }
        LlamaCppConfig.fromEnvironment { if (it == "SWITCHBOARD_GGUF_MODEL") " /models/m.gguf " else null }.build().modelPath shouldBe Path.of("/models/m.gguf")
        LlamaCppConfig.fromEnvironment { null }.modelPath shouldBe null
        val c = LlamaCppConfig { modelPath = Path.of("m.gguf"); parallel = 3; threads = 2; promptCache = false; chatTemplate = "llama3" }
        val copy = c.newBuilder().build()
        listOf(copy.modelPath, copy.parallel, copy.threads, copy.promptCache, copy.chatTemplate) shouldBe listOf(Path.of("m.gguf"), 3, 2, false, "llama3")
        c.toString() shouldContain "parallel=3"
    }
})
