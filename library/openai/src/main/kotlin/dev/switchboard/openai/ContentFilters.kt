package dev.switchboard.openai

import dev.switchboard.ContentFilterException
import dev.switchboard.ContentFilterResult
import dev.switchboard.SwitchboardException
import dev.switchboard.openai.internal.WireJson
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Azure's content filter annotations, read into [ContentFilterResult]s: `content_filter_results` on a
 * choice, `prompt_filter_results` on a response, and `innererror.content_filter_result` in the 400 error
 * with the code `content_filter`. Servers that send none (OpenAI itself) cost nothing here.
 */
internal object ContentFilters {
    /** Severity levels from least to most severe; a level not listed ranks below them all. */
    private val SEVERITY = listOf("safe", "very_low", "low", "medium", "high")

    /**
     * The per-category results of one `content_filter_results` object: entries whose value is an object
     * with `filtered` (or, as older versions sent `custom_blocklists`, an array of such objects). Other
     * entries, such as `error` when the filter did not run, are left out.
     */
    fun categories(e: JsonElement?): List<ContentFilterResult> {
        if (e !is JsonObject || e.isEmpty()) return emptyList()
        val out = ArrayList<ContentFilterResult>(e.size)
        for ((category, value) in e) {
            when (value) {
                is JsonObject -> {
                    val filtered = bool(value["filtered"]) ?: continue
                    out += ContentFilterResult(category, filtered, string(value["severity"]), bool(value["detected"]))
                }
                is JsonArray -> {
                    val items = value.filterIsInstance<JsonObject>()
                    if (items.isEmpty()) continue
                    out += ContentFilterResult(category, items.any { bool(it["filtered"]) == true })
                }
                else -> Unit
            }
        }
        return out
    }

    /** The results of `prompt_filter_results` (one entry per prompt), merged per category. */
    fun prompt(e: JsonElement?): List<ContentFilterResult> {
        if (e !is JsonArray || e.isEmpty()) return emptyList()
        val merged = Merged()
        for (p in e) {
            if (p !is JsonObject) continue
            merged.add(categories(p["content_filter_results"] ?: p["content_filter_result"]))
        }
        return merged.toList()
    }

    /**
     * The [ContentFilterException] for an error body with the code `content_filter`, keeping what [mapped]
     * (the error the status maps to) already says.
     */
    fun error(provider: String, status: Int, body: String, mapped: SwitchboardException): ContentFilterException {
        val error = (parse(body) as? JsonObject)?.let { it["error"] as? JsonObject ?: it }
        val inner = error?.get("innererror") as? JsonObject
        val results = categories(inner?.get("content_filter_result") ?: inner?.get("content_filter_results"))
        val flagged = results.filter { it.filtered || it.detected == true }.joinToString(", ") { describe(it) }
        val which = if (flagged.isEmpty()) "no category given" else "filtered: $flagged"
        return ContentFilterException(
            "$provider's content filter refused the request ($which): ${mapped.message}. Rephrase the prompt or change the " +
                "deployment's content filter policy; sending it again will not help",
            provider, status, mapped.requestId, mapped.bodyExcerpt, results,
        )
    }

    private fun describe(r: ContentFilterResult): String {
        val details = listOfNotNull(r.severity?.let { "severity $it" }, if (r.detected == true) "detected" else null)
        return if (details.isEmpty()) r.category else "${r.category} (${details.joinToString(", ")})"
    }

    private fun parse(body: String): JsonElement? = try {
        WireJson.parseToJsonElement(body)
    } catch (e: IllegalArgumentException) {
        null
    }

    private fun bool(e: JsonElement?): Boolean? = (e as? JsonPrimitive)?.takeIf { it !is JsonNull && !it.isString }?.content?.toBooleanStrictOrNull()

    private fun string(e: JsonElement?): String? = (e as? JsonPrimitive)?.takeIf { it !is JsonNull }?.content

    /**
     * Results merged per category in order of first appearance, as a stream reports them chunk by chunk:
     * filtered and detected when any report said so, and the most severe severity.
     */
    class Merged {
        private var byCategory: LinkedHashMap<String, ContentFilterResult>? = null

        fun add(results: List<ContentFilterResult>) {
            if (results.isEmpty()) return
            val map = byCategory ?: LinkedHashMap<String, ContentFilterResult>().also { byCategory = it }
            for (r in results) {
                val old = map[r.category]
                map[r.category] = if (old == null) r else ContentFilterResult(
                    r.category,
                    old.filtered || r.filtered,
                    worse(old.severity, r.severity),
                    if (old.detected == null && r.detected == null) null else old.detected == true || r.detected == true,
                )
            }
        }

        fun toList(): List<ContentFilterResult> = byCategory?.values?.toList() ?: emptyList()

        private fun worse(a: String?, b: String?): String? {
            if (a == null) return b
            if (b == null) return a
            return if (SEVERITY.indexOf(b.lowercase()) > SEVERITY.indexOf(a.lowercase())) b else a
        }
    }
}
