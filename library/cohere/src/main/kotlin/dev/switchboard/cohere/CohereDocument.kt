package dev.switchboard.cohere

import dev.switchboard.CreateRequest
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * A document a Cohere model grounds its answer in (retrieval-augmented generation): an [id] that citations name
 * ([dev.switchboard.CitationSource.id]) and its [fields], such as `title` and `text`. Attach documents to a request
 * with [CohereDocuments.attach]; the answer's [dev.switchboard.CreateResult.citations] then point into them.
 */
public class CohereDocument private constructor(
    /** The id citations name this document by, or null to let Cohere number it (`doc:0`, `doc:1`…). */
    public val id: String?,
    /** The document's fields, in order. */
    public val fields: Map<String, String>,
) {
    init {
        require(fields.isNotEmpty()) { "A document needs at least one field, such as text" }
        require(id == null || id.isNotBlank()) { "A document id must not be blank: give one, or null to let Cohere number it" }
    }

    internal fun toJson(): JsonObject {
        val data = JsonObject(fields.mapValues { JsonPrimitive(it.value) })
        return JsonObject(if (id == null) mapOf("data" to data) else mapOf("id" to JsonPrimitive(id), "data" to data))
    }

    override fun equals(other: Any?): Boolean = this === other || other is CohereDocument && id == other.id && fields == other.fields

    override fun hashCode(): Int = 31 * (id?.hashCode() ?: 0) + fields.hashCode()

    override fun toString(): String = "CohereDocument(id=$id, fields=${fields.keys})"

    /** Factories. */
    public companion object {
        /** A document of [text] with the [id] citations will name it by. */
        @JvmStatic
        public fun of(id: String, text: String): CohereDocument = CohereDocument(id, linkedMapOf("text" to text))

        /** A document of [text] titled [title], with the [id] citations will name it by. */
        @JvmStatic
        public fun of(id: String, title: String, text: String): CohereDocument = CohereDocument(id, linkedMapOf("title" to title, "text" to text))

        /** A document of the given [fields] (such as `title`, `text`, `url`), with [id] or null to let Cohere number it. */
        @JvmStatic
        public fun ofFields(id: String?, fields: Map<String, String>): CohereDocument = CohereDocument(id, LinkedHashMap(fields))
    }
}

/** Attaches [CohereDocument]s to a request, as the `documents` of Cohere's Chat API. */
public object CohereDocuments {
    /**
     * Adds [documents] to the request [builder] builds, replacing documents attached before, and returns the builder:
     * `createRequest { user("What are the benefits?"); CohereDocuments.attach(this, docs) }`. Sent as the body's
     * `documents`; a client of another provider sends them as an unknown field, which it rejects.
     */
    @JvmStatic
    public fun attach(builder: CreateRequest.Builder, documents: List<CohereDocument>): CreateRequest.Builder =
        builder.extraBody(FIELD, JsonArray(documents.map { it.toJson() }))

    internal const val FIELD: String = "documents"
}
