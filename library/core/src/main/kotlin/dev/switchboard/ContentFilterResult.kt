package dev.switchboard

/**
 * What a provider's content filter found in one category, for a prompt ([CreateResult.promptFilter]) or an
 * answer ([Choice.contentFilter]), such as Azure's `hate`, `sexual`, `violence`, `self_harm`, `jailbreak`
 * or `protected_material_text`.
 *
 * Streams report the filter per chunk; a streamed result holds one entry per category, [filtered] and
 * [detected] when any chunk said so and the highest [severity] seen.
 */
public data class ContentFilterResult @JvmOverloads constructor(
    /** The category, as the provider names it. */
    val category: String,
    /** Whether the filter blocked or cut content because of this category. */
    val filtered: Boolean,
    /** The provider's severity level (Azure: `safe`, `low`, `medium`, `high`), or null when it gives none. */
    val severity: String? = null,
    /** Whether the category was detected, for detection categories (jailbreak, protected material), or null. */
    val detected: Boolean? = null,
)
