package dev.switchboard.openai

import dev.switchboard.BadRequestException
import dev.switchboard.CreateRequest
import dev.switchboard.Document
import dev.switchboard.DocumentPart
import dev.switchboard.TextPart
import dev.switchboard.UserMessage
import dev.switchboard.ModelFamily
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
class FilePartsTest : FunSpec({
    val pdfBytes = "%PDF-1.4 test".toByteArray()
    val pdf = Document.fromBytes(pdfBytes, "application/pdf", "Q3 report.pdf")
    val notes = Document.fromText("Lisbon opened in 2019.", "notes.md")
    val sheet = Document.fromBytes(byteArrayOf(1, 2, 3), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "a.xlsx")
    fun ask(doc: Document) = CreateRequest.of(UserMessage(listOf(TextPart("Summarise"), DocumentPart(doc))))
    fun JsonElement.at(vararg path: Any): JsonElement = path.fold(this) { e, k -> if (k is Int) e.jsonArray[k] else e.jsonObject.getValue(k as String) }
    val b64 = Base64.getEncoder().encodeToString(pdfBytes)

    val config = OpenAiConfig.builder().apiKey("test-key-123").build()
    fun chat(r: CreateRequest): JsonElement =
        Json.parseToJsonElement(OpenAiChatCodec.from(config, ModelFamily.GPT_4O).prepare("gpt-4o", r, false).spec.body!!.decodeToString())
    fun responses(r: CreateRequest): JsonElement {
        val c = OpenAiConfig.builder().apiKey("test-key-123").api(OpenAiApi.RESPONSES).build()
        return Json.parseToJsonElement(OpenAiResponsesCodec.from(c, ModelFamily.GPT_4O).prepare("gpt-4o", r, false).spec.body!!.decodeToString())
    }

    test("Chat Completions: a PDF is a file part with its filename and a data URL") {
        val file = chat(ask(pdf)).at("messages", 0, "content", 1)
        file.at("type").jsonPrimitive.content shouldBe "file"
        file.at("file", "filename").jsonPrimitive.content shouldBe "Q3 report.pdf"
        file.at("file", "file_data").jsonPrimitive.content shouldBe "data:application/pdf;base64,$b64"
    }

    test("Responses: a PDF is an input_file item with its filename and a data URL") {
        val file = responses(ask(pdf)).at("input", 0, "content", 1)
        file.at("type").jsonPrimitive.content shouldBe "input_file"
        file.at("filename").jsonPrimitive.content shouldBe "Q3 report.pdf"
        file.at("file_data").jsonPrimitive.content shouldBe "data:application/pdf;base64,$b64"
    }

    test("other document types are refused on both APIs, text ones with the advice to send their text") {
        shouldThrow<BadRequestException> { chat(ask(notes)) }.message!! shouldContain "send its text as a TextPart"
        shouldThrow<BadRequestException> { responses(ask(sheet)) }.message!! shouldContain "convert it to PDF"
    }
})
