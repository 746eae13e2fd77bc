package dev.switchboard.llamacpp.internal

import dev.switchboard.BadRequestException
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.contentOrNull

/**
 * Checks that a JSON schema is one llama.cpp's schema-to-grammar converter takes, before it is handed over: that
 * converter, reached through java-llama.cpp's JNI, reports what it cannot convert by a C++ exception that the bridge
 * does not catch, which would end the whole JVM. So what it rejects (an unknown `type`, a `$ref` that does not resolve
 * or points outside the schema, a `pattern` not anchored with `^` and `$`) is rejected here, with a typed error.
 */
internal object SchemaCheck {
    private val TYPES = setOf("object", "array", "string", "number", "integer", "boolean", "null")
    private val SUBSCHEMAS = setOf("items", "additionalProperties", "not", "contains", "additionalItems")
    private val LISTS = setOf("oneOf", "anyOf", "allOf", "prefixItems")
    private val MAPS = setOf("properties", "\$defs", "definitions", "patternProperties")
    private val STRUCTURAL = TYPES + setOf("type", "properties", "items", "prefixItems", "enum", "const", "oneOf", "anyOf", "allOf", "\$ref")

    fun check(schema: JsonObject, what: String) {
        walk(schema, schema, "#", what)
    }

    private fun walk(node: JsonElement, root: JsonObject, at: String, what: String) {
        if (node is JsonPrimitive && node.contentOrNull in setOf("true", "false")) return
        val o = node as? JsonObject ?: throw bad(what, "$at is not a schema object")
        when (val type = o["type"]) {
            null -> Unit
            is JsonPrimitive -> if (type.contentOrNull !in TYPES) throw bad(what, "$at has the type $type, which is not a JSON schema type")
            is JsonArray -> type.forEach { t ->
                if ((t as? JsonPrimitive)?.contentOrNull !in TYPES) throw bad(what, "$at lists the type $t, which is not a JSON schema type")
            }
            else -> throw bad(what, "$at has a 'type' that is neither a string nor a list")
        }
        if (o.isNotEmpty() && o.keys.none { it in STRUCTURAL }) {
            val annotations = setOf("description", "title", "default", "examples", "\$schema", "\$id", "\$comment", "deprecated")
            if (!o.keys.all { it in annotations }) throw bad(what, "$at has neither a type nor properties, items, enum, const or a composition (keys ${o.keys})")
        }
        (o["\$ref"] as? JsonPrimitive)?.contentOrNull?.let { ref -> resolve(root, ref, at, what) }
        (o["pattern"] as? JsonPrimitive)?.contentOrNull?.let { p ->
            if (!p.startsWith("^") || !p.endsWith("$")) throw bad(what, "the pattern '$p' at $at must start with '^' and end with '$'")
        }
        for (key in SUBSCHEMAS) o[key]?.let { if (it is JsonArray) it.forEachIndexed { i, s -> walk(s, root, "$at/$key/$i", what) } else walk(it, root, "$at/$key", what) }
        for (key in LISTS) o[key]?.let { list ->
            val items = list as? JsonArray ?: throw bad(what, "$at/$key is not a list of schemas")
            items.forEachIndexed { i, s -> walk(s, root, "$at/$key/$i", what) }
        }
        for (key in MAPS) o[key]?.let { map ->
            val entries = map as? JsonObject ?: throw bad(what, "$at/$key is not an object of schemas")
            entries.forEach { (name, s) -> walk(s, root, "$at/$key/$name", what) }
        }
    }

    private fun resolve(root: JsonObject, ref: String, at: String, what: String) {
        if (!ref.startsWith("#")) throw bad(what, "the \$ref '$ref' at $at points outside the schema; only local references (#/...) are resolved")
        var node: JsonElement = root
        for (part in ref.removePrefix("#").split('/').filter { it.isNotEmpty() }) {
            node = (node as? JsonObject)?.get(part.replace("~1", "/").replace("~0", "~"))
                ?: throw bad(what, "the \$ref '$ref' at $at does not resolve within the schema")
        }
    }

    private fun bad(what: String, why: String): BadRequestException =
        BadRequestException("$what cannot be turned into a llama.cpp grammar: $why", LlamaCppNames.PROVIDER, 0)
}
