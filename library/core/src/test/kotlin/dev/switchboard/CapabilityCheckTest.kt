package dev.switchboard

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class CapabilityCheckTest : FunSpec({
    val none = ModelInfo.builder().build()
    val image = Image.fromUrl("https://example.com/a.png")
    val withImage = CreateRequest.of(UserMessage.of(TextPart("what is it?"), ImagePart(image)))
    val withTool = createRequest { user("x"); tool(Tool.withoutParameters("now", "the time")) }
    val withJson = createRequest { user("x"); jsonOutput() }
    val withSchema = createRequest {
        user("x")
        responseFormat(ResponseFormat.jsonSchema("answer", """{"type":"object","properties":{}}"""))
    }

    fun missing(info: ModelInfo, request: CreateRequest): CapabilityMissingException =
        shouldThrow { checkCapabilities("acme", "tiny-1", info, request) }

    test("images need vision") {
        val e = missing(none, withImage)
        e.capability shouldBe "vision"
        e.provider shouldBe "acme"
        e.statusCode shouldBe 0
        e.message shouldContain "tiny-1"
        e.message shouldContain "ModelInfo.vision"
        checkCapabilities("acme", "tiny-1", none.newBuilder().vision(true).build(), withImage)
    }

    test("tools need function calling") {
        val e = missing(none, withTool)
        e.capability shouldBe "function_calling"
        e.message shouldContain "ModelInfo.functionCalling"
        checkCapabilities("acme", "tiny-1", none.newBuilder().functionCalling(true).build(), withTool)
    }

    test("JSON output needs jsonOutput") {
        val e = missing(none, withJson)
        e.capability shouldBe "json_output"
        e.message shouldContain "ModelInfo.jsonOutput"
        checkCapabilities("acme", "tiny-1", none.newBuilder().jsonOutput(true).build(), withJson)
    }

    test("a JSON schema needs structuredOutput, which jsonOutput does not stand in for") {
        val e = missing(none.newBuilder().jsonOutput(true).build(), withSchema)
        e.capability shouldBe "structured_output"
        e.message shouldContain "ModelInfo.structuredOutput"
        checkCapabilities("acme", "tiny-1", none.newBuilder().structuredOutput(true).build(), withSchema)
    }

    test("plain text requests need nothing, and a model with everything takes everything") {
        checkCapabilities("acme", "tiny-1", none, createRequest { user("hi"); responseFormat(ResponseFormat.text()) })
        listOf(withImage, withTool, withJson, withSchema).forEach {
            checkCapabilities("acme", "big-1", ModelInfo.ALL_CAPABILITIES, it)
        }
    }

    test("an image in an earlier user turn counts too") {
        val request = CreateRequest.of(UserMessage.of(ImagePart(image)), AssistantMessage.of("a cat"), UserMessage.of("and now?"))
        missing(none, request).capability shouldBe "vision"
    }
})
