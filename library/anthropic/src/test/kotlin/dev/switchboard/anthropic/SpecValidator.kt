package dev.switchboard.anthropic

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.intOrNull
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.longOrNull
import dev.switchboard.testing.RepositoryFiles
import java.io.File

/**
 * Checks JSON against a schema of Anthropic's OpenAPI spec (`anthropic-openapi.stainless.json`, the spec
 * its SDKs are generated from): `$ref`, `anyOf`/`oneOf` (by discriminator where there is one), `allOf`,
 * `const`, `enum`, types, required and unknown properties (`additionalProperties: false`), array items,
 * string lengths and patterns, numeric bounds. Enough to pin every field name and shape a request uses.
 */
internal class SpecValidator(spec: File) {
    private val schemas: JsonObject =
        Json.parseToJsonElement(spec.readText()).jsonObject["components"]!!.jsonObject["schemas"]!!.jsonObject

    /** The violations of [value] against the component schema [name]; empty when it conforms. */
    fun validate(value: JsonElement, name: String): List<String> {
        val errors = ArrayList<String>()
        check(value, ref(name), "$", errors)
        return errors
    }

    private fun ref(name: String): JsonObject = schemas[name]?.jsonObject ?: error("no schema $name in the spec")

    private fun check(value: JsonElement, schema: JsonObject, path: String, errors: MutableList<String>) {
        schema["\$ref"]?.let { return check(value, ref(it.jsonPrimitive.content.substringAfterLast('/')), path, errors) }
        schema["allOf"]?.let { all -> (all as JsonArray).forEach { check(value, it.jsonObject, path, errors) } }
        val alternatives = (schema["anyOf"] ?: schema["oneOf"]) as? JsonArray
        if (alternatives != null) {
            val mapping = (schema["discriminator"] as? JsonObject)
            if (mapping != null && value is JsonObject) {
                val key = mapping["propertyName"]!!.jsonPrimitive.content
                val target = (mapping["mapping"] as? JsonObject)?.get((value[key] as? JsonPrimitive)?.content ?: "")
                if (target != null) return check(value, ref(target.jsonPrimitive.content.substringAfterLast('/')), path, errors)
            }
            val attempts = alternatives.map { alt -> ArrayList<String>().also { check(value, alt.jsonObject, path, it) } }
            if (attempts.none { it.isEmpty() }) {
                errors += "$path matches none of ${alternatives.size} alternatives: " + attempts.joinToString(" | ") { it.joinToString("; ") }
            }
            return
        }
        schema["const"]?.let { if (it != value) errors += "$path is $value, not the constant $it" }
        (schema["enum"] as? JsonArray)?.let { if (value !in it) errors += "$path is $value, not one of $it" }
        val types = when (val t = schema["type"]) {
            null -> null
            is JsonArray -> t.map { it.jsonPrimitive.content }
            else -> listOf(t.jsonPrimitive.content)
        }
        if (types != null && types.none { typeMatches(value, it) }) {
            errors += "$path is $value, not of type $types"
            return
        }
        when (value) {
            is JsonObject -> {
                val properties = schema["properties"] as? JsonObject ?: JsonObject(emptyMap())
                (schema["required"] as? JsonArray)?.forEach { r ->
                    if (r.jsonPrimitive.content !in value) errors += "$path lacks the required '${r.jsonPrimitive.content}'"
                }
                val additional = schema["additionalProperties"]
                for ((k, v) in value) {
                    val p = properties[k]
                    when {
                        p != null -> check(v, p.jsonObject, "$path.$k", errors)
                        additional is JsonPrimitive && additional.booleanOrNull == false -> errors += "$path has '$k', which the spec does not know"
                        additional is JsonObject -> check(v, additional, "$path.$k", errors)
                    }
                }
            }
            is JsonArray -> (schema["items"] as? JsonObject)?.let { items ->
                value.forEachIndexed { i, e -> check(e, items, "$path[$i]", errors) }
            }
            is JsonPrimitive -> if (value.isString) {
                val s = value.content
                schema["minLength"]?.jsonPrimitive?.intOrNull?.let { if (s.length < it) errors += "$path is shorter than $it" }
                schema["maxLength"]?.jsonPrimitive?.intOrNull?.let { if (s.length > it) errors += "$path is longer than $it" }
                schema["pattern"]?.jsonPrimitive?.content?.let { if (!Regex(it).containsMatchIn(s)) errors += "$path '$s' does not match $it" }
            } else {
                value.doubleOrNull?.let { n ->
                    schema["minimum"]?.jsonPrimitive?.doubleOrNull?.let { if (n < it) errors += "$path $n is below $it" }
                    schema["maximum"]?.jsonPrimitive?.doubleOrNull?.let { if (n > it) errors += "$path $n is above $it" }
                }
            }
        }
    }

    private fun typeMatches(value: JsonElement, type: String): Boolean = when (type) {
        "object" -> value is JsonObject
        "array" -> value is JsonArray
        "string" -> value is JsonPrimitive && value.isString
        "boolean" -> value is JsonPrimitive && !value.isString && value.booleanOrNull != null
        "integer" -> value is JsonPrimitive && !value.isString && value.longOrNull != null
        "number" -> value is JsonPrimitive && !value.isString && value.doubleOrNull != null
        "null" -> value is JsonNull
        else -> true
    }

    companion object {
        /** The vendored spec (`spec/anthropic-openapi.stainless.json`); throws when it is missing. */
        fun vendored(): SpecValidator = SpecValidator(RepositoryFiles.spec("anthropic-openapi.stainless.json"))
    }
}
