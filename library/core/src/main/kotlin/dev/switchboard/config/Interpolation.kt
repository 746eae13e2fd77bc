package dev.switchboard.config

/**
 * `${NAME}` and `${NAME:-default}` in a document's strings, replaced by environment values; `$$` stands for `$`.
 * Values are never put in messages: only variable names are.
 */
internal object Interpolation {
    private val NAME = Regex("[A-Za-z_][A-Za-z0-9_]*")

    /** [text] with its placeholders replaced from [env] (unset and blank alike count as not set). */
    fun expand(text: String, path: String, env: (String) -> String?): String {
        if ('$' !in text) return text
        val out = StringBuilder(text.length)
        var i = 0
        while (i < text.length) {
            val c = text[i]
            if (c != '$') { out.append(c); i++; continue }
            if (text.startsWith("$$", i)) { out.append('$'); i += 2; continue }
            if (!text.startsWith("\${", i)) { out.append(c); i++; continue }
            val end = text.indexOf('}', i + 2)
            if (end < 0) throw ConfigException(path, "a \${ without its closing } (write \$\$ for a literal \$)")
            val body = text.substring(i + 2, end)
            val name = body.substringBefore(":-")
            if (!NAME.matches(name)) throw ConfigException(path, "\"\${$body}\" is not a variable reference (expected \${NAME} or \${NAME:-default})")
            val value = env(name)?.trim()?.takeIf { it.isNotEmpty() }
                ?: if (":-" in body) body.substringAfter(":-") else throw ConfigException(path, "environment variable $name is not set")
            out.append(value)
            i = end + 1
        }
        return out.toString()
    }

    /** Whether [text] holds nothing but placeholders (and whitespace), so that writing it back reveals no value. */
    fun isOnlyPlaceholders(text: String): Boolean =
        text.isNotBlank() && text.replace(Regex("\\$\\{[A-Za-z_][A-Za-z0-9_]*}"), "").isBlank()
}
