package dev.switchboard

import java.nio.file.Files
import java.nio.file.Path
import java.util.Base64

/**
 * A document given to a model as inline bytes with its media type and a file name, such as a PDF, a CSV table or
 * plain text, in a [DocumentPart]. Which providers take which media types differs: a provider that cannot take a
 * document fails with a [BadRequestException] before anything is sent, saying what it takes instead.
 */
public class Document private constructor(
    private val bytes: ByteArray,
    /** The media type, such as `application/pdf` or `text/plain`. */
    public val mediaType: String,
    /** The file name shown to the model, such as `report.pdf`. */
    public val name: String,
) {
    /** The size of the document in bytes. */
    public val size: Int get() = bytes.size

    /** Whether the media type is a text type (`text/...`), whose bytes are UTF-8 text. */
    public val isText: Boolean get() = mediaType.startsWith("text/")

    /** A copy of the bytes. */
    public fun data(): ByteArray = bytes.copyOf()

    /** The bytes in base64. */
    public fun base64(): String = Base64.getEncoder().encodeToString(bytes)

    /** The document as UTF-8 text when it [isText], else null. */
    public fun text(): String? = if (isText) bytes.toString(Charsets.UTF_8) else null

    /** The document as a `data:` URI. */
    public fun toDataUrl(): String = "data:$mediaType;base64,${base64()}"

    override fun equals(other: Any?): Boolean = this === other || other is Document &&
        mediaType == other.mediaType && name == other.name && bytes.contentEquals(other.bytes)

    override fun hashCode(): Int = (bytes.contentHashCode() * 31 + mediaType.hashCode()) * 31 + name.hashCode()

    /** The name, media type and size; never the content. */
    override fun toString(): String = "Document(name=$name, $mediaType, ${bytes.size} bytes)"

    /** Factories of [Document]. */
    public companion object {
        private val TYPES = linkedMapOf(
            "pdf" to "application/pdf",
            "txt" to "text/plain",
            "md" to "text/markdown",
            "csv" to "text/csv",
            "html" to "text/html",
            "htm" to "text/html",
            "doc" to "application/msword",
            "docx" to "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xls" to "application/vnd.ms-excel",
            "xlsx" to "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

        /**
         * A document of the given [mediaType] (such as `application/pdf`) named [name] (such as `report.pdf`).
         *
         * @throws IllegalArgumentException when [data] is empty, [mediaType] is not a `type/subtype` or [name] is blank.
         */
        @JvmStatic
        public fun fromBytes(data: ByteArray, mediaType: String, name: String): Document {
            require(data.isNotEmpty()) { "A document needs at least one byte" }
            val slash = mediaType.indexOf('/')
            require(slash > 0 && slash < mediaType.length - 1 && mediaType.none { it.isWhitespace() }) {
                "A document media type looks like application/pdf or text/plain (got '${mediaType.take(60)}')"
            }
            require(name.isNotBlank()) { "A document needs a name, such as report.pdf" }
            return Document(data.copyOf(), mediaType.lowercase(), name)
        }

        /**
         * A `text/plain` document of [text] (sent as UTF-8) named [name].
         *
         * @throws IllegalArgumentException when [text] is empty or [name] is blank.
         */
        @JvmStatic
        public fun fromText(text: String, name: String): Document {
            require(text.isNotEmpty()) { "A text document needs at least one character" }
            return fromBytes(text.toByteArray(Charsets.UTF_8), "text/plain", name)
        }

        /**
         * A document read from [path], named after its file name; the media type is guessed from the extension:
         * pdf, txt, md, csv, html (htm), doc, docx, xls or xlsx.
         *
         * @throws IllegalArgumentException when the extension is none of these (use [fromBytes] then).
         * @throws java.io.IOException when the file cannot be read.
         */
        @JvmStatic
        public fun fromPath(path: Path): Document {
            val name = path.fileName.toString()
            val type = TYPES[name.substringAfterLast('.', "").lowercase()] ?: throw IllegalArgumentException(
                "Cannot tell the document type of '$name': use a .pdf, .txt, .md, .csv, .html, .doc, .docx, .xls " +
                    "or .xlsx file, or Document.fromBytes with its media type",
            )
            return fromBytes(Files.readAllBytes(path), type, name)
        }
    }
}
