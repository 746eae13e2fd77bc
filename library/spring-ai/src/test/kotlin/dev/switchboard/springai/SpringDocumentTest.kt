package dev.switchboard.springai

import dev.switchboard.Document
import dev.switchboard.DocumentPart
import dev.switchboard.TextPart
import dev.switchboard.UserMessage
import dev.switchboard.springai.internal.SpringMessages
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import org.springframework.ai.chat.messages.UserMessage as SpringUserMessage

/** A document part reaches the Spring AI model as media of its own type, never dropped. */
class SpringDocumentTest : FunSpec({
    test("a PDF becomes a media part with its type, name and bytes beside the text") {
        val pdf = Document.fromBytes("%PDF-1.4 test".toByteArray(), "application/pdf", "report.pdf")
        val spring = SpringMessages.toSpring(listOf(UserMessage(listOf(TextPart("Summarise"), DocumentPart(pdf))))).single() as SpringUserMessage
        spring.text shouldBe "Summarise"
        val media = spring.media.single()
        media.mimeType.toString() shouldBe "application/pdf"
        media.name shouldBe "report.pdf"
        media.dataAsByteArray.decodeToString() shouldBe "%PDF-1.4 test"
    }
})
