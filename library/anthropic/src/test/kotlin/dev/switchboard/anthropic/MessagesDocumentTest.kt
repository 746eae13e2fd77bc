package dev.switchboard.anthropic

import dev.switchboard.BadRequestException
import dev.switchboard.CreateRequest
import dev.switchboard.Document
import dev.switchboard.DocumentPart
import dev.switchboard.TextPart
import dev.switchboard.UserMessage
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.util.Base64

/** How a document part goes on the wire, or why it cannot. */
class MessagesDocumentTest : FunSpec({
    val pdfBytes = "%PDF-1.4 test".toByteArray()
    val pdf = Document.fromBytes(pdfBytes, "application/pdf", "Q3 report.pdf")
    val notes = Document.fromText("Lisbon opened in 2019.", "notes.md")
    val sheet = Document.fromBytes(byteArrayOf(1, 2, 3), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "a.xlsx")
    fun ask(doc: Document) = CreateRequest.of(UserMessage(listOf(TextPart("Summarise"), DocumentPart(doc))))
    fun JsonElement.at(vararg path: Any): JsonElement = path.fold(this) { e, k -> if (k is Int) e.jsonArray[k] else e.jsonObject.getValue(k as String) }
    val b64 = Base64.getEncoder().encodeToString(pdfBytes)

    val config = AnthropicConfig.builder().apiKey("test-key-123").build()
    fun body(r: CreateRequest): JsonObject {
        val info = AnthropicChatCompletionClient.resolveModelInfo("claude-sonnet-4-5", config)
        return Json.parseToJsonElement(AnthropicChatCodec.from(config, "claude-sonnet-4-5", info).prepare("claude-sonnet-4-5", r, false).spec.body!!.decodeToString()).jsonObject
    }

    test("a PDF is a base64 document block titled with its name; text goes as a text source") {
        val block = body(ask(pdf)).at("messages", 0, "content", 1)
        block.at("type").jsonPrimitive.content shouldBe "document"
        block.at("title").jsonPrimitive.content shouldBe "Q3 report.pdf"
        block.at("source", "type").jsonPrimitive.content shouldBe "base64"
        block.at("source", "media_type").jsonPrimitive.content shouldBe "application/pdf"
        block.at("source", "data").jsonPrimitive.content shouldBe b64
        val text = body(ask(notes)).at("messages", 0, "content", 1, "source")
        text.at("type").jsonPrimitive.content shouldBe "text"
        text.at("media_type").jsonPrimitive.content shouldBe "text/plain"
        text.at("data").jsonPrimitive.content shouldBe "Lisbon opened in 2019."
    }

    test("a spreadsheet is refused before sending, saying what Anthropic takes") {
        shouldThrow<BadRequestException> { body(ask(sheet)) }.message!! shouldContain "PDF"
    }
})
