package dev.switchboard.llamacpp

import dev.switchboard.llamacpp.internal.TinyGguf
import de.kherud.llama.InferenceParameters
import de.kherud.llama.LlamaModel
import de.kherud.llama.ModelParameters
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeIn
import io.kotest.matchers.ints.shouldBeInRange
import io.kotest.matchers.shouldBe

/** The generated tiny model is a real GGUF file: llama.cpp itself (java-llama.cpp, without this library) loads and runs it. */
class TinyGgufLoadTest : FunSpec({
    test("llama.cpp loads the generated model, tokenises with its vocabulary, renders its template and generates") {
        val file = TinyGguf.writeTemp()
        LlamaModel(ModelParameters().setModel(file.toString()).setCtxSize(256).setThreads(1).enableJinja()).use { model ->
            val h = TinyGguf.tokens.indexOf("h")
            val i = TinyGguf.tokens.indexOf("i")
            model.encode("hi").toList() shouldBe listOf(TinyGguf.tokens.indexOf("\u2581"), h, i)
            model.applyTemplate("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}") shouldBe
                "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n"
            // Ten tokens and the final message; fewer pieces when a token ending inside a UTF-8 character joins the next.
            model.generate(InferenceParameters("hello").setNPredict(10).setSeed(1)).count() shouldBeInRange 2..11
            model.complete(InferenceParameters("hello").setGrammar("root ::= \"yes\" | \"no\"").setNPredict(10).setSeed(2)) shouldBeIn listOf("yes", "no")
        }
    }
})
