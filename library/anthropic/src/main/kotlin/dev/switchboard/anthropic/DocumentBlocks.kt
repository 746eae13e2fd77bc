package dev.switchboard.anthropic

import dev.switchboard.BadRequestException
import dev.switchboard.DocumentPart
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Anthropic's `document` content block: a PDF as a base64 source, text (any `text/...` type, whose bytes are UTF-8)
 * as a `text/plain` text source; the document's name is its title.
 */
internal object DocumentBlocks {
    fun block(part: DocumentPart, position: Int, provider: String): JsonObject {
        val doc = part.document
        val source = when {
            doc.mediaType == "application/pdf" -> JsonObject(
                mapOf(
                    "type" to JsonPrimitive("base64"),
                    "media_type" to JsonPrimitive("application/pdf"),
                    "data" to JsonPrimitive(doc.base64()),
                ),
            )
            doc.isText -> JsonObject(
                mapOf(
                    "type" to JsonPrimitive("text"),
                    "media_type" to JsonPrimitive("text/plain"),
                    "data" to JsonPrimitive(doc.text()),
                ),
            )
            else -> throw BadRequestException(
                "Anthropic takes documents as PDF (application/pdf) or text (text/...), but message $position has " +
                    "'${doc.name}' of type ${doc.mediaType}: convert it to PDF or text",
                provider, 0,
            )
        }
        return JsonObject(mapOf("type" to JsonPrimitive("document"), "source" to source, "title" to JsonPrimitive(doc.name)))
    }
}
