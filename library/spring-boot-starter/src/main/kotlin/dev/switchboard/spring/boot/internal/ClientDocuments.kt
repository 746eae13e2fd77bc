package dev.switchboard.spring.boot.internal

import dev.switchboard.spring.boot.SwitchboardConfigurationException
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import org.springframework.boot.context.properties.bind.Bindable
import org.springframework.boot.context.properties.bind.Binder
import org.springframework.boot.context.properties.source.ConfigurationPropertySources
import org.springframework.core.env.Environment

/** One `switchboard.clients.<name>` entry: its loader document and whether its beans are primary. */
internal class ClientDocument(val name: String, val document: JsonObject, val primary: Boolean)

/**
 * Reads `switchboard.clients.*` from the Spring environment as generic maps (no placeholder resolution: `${VARIABLE}`s
 * are the loader's to expand, as in a declarative file) and turns each into the loader's JSON document. Spring's
 * relaxed maps hold lists as maps keyed `0`, `1`, …: those become JSON arrays.
 */
internal object ClientDocuments {
    const val PREFIX: String = "switchboard.clients"

    fun read(environment: Environment): List<ClientDocument> {
        val binder = Binder(ConfigurationPropertySources.get(environment))
        val tree = binder.bind(PREFIX, Bindable.mapOf(String::class.java, Any::class.java)).orElse(emptyMap())
        return tree.map { (name, value) ->
            val path = "$PREFIX.$name"
            val obj = toJson(value, path) as? JsonObject
                ?: throw SwitchboardConfigurationException(path, "expected an object with provider and config, found a single value")
            val primary = when (val p = obj["primary"]) {
                null -> false
                is JsonPrimitive -> when (p.content.trim()) {
                    "true" -> true
                    "false" -> false
                    else -> throw SwitchboardConfigurationException("$path.primary", "expected true or false")
                }
                else -> throw SwitchboardConfigurationException("$path.primary", "expected true or false")
            }
            ClientDocument(name, JsonObject(obj - "primary"), primary)
        }
    }

    /** [value] (a map, list, string, number or boolean from a property source) as JSON; [path] for messages. */
    fun toJson(value: Any?, path: String): JsonElement = when (value) {
        null -> JsonPrimitive("")
        is Map<*, *> -> {
            val keys = value.keys.map { it.toString() }
            if (keys.isNotEmpty() && keys.all { k -> k.toIntOrNull()?.let { it >= 0 } == true } &&
                keys.map { it.toInt() }.sorted() == (0 until keys.size).toList()
            ) {
                JsonArray(keys.sortedBy { it.toInt() }.map { k -> toJson(value[k] ?: value[k.toInt()], "$path[$k]") })
            } else {
                JsonObject(value.entries.associate { (k, v) -> k.toString() to toJson(v, "$path.$k") })
            }
        }
        is Collection<*> -> JsonArray(value.mapIndexed { i, v -> toJson(v, "$path[$i]") })
        is Boolean -> JsonPrimitive(value)
        is Number -> JsonPrimitive(value)
        is CharSequence -> JsonPrimitive(value.toString())
        else -> JsonPrimitive(value.toString())
    }
}
