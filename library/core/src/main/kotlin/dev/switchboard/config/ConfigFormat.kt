package dev.switchboard.config

import kotlinx.serialization.json.JsonElement

/**
 * A text format configuration documents are written in, parsed into the JSON tree every provider reads. JSON is
 * built in; `switchboard-config-yaml` registers YAML (with `java.util.ServiceLoader`, a line in
 * `META-INF/services/dev.switchboard.config.ConfigFormat`).
 */
public interface ConfigFormat {
    /** The format's name, as given to `Switchboard.loader().load(text, name)`: `json`, `yaml`. */
    public val name: String

    /** The file name extensions it reads, without the dot, in lower case. */
    public val extensions: List<String>

    /**
     * The tree of [text], which came from [source] (a file name, or a description for messages).
     *
     * @throws ConfigException when the text is not well formed, with the line and column where known.
     */
    public fun parse(text: String, source: String): JsonElement
}
