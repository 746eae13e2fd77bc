package dev.switchboard

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.nio.file.Files
import java.util.Base64

class ImageTest : FunSpec({
    val png = byteArrayOf(0x89.toByte(), 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3)
    val pngBase64 = Base64.getEncoder().encodeToString(png)

    test("a data URI is decoded into inline bytes with its media type") {
        val image = Image.fromUrl("data:image/png;base64,$pngBase64", ImageDetail.HIGH)
        image.isInline shouldBe true
        image.url shouldBe null
        image.mediaType shouldBe "image/png"
        image.data()!!.toList() shouldBe png.toList()
        image.base64() shouldBe pngBase64
        image.detail shouldBe ImageDetail.HIGH
        image.toUrl() shouldBe "data:image/png;base64,$pngBase64"
    }

    test("a data URI that is not base64 or has no comma is rejected with its expected shape") {
        shouldThrow<IllegalArgumentException> { Image.fromUrl("data:image/png,rawdata") }.message shouldBe
            "A data URI image must look like data:<media type>;base64,<data>"
        shouldThrow<IllegalArgumentException> { Image.fromUrl("data:image/png;base64") }.message shouldContain "data:<media type>;base64"
    }

    test("invalid base64 is an IllegalArgumentException saying so") {
        val e = shouldThrow<IllegalArgumentException> { Image.fromBase64("not*base64!", "image/png") }
        e.message shouldContain "not valid base64"
        shouldThrow<IllegalArgumentException> { Image.fromUrl("data:image/png;base64,%%%") }.message shouldContain "not valid base64"
        // A stray character is an error, not skipped: "aGVsbG8=" is "hello".
        shouldThrow<IllegalArgumentException> { Image.fromBase64("aGVs*bG8=", "image/png") }.message shouldContain "not valid base64"
    }

    test("base64 broken over lines, as MIME writes it, is accepted") {
        val wrapped = pngBase64.chunked(4).joinToString("\r\n")
        Image.fromBase64(wrapped, "image/png").data()!!.toList() shouldBe png.toList()
    }

    test("http and https URLs are kept as URLs; other schemes are rejected") {
        val image = Image.fromUrl("https://example.com/cat.jpg")
        image.isInline shouldBe false
        image.url shouldBe "https://example.com/cat.jpg"
        image.toUrl() shouldBe "https://example.com/cat.jpg"
        image.data() shouldBe null
        image.base64() shouldBe null
        image.detail shouldBe ImageDetail.AUTO
        Image.fromUrl("http://example.com/a.png").url shouldBe "http://example.com/a.png"
        shouldThrow<IllegalArgumentException> { Image.fromUrl("ftp://example.com/a.png") }.message shouldContain "ftp://example.com"
    }

    test("fromBytes needs bytes and an image media type, and copies the bytes") {
        shouldThrow<IllegalArgumentException> { Image.fromBytes(ByteArray(0), "image/png") }.message shouldContain "at least one byte"
        shouldThrow<IllegalArgumentException> { Image.fromBytes(png, "text/plain") }.message shouldContain "image/"
        val source = png.copyOf()
        val image = Image.fromBytes(source, "image/png")
        source[0] = 0
        image.data()!![0] shouldBe 0x89.toByte()
        image.data()!![1] = 0
        image.data()!![1] shouldBe 0x50.toByte()
    }

    test("fromPath guesses the media type from the file name") {
        val dir = Files.createTempDirectory("images")
        mapOf("a.png" to "image/png", "b.JPG" to "image/jpeg", "c.jpeg" to "image/jpeg", "d.gif" to "image/gif", "e.webp" to "image/webp")
            .forEach { (name, type) ->
                val path = dir.resolve(name)
                Files.write(path, png)
                val image = Image.fromPath(path)
                image.mediaType shouldBe type
                image.data()!!.toList() shouldBe png.toList()
            }
        val bmp = dir.resolve("f.bmp").also { Files.write(it, png) }
        shouldThrow<IllegalArgumentException> { Image.fromPath(bmp) }.message shouldContain "Cannot tell the image type of 'f.bmp'"
    }

    test("equality compares content, and toString never prints the bytes") {
        Image.fromBytes(png, "image/png") shouldBe Image.fromBytes(png.copyOf(), "image/png")
        Image.fromBytes(png, "image/png").hashCode() shouldBe Image.fromBytes(png.copyOf(), "image/png").hashCode()
        Image.fromBytes(png, "image/png") shouldNotBe Image.fromBytes(png, "image/png", ImageDetail.LOW)
        Image.fromBytes(png, "image/png").withDetail(ImageDetail.LOW) shouldBe Image.fromBytes(png, "image/png", ImageDetail.LOW)
        Image.fromBytes(png, "image/png").toString() shouldBe "Image(image/png, 11 bytes, detail=AUTO)"
        Image.fromUrl("data:image/png;base64,$pngBase64").toString() shouldNotContain pngBase64
    }

    test("toString leaves out the query of a URL, which may carry a signature or token") {
        val signature = "X-Amz-Signature=" + "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
        val image = Image.fromUrl("https://bucket.s3.example/cat.png?X-Amz-Expires=300&$signature")
        image.toString() shouldNotContain signature
        image.toString() shouldBe "Image(url=https://bucket.s3.example/cat.png?…, detail=AUTO)"
        Image.fromUrl("https://example.test/cat.png").toString() shouldBe "Image(url=https://example.test/cat.png, detail=AUTO)"
    }
})
