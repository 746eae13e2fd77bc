package dev.switchboard.config

/**
 * A configuration document that cannot be turned into a client: [path] names the place in the document (such as
 * `config.groups[1].deployments[0].provider`, or `(document)` for the whole of it) and [problem] says what was
 * expected there. The message never holds a secret nor the value of an environment variable.
 */
public class ConfigException @JvmOverloads constructor(
    /** Where in the document, as dotted keys and `[index]`es from its root. */
    public val path: String,
    /** What was wrong and what was expected. */
    public val problem: String,
    /** The file or text the document came from, or null. */
    public val source: String? = null,
    cause: Throwable? = null,
) : IllegalArgumentException((if (source == null) "" else "$source: ") + "$path: $problem", cause) {
    /** The same problem, said to come from [source]. */
    internal fun from(source: String): ConfigException =
        if (this.source != null) this else ConfigException(path, problem, source, cause).also { it.stackTrace = stackTrace }
}
