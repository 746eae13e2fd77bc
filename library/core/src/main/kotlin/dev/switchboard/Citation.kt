package dev.switchboard

/**
 * A span of an answer that the model grounded in sources: the documents a request gave it, or the results of its
 * tools ([Choice.citations]). [start] and [end] index the text the span is in, in UTF-16 characters as Kotlin and
 * Java strings count them: the answer's [content][Choice.content] unless [type] says otherwise (Cohere's `PLAN`
 * citations index the tool plan, which is the [thought][Choice.thought] of a turn that calls tools).
 */
public class Citation @JvmOverloads constructor(
    /** Where the span starts, from 0. */
    public val start: Int,
    /** Where the span ends, exclusive. */
    public val end: Int,
    /** The cited text. */
    public val text: String,
    /** The sources that support the span, in the provider's order. */
    public val sources: List<CitationSource> = emptyList(),
    /** The provider's kind of citation (Cohere: `TEXT_CONTENT`, `THINKING_CONTENT`, `PLAN`), or null when it names none. */
    public val type: String? = null,
) {
    override fun equals(other: Any?): Boolean =
        this === other || other is Citation &&
        start == other.start && end == other.end && text == other.text && sources == other.sources && type == other.type

    override fun hashCode(): Int {
        var h = start
        h = 31 * h + end
        h = 31 * h + text.hashCode()
        h = 31 * h + sources.hashCode()
        h = 31 * h + (type?.hashCode() ?: 0)
        return h
    }

    override fun toString(): String = "Citation(start=$start, end=$end, text=$text, sources=$sources, type=$type)"
}

/** One source of a [Citation]: a document the request gave, a tool's result, a web page. */
public class CitationSource @JvmOverloads constructor(
    /** The provider's id of the source: the id the request gave a document, a tool result's id, a URL. */
    public val id: String,
    /** What the source is, as the provider says (`document`, `tool`), or null. */
    public val kind: String? = null,
    /** The source's title, when the provider returns one. */
    public val title: String? = null,
    /** The source's text (or a tool's output as JSON), when the provider returns it. */
    public val text: String? = null,
) {
    override fun equals(other: Any?): Boolean =
        this === other || other is CitationSource && id == other.id && kind == other.kind && title == other.title && text == other.text

    override fun hashCode(): Int {
        var h = id.hashCode()
        h = 31 * h + (kind?.hashCode() ?: 0)
        h = 31 * h + (title?.hashCode() ?: 0)
        h = 31 * h + (text?.hashCode() ?: 0)
        return h
    }

    override fun toString(): String =
        "CitationSource(id=$id, kind=$kind, title=$title, text=${text?.let { if (it.length > 80) it.take(80) + "…" else it }})"
}
