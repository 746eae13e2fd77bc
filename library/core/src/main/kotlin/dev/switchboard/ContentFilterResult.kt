package dev.switchboard

/**
 * What a provider's content filter found in one category, for a prompt ([CreateResult.promptFilter]) or an
 * answer ([Choice.contentFilter]), such as Azure's `hate`, `sexual`, `violence`, `self_harm`, `jailbreak`
 * or `protected_material_text`.
 *
 * Streams report the filter per chunk; a streamed result holds one entry per category, [filtered] and
 * [detected] when any chunk said so and the highest [severity] seen.
 */
public class ContentFilterResult @JvmOverloads constructor(
    /** The category, as the provider names it. */
    public val category: String,
    /** Whether the filter blocked or cut content because of this category. */
    @get:JvmName("isFiltered")
    public val filtered: Boolean,
    /** The provider's severity level (Azure: `safe`, `low`, `medium`, `high`), or null when it gives none. */
    public val severity: String? = null,
    /** Whether the category was detected, for detection categories (jailbreak, protected material), or null. */
    public val detected: Boolean? = null,
) {
    override fun equals(other: Any?): Boolean =
        this === other || other is ContentFilterResult &&
        category == other.category &&
        filtered == other.filtered &&
        severity == other.severity &&
        detected == other.detected

    override fun hashCode(): Int {
        var h = category.hashCode()
        h = 31 * h + filtered.hashCode()
        h = 31 * h + (severity?.hashCode() ?: 0)
        h = 31 * h + (detected?.hashCode() ?: 0)
        return h
    }

    override fun toString(): String = "ContentFilterResult(category=$category, filtered=$filtered, severity=$severity, detected=$detected)"
}
