package dev.switchboard

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.nio.file.Files
import java.util.Base64

class DocumentTest : FunSpec({
    val pdf = "%PDF-1.4 secret contract".toByteArray()

    test("fromBytes keeps the bytes, media type and name, and copies the bytes both ways") {
        val source = pdf.copyOf()
        val doc = Document.fromBytes(source, "application/pdf", "contract.pdf")
        source[0] = 0
        doc.data().toList() shouldBe pdf.toList()
        doc.data()[0] = 0
        doc.data().toList() shouldBe pdf.toList()
        doc.mediaType shouldBe "application/pdf"
        doc.name shouldBe "contract.pdf"
        doc.size shouldBe pdf.size
        doc.isText shouldBe false
        doc.text() shouldBe null
        doc.base64() shouldBe Base64.getEncoder().encodeToString(pdf)
        doc.toDataUrl() shouldBe "data:application/pdf;base64,${doc.base64()}"
    }

    test("fromBytes rejects empty data, a malformed media type and a blank name, saying what to give") {
        shouldThrow<IllegalArgumentException> { Document.fromBytes(ByteArray(0), "application/pdf", "a.pdf") }
            .message shouldContain "at least one byte"
        shouldThrow<IllegalArgumentException> { Document.fromBytes(pdf, "pdf", "a.pdf") }.message shouldContain "application/pdf"
        shouldThrow<IllegalArgumentException> { Document.fromBytes(pdf, "application/", "a.pdf") }.message shouldContain "got 'application/'"
        shouldThrow<IllegalArgumentException> { Document.fromBytes(pdf, "text/plain; charset=utf-8", "a") }
            .message shouldContain "media type"
        shouldThrow<IllegalArgumentException> { Document.fromBytes(pdf, "application/pdf", " ") }.message shouldContain "needs a name"
    }

    test("the media type is kept in lower case") {
        Document.fromBytes(pdf, "Application/PDF", "a.pdf").mediaType shouldBe "application/pdf"
    }

    test("fromText is UTF-8 text/plain and reads back as text") {
        val doc = Document.fromText("Grüße, 世界", "greeting.txt")
        doc.mediaType shouldBe "text/plain"
        doc.isText shouldBe true
        doc.text() shouldBe "Grüße, 世界"
        doc.size shouldBe "Grüße, 世界".toByteArray(Charsets.UTF_8).size
        shouldThrow<IllegalArgumentException> { Document.fromText("", "empty.txt") }.message shouldContain "at least one character"
    }

    test("fromPath guesses every listed type from the extension, in any case, and is named after the file") {
        val dir = Files.createTempDirectory("documents")
        val expected = mapOf(
            "a.pdf" to "application/pdf", "b.TXT" to "text/plain", "c.md" to "text/markdown", "d.csv" to "text/csv",
            "e.html" to "text/html", "e2.htm" to "text/html", "f.doc" to "application/msword",
            "g.docx" to "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "h.xls" to "application/vnd.ms-excel",
            "i.xlsx" to "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        try {
            for ((name, type) in expected) {
                val file = Files.write(dir.resolve(name), pdf)
                val doc = Document.fromPath(file)
                doc.mediaType shouldBe type
                doc.name shouldBe name
                doc.data().toList() shouldBe pdf.toList()
            }
            val unknown = Files.write(dir.resolve("archive.zip"), pdf)
            val e = shouldThrow<IllegalArgumentException> { Document.fromPath(unknown) }
            e.message shouldContain "archive.zip"
            e.message shouldContain "Document.fromBytes"
            shouldThrow<IllegalArgumentException> { Document.fromPath(Files.write(dir.resolve("noext"), pdf)) }
        } finally {
            dir.toFile().deleteRecursively()
        }
    }

    test("toString shows the name, type and size but never the content") {
        val doc = Document.fromBytes(pdf, "application/pdf", "contract.pdf")
        doc.toString() shouldBe "Document(name=contract.pdf, application/pdf, ${pdf.size} bytes)"
        DocumentPart(doc).toString() shouldNotContain "secret"
        Document.fromText("my secret text", "n.txt").toString() shouldNotContain "secret"
    }

    test("documents and parts are equal by content, type and name") {
        val a = Document.fromBytes(pdf, "application/pdf", "a.pdf")
        a shouldBe Document.fromBytes(pdf.copyOf(), "application/pdf", "a.pdf")
        a.hashCode() shouldBe Document.fromBytes(pdf.copyOf(), "application/pdf", "a.pdf").hashCode()
        a shouldNotBe Document.fromBytes(pdf, "application/pdf", "b.pdf")
        a shouldNotBe Document.fromBytes(pdf, "text/plain", "a.pdf")
        a shouldNotBe Document.fromBytes(pdf + 1, "application/pdf", "a.pdf")
        DocumentPart(a) shouldBe DocumentPart(Document.fromBytes(pdf, "application/pdf", "a.pdf"))
        DocumentPart(a) shouldNotBe ImagePart(Image.fromBytes(pdf, "image/png"))
    }

    test("a user message with a document keeps it in order and its text leaves it out") {
        val m = UserMessage.of(TextPart("Summarise "), DocumentPart(Document.fromText("body", "b.txt")), TextPart("briefly"))
        m.text shouldBe "Summarise briefly"
        m.hasImages shouldBe false
        m.content[1] shouldBe DocumentPart(Document.fromText("body", "b.txt"))
    }

    test("the estimate counts a document by its size") {
        val small = TokenCounter.ESTIMATE.count(listOf(UserMessage.of("x")), emptyList())
        val withDoc = TokenCounter.ESTIMATE.count(
            listOf(UserMessage.of(TextPart("x"), DocumentPart(Document.fromBytes(ByteArray(4000) { 1 }, "application/pdf", "a.pdf")))),
            emptyList(),
        )
        (withDoc - small) shouldBe 1000
    }
})
