package dev.switchboard.llamacpp

import dev.switchboard.BadRequestException
import dev.switchboard.Document
import dev.switchboard.DocumentPart
import dev.switchboard.TextPart
import dev.switchboard.UserMessage
import dev.switchboard.llamacpp.internal.ChatPrompt
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldContain

/** A local model reads text only: a document is refused, never dropped from the prompt. */
class ChatPromptDocumentTest : FunSpec({
    test("a document part is a BadRequestException naming it, not a prompt without it") {
        val message = UserMessage(listOf(TextPart("Summarise"), DocumentPart(Document.fromText("Lisbon opened in 2019.", "notes.txt"))))
        val e = shouldThrow<BadRequestException> { ChatPrompt.json(listOf(message), null) }
        e.message!! shouldContain "notes.txt"
        e.message!! shouldContain "TextPart"
    }
})
