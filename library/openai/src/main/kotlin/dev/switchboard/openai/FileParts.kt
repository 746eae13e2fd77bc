package dev.switchboard.openai

import dev.switchboard.BadRequestException
import dev.switchboard.Document
import dev.switchboard.DocumentPart

/** The PDF documents OpenAI's file inputs take, checked before anything is sent. */
internal object FileParts {
    /** [part]'s document when it is a PDF, else a [BadRequestException] naming [provider] and what to do. */
    fun pdf(part: DocumentPart, provider: String, api: String): Document {
        val doc = part.document
        if (doc.mediaType != "application/pdf") {
            throw BadRequestException(
                "$api takes documents as PDF (application/pdf) only, but '${doc.name}' is ${doc.mediaType}: " +
                    (if (doc.isText) "send its text as a TextPart" else "convert it to PDF") + " (provider $provider)",
                provider, 0,
            )
        }
        return doc
    }
}
