package dev.switchboard.events

import dev.switchboard.Document
import dev.switchboard.DocumentPart
import dev.switchboard.Image
import dev.switchboard.ImagePart
import dev.switchboard.TextPart
import dev.switchboard.UserMessage
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class CallContentTest : FunSpec({
    test("images and documents are quoted by a placeholder, never by their content") {
        val message = UserMessage.of(
            TextPart("Read "),
            DocumentPart(Document.fromText("the secret plan", "plan.txt")),
            TextPart(" and "),
            ImagePart(Image.fromUrl("https://example.test/a.png?sig=abc")),
        )
        CallContent.messages(listOf(message)) shouldBe "user: Read [document plan.txt] and [image]"
    }
})
