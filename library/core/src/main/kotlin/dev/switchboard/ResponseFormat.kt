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
    public class JsonSchema @JvmOverloads constructor(
        /** A name for the schema: letters, digits, `_` and `-`. */
        public val name: String,
        /** The JSON schema. */
        public val schema: JsonObject,
        /** Whether the provider holds the output to the schema exactly. */
        @get:JvmName("isStrict")
        public val strict: Boolean = true,
        /** What the output is, for the model. */
        public val description: String? = null,
    ) : ResponseFormat() {
        override fun equals(other: Any?): Boolean =
            this === other || other is JsonSchema &&
            name == other.name &&
            schema == other.schema &&
            strict == other.strict &&
            description == other.description

        override fun hashCode(): Int {
            var h = name.hashCode()
            h = 31 * h + schema.hashCode()
            h = 31 * h + strict.hashCode()
            h = 31 * h + (description?.hashCode() ?: 0)
            return h
        }

        override fun toString(): String = "JsonSchema(name=$name, schema=$schema, strict=$strict, description=$description)"
    }

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
