package dev.switchboard.cohere

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
class CohereDocumentTest : FunSpec({
    val pdfBytes = "%PDF-1.4 test".toByteArray()
    val pdf = Document.fromBytes(pdfBytes, "application/pdf", "Q3 report.pdf")
    val notes = Document.fromText("Lisbon opened in 2019.", "notes.md")
    val sheet = Document.fromBytes(byteArrayOf(1, 2, 3), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "a.xlsx")
    fun ask(doc: Document) = CreateRequest.of(UserMessage(listOf(TextPart("Summarise"), DocumentPart(doc))))
    fun JsonElement.at(vararg path: Any): JsonElement = path.fold(this) { e, k -> if (k is Int) e.jsonArray[k] else e.jsonObject.getValue(k as String) }
    val b64 = Base64.getEncoder().encodeToString(pdfBytes)

    test("an inline document is refused before sending, pointing to a text part") {
        val e = shouldThrow<BadRequestException> { CohereRequestEncoder.encode("command-a-03-2025", ask(pdf), false, CohereEncoderOptions(null, null)) }
        e.message!! shouldContain "TextPart"
        e.provider shouldBe "cohere"
    }
})
