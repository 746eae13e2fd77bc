package dev.switchboard.config

import dev.switchboard.ChatCompletionClient
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.util.Collections
import java.util.WeakHashMap

/** The documents loaded clients came from, their secrets taken out, for [ConfigLoader.describe]. */
internal object WriteBack {
    // Clients do not override equals, so the weak map compares them by identity; an unused client is not kept alive.
    private val documents: MutableMap<ChatCompletionClient, JsonObject> = Collections.synchronizedMap(WeakHashMap())

    fun remember(client: ChatCompletionClient, document: JsonObject) {
        documents[client] = document
    }

    fun documentOf(client: ChatCompletionClient): JsonObject? = documents[client]

    /**
     * [tree] without the values at [secretPaths] that are written out (those that are only `${VARIABLE}`s stay:
     * they reveal a name, not a value).
     */
    fun withoutSecrets(tree: JsonElement, secretPaths: Set<String>): JsonElement = strip(tree, ConfigNode.ROOT, secretPaths)

    private fun strip(e: JsonElement, path: String, secrets: Set<String>): JsonElement = when (e) {
        is JsonObject -> JsonObject(
            e.entries.mapNotNull { (k, v) ->
                val p = if (path == ConfigNode.ROOT) k else "$path.$k"
                if (p in secrets && !(v is JsonPrimitive && v.isString && Interpolation.isOnlyPlaceholders(v.content))) null
                else k to strip(v, p, secrets)
            }.toMap(LinkedHashMap()),
        )
        is JsonArray -> JsonArray(e.mapIndexed { i, v -> strip(v, "$path[$i]", secrets) })
        else -> e
    }

}
