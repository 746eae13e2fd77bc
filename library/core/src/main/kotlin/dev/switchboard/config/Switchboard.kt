package dev.switchboard.config

import dev.switchboard.ChatCompletionClient
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import java.nio.file.Path

/**
 * Clients from configuration documents, with the process's environment and nothing bound:
 * `Switchboard.load(Path.of("llm.yaml"))`. For another environment or bound objects, use [loader].
 */
public object Switchboard {
    private val default: ConfigLoader by lazy { ConfigLoader.builder().build() }
    private val pretty = Json { prettyPrint = true }

    /** A builder of a [ConfigLoader] (environment, bound objects, class loader). */
    @JvmStatic public fun loader(): ConfigLoader.Builder = ConfigLoader.builder()

    /**
     * The client the file at [path] describes (`.json`; `.yaml`/`.yml` with `switchboard-config-yaml`).
     *
     * @throws ConfigException when the document is not well formed or describes no valid client.
     * @throws java.io.IOException when the file cannot be read.
     */
    @JvmStatic @Throws(java.io.IOException::class) public fun load(path: Path): ChatCompletionClient = default.load(path)

    /** The client the JSON [text] describes. @throws ConfigException as [load] does. */
    @JvmStatic public fun loadJson(text: String): ChatCompletionClient = default.loadJson(text)

    /** The client [text] in [format] (`json`, `yaml`) describes. @throws ConfigException as [load] does. */
    @JvmStatic public fun load(text: String, format: String): ChatCompletionClient = default.load(text, format)

    /** [client]'s configuration without its secrets (see [ConfigLoader.describe]). */
    @JvmStatic public fun describe(client: ChatCompletionClient): JsonObject = default.describe(client)

    /** [client]'s configuration without its secrets, as indented JSON text. */
    @JvmStatic public fun describeJson(client: ChatCompletionClient): String =
        pretty.encodeToString(JsonObject.serializer(), describe(client))
}
