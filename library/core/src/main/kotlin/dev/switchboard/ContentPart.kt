package dev.switchboard

import java.nio.file.Files
import java.nio.file.Path
import java.util.Base64

/** A part of a [UserMessage]: [TextPart], [ImagePart] or [DocumentPart]. */
public sealed class ContentPart

/** A piece of text. */
public class TextPart(
    /** The text. */
    public val text: String,
) : ContentPart() {
    override fun equals(other: Any?): Boolean =
        this === other || other is TextPart &&
        text == other.text

    override fun hashCode(): Int = text.hashCode()

    override fun toString(): String = "TextPart(text=$text)"
}

/** An image, by URL or inline bytes. */
public class ImagePart(
    /** The image. */
    public val image: Image,
) : ContentPart() {
    override fun equals(other: Any?): Boolean =
        this === other || other is ImagePart &&
        image == other.image

    override fun hashCode(): Int = image.hashCode()

    override fun toString(): String = "ImagePart(image=$image)"
}

/** A document, such as a PDF or a text file, given inline. */
public class DocumentPart(
    /** The document. */
    public val document: Document,
) : ContentPart() {
    override fun equals(other: Any?): Boolean =
        this === other || other is DocumentPart &&
        document == other.document

    override fun hashCode(): Int = document.hashCode()

    override fun toString(): String = "DocumentPart(document=$document)"
}

/** How closely a vision model should look at an image. */
public enum class ImageDetail {
    /** Let the provider decide. */
    AUTO,
    /** A low-resolution, cheaper look. */
    LOW,
    /** A high-resolution look. */
    HIGH,
}

/**
 * An image given to a vision model, either as a URL the provider fetches or as inline bytes
 * (sent as a base64 data URI or the provider's inline form).
 */
public class Image private constructor(
    /** The image URL, when the image is given by URL; null for inline images. */
    public val url: String?,
    private val bytes: ByteArray?,
    /** The media type of inline data, such as `image/png`; null for URL images. */
    public val mediaType: String?,
    /** The detail level requested. */
    public val detail: ImageDetail,
) {
    /** Whether the image is inline bytes rather than a URL. */
    public val isInline: Boolean get() = bytes != null

    /** A copy of the inline bytes, or null for URL images. */
    public fun data(): ByteArray? = bytes?.copyOf()

    /** The inline bytes in base64, or null for URL images. */
    public fun base64(): String? = bytes?.let { Base64.getEncoder().encodeToString(it) }

    /** The image as a URL: the URL itself, or a `data:` URI for inline images. */
    public fun toUrl(): String = url ?: "data:$mediaType;base64,${base64()}"

    /** This image with another [detail]. */
    public fun withDetail(detail: ImageDetail): Image = Image(url, bytes, mediaType, detail)

    override fun equals(other: Any?): Boolean = other is Image && url == other.url && mediaType == other.mediaType &&
        detail == other.detail && (bytes?.contentEquals(other.bytes) ?: (other.bytes == null))

    override fun hashCode(): Int = (url?.hashCode() ?: bytes.contentHashCode()) * 31 + detail.hashCode()

    /** The URL without its query (which may carry a signature or token), or the media type and size of inline bytes. */
    override fun toString(): String {
        if (url == null) return "Image($mediaType, ${bytes!!.size} bytes, detail=$detail)"
        val query = url.indexOfAny(charArrayOf('?', '#'))
        val shown = if (query < 0) url.take(80) else url.substring(0, query).take(80) + "?…"
        return "Image(url=$shown, detail=$detail)"
    }

    /** Factories of [Image]. */
    public companion object {
        /**
         * An image the provider fetches from [url] (http, https, or a `data:` URI).
         * A `data:` URI is decoded into inline bytes.
         *
         * @throws IllegalArgumentException when [url] is neither http(s) nor a valid base64 data URI.
         */
        @JvmStatic
        @JvmOverloads
        public fun fromUrl(url: String, detail: ImageDetail = ImageDetail.AUTO): Image {
            if (url.startsWith("data:")) {
                val comma = url.indexOf(',')
                val header = if (comma > 0) url.substring(5, comma) else ""
                require(comma > 0 && header.endsWith(";base64")) {
                    "A data URI image must look like data:<media type>;base64,<data>"
                }
                return fromBase64(url.substring(comma + 1), header.removeSuffix(";base64"), detail)
            }
            require(url.startsWith("https://") || url.startsWith("http://")) {
                "An image URL must start with http://, https:// or data: (got '${url.take(40)}')"
            }
            return Image(url, null, null, detail)
        }

        /** An inline image of the given [mediaType] (such as `image/png`). */
        @JvmStatic
        @JvmOverloads
        public fun fromBytes(data: ByteArray, mediaType: String, detail: ImageDetail = ImageDetail.AUTO): Image {
            require(data.isNotEmpty()) { "An inline image needs at least one byte" }
            require(mediaType.startsWith("image/")) { "An image media type starts with image/ (got '$mediaType')" }
            return Image(null, data.copyOf(), mediaType, detail)
        }

        /**
         * An inline image from base64 text.
         *
         * @throws IllegalArgumentException when [base64] is not valid base64.
         */
        @JvmStatic
        @JvmOverloads
        public fun fromBase64(base64: String, mediaType: String, detail: ImageDetail = ImageDetail.AUTO): Image {
            val bytes = try {
                // Line breaks and spaces are allowed; any other character outside the alphabet is an error
                // (the MIME decoder would skip it silently).
                Base64.getDecoder().decode(base64.filterNot { it.isWhitespace() })
            } catch (e: IllegalArgumentException) {
                throw IllegalArgumentException("The image data is not valid base64: ${e.message}", e)
            }
            return fromBytes(bytes, mediaType, detail)
        }

        /** An inline image read from [path]; the media type is guessed from the file name. */
        @JvmStatic
        @JvmOverloads
        public fun fromPath(path: Path, detail: ImageDetail = ImageDetail.AUTO): Image {
            val name = path.fileName.toString().lowercase()
            val type = when {
                name.endsWith(".png") -> "image/png"
                name.endsWith(".jpg") || name.endsWith(".jpeg") -> "image/jpeg"
                name.endsWith(".gif") -> "image/gif"
                name.endsWith(".webp") -> "image/webp"
                else -> throw IllegalArgumentException(
                    "Cannot tell the image type of '$name': use a .png, .jpg, .gif or .webp file, or Image.fromBytes",
                )
            }
            return fromBytes(Files.readAllBytes(path), type, detail)
        }
    }
}
