package dev.switchboard

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject

/** The shape the answer must take: free text, any JSON object, or JSON matching a schema. */
public sealed class ResponseFormat {
    /** Free text (the default). */
    public object Text : ResponseFormat() { override fun toString(): String = "Text" }

    /** Any JSON object. Needs [ModelInfo.jsonOutput]. */
    public object JsonObjectFormat : ResponseFormat() { override fun toString(): String = "JsonObject" }

    /** JSON matching [schema]. Needs [ModelInfo.structuredOutput]. */
    public data class JsonSchema @JvmOverloads constructor(
        /** A name for the schema: letters, digits, `_` and `-`. */
        val name: String,
        /** The JSON schema. */
        val schema: JsonObject,
        /** Whether the provider holds the output to the schema exactly. */
        val strict: Boolean = true,
        /** What the output is, for the model. */
        val description: String? = null,
    ) : ResponseFormat()

    /** Factories of [ResponseFormat]. */
    public companion object {
        /** Free text. */
        @JvmStatic public fun text(): ResponseFormat = Text

        /** Any JSON object. */
        @JvmStatic public fun jsonObject(): ResponseFormat = JsonObjectFormat

        /**
         * JSON matching the schema given as JSON text.
         *
         * @throws IllegalArgumentException when [schemaJson] is not a JSON object.
         */
        @JvmStatic
        @JvmOverloads
        public fun jsonSchema(name: String, schemaJson: String, strict: Boolean = true): ResponseFormat {
            val schema = try {
                Json.parseToJsonElement(schemaJson).jsonObject
            } catch (e: IllegalArgumentException) {
                throw IllegalArgumentException("The schema '$name' must be a JSON object: ${e.message}", e)
            }
            return JsonSchema(name, schema, strict)
        }
    }
}
