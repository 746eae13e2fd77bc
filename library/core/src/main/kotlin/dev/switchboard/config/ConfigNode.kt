package dev.switchboard.config

import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.net.URI
import java.time.Duration

/**
 * One object of a configuration document, read by key: every reader checks the value's type, expands
 * `${VARIABLE}`s in strings, and on a problem throws a [ConfigException] naming the key's path and what was
 * expected. The keys asked for (present or not) are remembered: any other key is reported as unknown once the
 * provider is done. Values are never put into messages, only their kind (`a number`, `an object`…).
 */
public class ConfigNode internal constructor(
    /** This object's path in the document (`(document)` for the root). */
    public val path: String,
    private val obj: JsonObject,
    internal val session: LoadSession,
) {
    private val asked = LinkedHashSet<String>()

    /** The path of [key] in this object. */
    public fun pathOf(key: String): String = if (path == ROOT) key else "$path.$key"

    /** Whether [key] is present (and not null); counts as asking for it. */
    public fun has(key: String): Boolean = element(key) != null

    /** The value of [key] as it is in the document (nothing expanded), or null. */
    public fun elementOrNull(key: String): JsonElement? = element(key)

    /** The string at [key] with its `${VARIABLE}`s expanded, or null when absent. Numbers and booleans are taken as text. */
    public fun stringOrNull(key: String): String? {
        val e = element(key) ?: return null
        if (e !is JsonPrimitive) fail(key, "expected a string, found ${kindOf(e)}")
        return Interpolation.expand(e.content, pathOf(key), session.env).trim()
    }

    /** The string at [key], expanded; [what] says what it is for the message when it is missing. */
    @JvmOverloads
    public fun string(key: String, what: String = "a string"): String =
        stringOrNull(key)?.takeIf { it.isNotEmpty() } ?: fail(key, "missing (expected $what)")

    /**
     * A secret at [key] (an API key, a password): read as [stringOrNull], and remembered as secret, so that writing
     * the document back leaves it out unless it is only `${VARIABLE}` placeholders.
     */
    public fun secretOrNull(key: String): String? {
        if (has(key)) session.secretPaths += pathOf(key)
        return stringOrNull(key)?.ifEmpty { null }
    }

    /** A URL at [key], which is secret when it carries user info or a query (write-back then leaves it out unless a placeholder). */
    public fun urlOrNull(key: String): String? {
        val url = stringOrNull(key) ?: return null
        val uri = runCatching { URI(url) }.getOrNull()
        if (uri == null || uri.rawUserInfo != null || uri.rawQuery != null) session.secretPaths += pathOf(key)
        return url
    }

    /** The one of [choices] at [key], or [default] when absent. */
    public fun choice(key: String, choices: List<String>, default: String?): String? {
        val v = stringOrNull(key) ?: return default
        if (v !in choices) fail(key, "unknown value \"${v.take(40)}\" (expected one of: ${choices.joinToString(", ")})")
        return v
    }

    /** The integer at [key], or null when absent. */
    public fun intOrNull(key: String): Int? = longOrNull(key)?.let {
        if (it !in Int.MIN_VALUE..Int.MAX_VALUE) fail(key, "expected an integer, found one out of range")
        it.toInt()
    }

    /** The integer at [key], or [default] when absent. */
    public fun int(key: String, default: Int): Int = intOrNull(key) ?: default

    /** The whole number at [key], or null when absent. */
    public fun longOrNull(key: String): Long? {
        val e = element(key) ?: return null
        val text = (e as? JsonPrimitive)?.let { if (it.isString) Interpolation.expand(it.content, pathOf(key), session.env) else it.content }
        return text?.trim()?.toLongOrNull() ?: fail(key, "expected an integer, found ${kindOf(e)}")
    }

    /** The boolean at [key], or null when absent. */
    public fun booleanOrNull(key: String): Boolean? {
        val e = element(key) ?: return null
        val text = (e as? JsonPrimitive)?.let { if (it.isString) Interpolation.expand(it.content, pathOf(key), session.env) else it.content }
        return when (text?.trim()) {
            "true" -> true
            "false" -> false
            else -> fail(key, "expected true or false, found ${kindOf(e)}")
        }
    }

    /** The boolean at [key], or [default] when absent. */
    public fun boolean(key: String, default: Boolean): Boolean = booleanOrNull(key) ?: default

    /** The duration at [key] (`500ms`, `30s`, `2m`, `1h`, `1d`, or ISO-8601 such as `PT30S`), or null when absent. */
    public fun durationOrNull(key: String): Duration? {
        val e = element(key) ?: return null
        val text = (e as? JsonPrimitive)?.takeIf { it.isString }?.let { Interpolation.expand(it.content, pathOf(key), session.env).trim() }
        return text?.let(::parseDuration) ?: fail(key, "expected a duration such as 500ms, 30s, 2m, 1h or PT30S, found ${describe(e)}")
    }

    /** The list of strings at [key] (each expanded), empty when absent. */
    public fun stringList(key: String): List<String> {
        val e = element(key) ?: return emptyList()
        if (e !is JsonArray) fail(key, "expected a list of strings, found ${kindOf(e)}")
        return e.mapIndexed { i, item ->
            val p = "${pathOf(key)}[$i]"
            if (item !is JsonPrimitive || item is JsonNull) throw ConfigException(p, "expected a string, found ${kindOf(item)}")
            Interpolation.expand(item.content, p, session.env).trim()
        }
    }

    /**
     * The object of strings at [key] (each expanded), empty when absent. When [secretWhen] is true of a name (such as
     * a header named like a credential), that value is secret for write-back.
     */
    @JvmOverloads
    public fun stringMap(key: String, secretWhen: (String) -> Boolean = { false }): Map<String, String> {
        val node = nodeOrNull(key) ?: return emptyMap()
        val out = LinkedHashMap<String, String>()
        for (name in node.obj.keys) out[name] = (if (secretWhen(name)) node.secretOrNull(name) else node.stringOrNull(name)) ?: ""
        return out
    }

    /** The object at [key] as a node, or null when absent. */
    public fun nodeOrNull(key: String): ConfigNode? {
        val e = element(key) ?: return null
        if (e !is JsonObject) fail(key, "expected an object, found ${kindOf(e)}")
        return ConfigNode(pathOf(key), e, session).also { session.children += it }
    }

    /** The list of objects at [key] as nodes, empty when absent. */
    public fun nodes(key: String): List<ConfigNode> {
        val e = element(key) ?: return emptyList()
        if (e !is JsonArray) fail(key, "expected a list of objects, found ${kindOf(e)}")
        return e.mapIndexed { i, item ->
            val p = "${pathOf(key)}[$i]"
            if (item !is JsonObject) throw ConfigException(p, "expected an object, found ${kindOf(item)}")
            ConfigNode(p, item, session).also { session.children += it }
        }
    }

    /** Throws a [ConfigException] at [key] (or at this object when null) saying [problem]. */
    public fun fail(key: String?, problem: String): Nothing = throw ConfigException(if (key == null) path else pathOf(key), problem)

    /** The keys present that nobody asked for. */
    internal fun unknownKeys(): List<String> = obj.keys.filter { it !in asked }

    internal fun checkKnown() {
        val unknown = unknownKeys().firstOrNull() ?: return
        val known = asked.sorted().joinToString(", ").ifEmpty { "none" }
        throw ConfigException(pathOf(unknown), "unknown key \"${unknown.take(40)}\" (known here: $known)")
    }

    private fun element(key: String): JsonElement? {
        asked += key
        return obj[key]?.takeUnless { it is JsonNull }
    }

    /**
     * Throws for a key nobody asked for that is a near miss (at most two letters off) of one asked for and absent,
     * such as `apikey` for `api_key`: when a provider fails part-way, that misspelling is the likelier cause. Keys
     * merely not asked for yet are left alone, as the provider may not have reached them.
     */
    internal fun checkTypos() {
        val absent = asked.filter { obj[it] == null || obj[it] is JsonNull }
        for (unknown in unknownKeys()) {
            val meant = absent.firstOrNull { distance(it, unknown) <= 2 } ?: continue
            throw ConfigException(pathOf(unknown), "unknown key \"${unknown.take(40)}\" (did you mean $meant?)")
        }
    }

    override fun toString(): String = "ConfigNode($path, keys=${obj.keys})"

    internal companion object {
        const val ROOT: String = "(document)"
        private val SHORT = Regex("(\\d+)(ms|s|m|h|d)")

        fun kindOf(e: JsonElement): String = when {
            e is JsonNull -> "null"
            e is JsonObject -> "an object"
            e is JsonArray -> "a list"
            e is JsonPrimitive && e.isString -> "a string"
            e is JsonPrimitive && (e.content == "true" || e.content == "false") -> "a boolean"
            else -> "a number"
        }

        /** A duration's text is no secret: short ones are quoted, so that `30` is seen as lacking its unit. */
        private fun describe(e: JsonElement): String =
            if (e is JsonPrimitive && e.content.length <= 20 && e !is JsonNull) "${kindOf(e)} \"${e.content}\"" else kindOf(e)

        /** The edit distance of [a] and [b] (insertions, deletions, substitutions), for short key names. */
        fun distance(a: String, b: String): Int {
            if (a.length > 64 || b.length > 64) return Int.MAX_VALUE
            var prev = IntArray(b.length + 1) { it }
            for (i in 1..a.length) {
                val cur = IntArray(b.length + 1)
                cur[0] = i
                for (j in 1..b.length) cur[j] = minOf(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + if (a[i - 1] == b[j - 1]) 0 else 1)
                prev = cur
            }
            return prev[b.length]
        }

        fun parseDuration(text: String): Duration? {
            SHORT.matchEntire(text)?.let { m ->
                val n = m.groupValues[1].toLongOrNull() ?: return null
                return when (m.groupValues[2]) {
                    "ms" -> Duration.ofMillis(n)
                    "s" -> Duration.ofSeconds(n)
                    "m" -> Duration.ofMinutes(n)
                    "h" -> Duration.ofHours(n)
                    else -> Duration.ofDays(n)
                }
            }
            return if (text.startsWith("P", ignoreCase = true)) runCatching { Duration.parse(text) }.getOrNull() else null
        }
    }
}
