package dev.switchboard.gemini

import dev.switchboard.BadRequestException
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.longOrNull

/**
 * Converts a JSON schema into Gemini's schema dialect (the OpenAPI 3.0 subset of `responseSchema` and
 * `FunctionDeclaration.parameters`): `type` in upper case (`OBJECT`, `STRING`…), `nullable` for a `null` in a type
 * list, `anyOf` (also for `oneOf`, whose "exactly one" Gemini cannot say), string `enum`s and a string `const`,
 * `properties` with their order kept as `propertyOrdering`, `required`, `items`, `minItems`/`maxItems`,
 * `minLength`/`maxLength`, `minProperties`/`maxProperties` (as the int64 strings the API's JSON has), `pattern`,
 * `minimum`/`maximum`, `format`, `title`, `description`, `default` and `example` (the first of `examples`).
 *
 * `additionalProperties: false` is dropped, since Gemini produces only the declared properties anyway, and so are
 * the annotations `$schema`, `$id` and `$comment`. Everything else cannot be expressed and is a [BadRequestException]
 * (status 0, nothing sent) naming the keyword and where it is: `$ref` and `$defs` (inline the definitions),
 * `allOf`, `not`, `if`/`then`/`else`, `additionalProperties` other than false, `patternProperties`, `prefixItems`,
 * `uniqueItems`, `multipleOf`, exclusive bounds, enums of other than strings, and any other keyword.
 */
internal object GeminiSchemas {
    private const val PROVIDER = "gemini"
    private val TYPES = mapOf(
        "string" to "STRING", "number" to "NUMBER", "integer" to "INTEGER", "boolean" to "BOOLEAN",
        "array" to "ARRAY", "object" to "OBJECT", "null" to "NULL",
    )
    private val COPIED = setOf("description", "title", "format", "pattern", "minimum", "maximum", "default")
    private val INT64 = setOf("minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties")
    private val DROPPED = setOf("\$schema", "\$id", "\$comment")
    private const val MAX_DEPTH = 64

    /** [schema] in Gemini's dialect; [what] names it in errors (`the response format 'weather'`). */
    fun convert(schema: JsonObject, what: String): JsonObject = convert(schema, what, "$", 0)

    private fun convert(schema: JsonObject, what: String, path: String, depth: Int): JsonObject {
        if (depth > MAX_DEPTH) fail(what, path, "nesting deeper than $MAX_DEPTH levels", "flatten the schema")
        val out = LinkedHashMap<String, JsonElement>()
        var nullable = false
        val type = schema["type"]
        when (type) {
            null -> inferType(schema)?.let { out["type"] = JsonPrimitive(it) }
            is JsonPrimitive -> out["type"] = JsonPrimitive(typeName(type, what, path))
            is JsonArray -> {
                val names = type.map { if (it is JsonPrimitive) typeName(it, what, path) else fail(what, path, "a type list entry $it", "list type names") }
                nullable = "NULL" in names && names.size > 1
                val real = names.filter { it != "NULL" || names.size == 1 }
                if (real.size == 1) {
                    out["type"] = JsonPrimitive(real[0])
                } else {
                    // Several types: each alternative keeps the keywords of its own type only.
                    val base = JsonObject(schema - "type")
                    out["anyOf"] = JsonArray(real.map { convert(JsonObject(base + ("type" to JsonPrimitive(it.lowercase()))), what, path, depth + 1) })
                    if (nullable) out["nullable"] = JsonPrimitive(true)
                    return JsonObject(out)
                }
            }
            else -> fail(what, path, "a type that is $type", "give the type as a name or a list of names")
        }
        for ((key, value) in schema) {
            val at = "$path.$key"
            when (key) {
                "type" -> Unit
                in COPIED -> out[key] = value
                in INT64 -> out[key] = JsonPrimitive(integer(value, what, at).toString())
                in DROPPED -> Unit
                "nullable" -> if ((value as? JsonPrimitive)?.booleanOrNull == true) nullable = true
                "examples" -> (value as? JsonArray)?.firstOrNull()?.let { out["example"] = it }
                "example" -> out["example"] = value
                "enum" -> out["enum"] = strings(value, what, at, "enum")
                "const" -> out["enum"] = strings(JsonArray(listOf(value)), what, at, "const")
                "required" -> out["required"] = value
                "properties" -> {
                    val props = value as? JsonObject ?: fail(what, at, "properties that are not an object", "give an object of schemas")
                    out["properties"] = JsonObject(props.mapValues { (name, p) -> convert(obj(p, what, "$at.$name"), what, "$at.$name", depth + 1) })
                    if (props.size > 1) out["propertyOrdering"] = JsonArray(props.keys.map { JsonPrimitive(it) })
                }
                "items" -> out["items"] = convert(obj(value, what, at), what, at, depth + 1)
                "anyOf", "oneOf" -> {
                    val alternatives = value as? JsonArray ?: fail(what, at, "$key that is not a list", "give a list of schemas")
                    out["anyOf"] = JsonArray(alternatives.mapIndexed { i, a -> convert(obj(a, what, "$at[$i]"), what, "$at[$i]", depth + 1) })
                }
                "additionalProperties" -> if ((value as? JsonPrimitive)?.booleanOrNull != false) {
                    fail(what, at, "additionalProperties other than false (a map with free keys)", "declare the properties, or take the map as a list of key-value objects")
                }
                "\$ref", "\$defs", "definitions" ->
                    fail(what, at, "'$key' (schema references)", "inline the referenced definitions where they are used")
                else -> fail(what, at, "the keyword '$key'", "remove it, or express the constraint in the description")
            }
        }
        if (nullable) out["nullable"] = JsonPrimitive(true)
        return JsonObject(out)
    }

    private fun inferType(schema: JsonObject): String? = when {
        "properties" in schema -> "OBJECT"
        "items" in schema -> "ARRAY"
        "enum" in schema || "const" in schema -> "STRING"
        else -> null
    }

    private fun typeName(type: JsonPrimitive, what: String, path: String): String =
        TYPES[type.content] ?: fail(what, "$path.type", "the type '${type.content}'", "use one of ${TYPES.keys.joinToString()}")

    private fun strings(value: JsonElement, what: String, path: String, key: String): JsonArray {
        val list = value as? JsonArray ?: fail(what, path, "$key that is not a list", "give a list of strings")
        for (v in list) {
            if (v !is JsonPrimitive || !v.isString || v is JsonNull) {
                fail(what, path, "a $key value that is not a string ($v)", "Gemini takes enums of strings only: use strings, or describe the values")
            }
        }
        return list
    }

    private fun integer(value: JsonElement, what: String, path: String): Long =
        (value as? JsonPrimitive)?.takeIf { !it.isString }?.longOrNull ?: fail(what, path, "a bound that is not an integer ($value)", "give an integer")

    private fun obj(value: JsonElement, what: String, path: String): JsonObject =
        value as? JsonObject ?: fail(what, path, "a schema that is not an object ($value)", "give a schema object")

    private fun fail(what: String, path: String, problem: String, advice: String): Nothing = throw BadRequestException(
        "Gemini's schema dialect cannot express $problem in $what at $path: $advice", PROVIDER, 0,
    )
}
