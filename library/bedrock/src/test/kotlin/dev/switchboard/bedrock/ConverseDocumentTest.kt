package dev.switchboard.bedrock

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
class ConverseDocumentTest : FunSpec({
    val pdfBytes = "%PDF-1.4 test".toByteArray()
    val pdf = Document.fromBytes(pdfBytes, "application/pdf", "Q3 report.pdf")
    val notes = Document.fromText("Lisbon opened in 2019.", "notes.md")
    val sheet = Document.fromBytes(byteArrayOf(1, 2, 3), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "a.xlsx")
    fun ask(doc: Document) = CreateRequest.of(UserMessage(listOf(TextPart("Summarise"), DocumentPart(doc))))
    fun JsonElement.at(vararg path: Any): JsonElement = path.fold(this) { e, k -> if (k is Int) e.jsonArray[k] else e.jsonObject.getValue(k as String) }
    val b64 = Base64.getEncoder().encodeToString(pdfBytes)

    fun body(r: CreateRequest): JsonObject = Json.parseToJsonElement(
        ConverseRequestEncoder.encode("amazon.nova-lite-v1:0", r, false, EncoderOptions(anthropic = false, thinking = null, guardrail = null), ConverseRequestEncoder.answerTool(r)).decodeToString(),
    ).jsonObject

    test("a PDF is a document block with its format, a name Converse accepts, and its bytes") {
        val block = body(ask(pdf)).at("messages", 0, "content", 1, "document")
        block.at("format").jsonPrimitive.content shouldBe "pdf"
        block.at("name").jsonPrimitive.content shouldBe "Q3 report"
        block.at("source", "bytes").jsonPrimitive.content shouldBe b64
        body(ask(notes)).at("messages", 0, "content", 1, "document", "format").jsonPrimitive.content shouldBe "txt"
        val markdown = Document.fromBytes("# Notes".toByteArray(), "text/markdown", "notes.md")
        body(ask(markdown)).at("messages", 0, "content", 1, "document", "format").jsonPrimitive.content shouldBe "md"
        body(ask(sheet)).at("messages", 0, "content", 1, "document", "format").jsonPrimitive.content shouldBe "xlsx"
        val odd = Document.fromBytes(pdfBytes, "application/pdf", "résumé_v2!.pdf")
        body(ask(odd)).at("messages", 0, "content", 1, "document", "name").jsonPrimitive.content shouldBe "r-sum--v2-"
    }

    test("a document type Converse does not take is refused before sending") {
        val json = Document.fromBytes("{}".toByteArray(), "application/json", "a.json")
        shouldThrow<BadRequestException> { body(ask(json)) }.message!! shouldContain "application/json"
    }
})
