package dev.switchboard.config

import dev.switchboard.ChatCompletionClient
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.nio.file.Files
import java.nio.file.Path

/**
 * A list of client configurations to choose from by model and tags, as AutoGen 0.2's `config_list_from_json` and
 * `filter_config` do with an `OAI_CONFIG_LIST`: a JSON (or YAML) list of documents, each
 * `{"provider", "config": {"model", ...}, "tags": [...]}`, or AutoGen 0.2's own flat entries (`{"model", "api_key",
 * "base_url", "api_type", "api_version", "tags"}`, read as `openai` or, for `api_type: azure`, `azure-openai`).
 * Nothing is built until [Entry.load]. Immutable.
 */
public class ConfigList private constructor(
    /** The entries, in the list's order. */
    public val entries: List<Entry>,
    private val loader: ConfigLoader,
) {
    /**
     * The entries whose model is one of [models] (any when empty) and that carry at least one of [tags] (any when
     * empty), in order: `filter_config(config_list, {"model": [...], "tags": [...]})`.
     */
    public fun filter(models: Collection<String>, tags: Collection<String>): ConfigList =
        ConfigList(entries.filter { e -> (models.isEmpty() || e.model in models) && (tags.isEmpty() || e.tags.any { it in tags }) }, loader)

    /** The entries whose model is one of [models]. */
    public fun withModels(vararg models: String): ConfigList = filter(models.toList(), emptyList())

    /** The entries carrying at least one of [tags]. */
    public fun withTags(vararg tags: String): ConfigList = filter(emptyList(), tags.toList())

    /**
     * The client of the first entry.
     *
     * @throws NoSuchElementException when the list is empty.
     * @throws ConfigException when its document is invalid.
     */
    public fun first(): ChatCompletionClient = entries.firstOrNull()?.load()
        ?: throw NoSuchElementException("The configuration list is empty (after filtering)")

    override fun toString(): String = "ConfigList(${entries.joinToString { "${it.provider}:${it.model}" }})"

    /** One configuration of a list. */
    public class Entry internal constructor(
        /** Its position in the list, from 0. */
        public val index: Int,
        /** Its provider's name. */
        public val provider: String,
        /** Its `config.model`, or null. */
        public val model: String?,
        /** Its tags. */
        public val tags: List<String>,
        internal val document: JsonObject,
        private val source: String,
        private val baseDirectory: Path?,
        private val loader: ConfigLoader,
    ) {
        /**
         * Its client, built now.
         *
         * @throws ConfigException when its document is invalid; paths are given from the list (`[2].config.model`).
         */
        public fun load(): ChatCompletionClient = try {
            loader.build(document, source, baseDirectory, ComponentKind.CLIENT, setOf("tags"))
        } catch (e: ConfigException) {
            val path = if (e.path == ConfigNode.ROOT) "[$index]" else "[$index].${e.path}"
            throw ConfigException(path, e.problem, e.source, e)
        }

        override fun toString(): String = "Entry($index, provider=$provider, model=$model, tags=$tags)"
    }

    /** Factories. */
    public companion object {
        /**
         * An entry of AutoGen 0.2's own flat form, `{"model", "api_key", "base_url", "api_type", "api_version", "tags"}`,
         * as the document it stands for: `azure-openai` (the model is the deployment) when `api_type` is `azure`,
         * `openai` otherwise. Other keys go into `config`, where the loader reports them as unknown.
         */
        private fun autogen02(entry: JsonObject): JsonObject {
            val azure = (entry["api_type"] as? JsonPrimitive)?.content == "azure"
            val config = LinkedHashMap<String, JsonElement>()
            for ((key, value) in entry) {
                when (key) {
                    "tags", "api_type" -> Unit
                    "model" -> config[if (azure) "deployment" else "model"] = value
                    "base_url" -> config[if (azure) "endpoint" else "base_url"] = value
                    else -> config[key] = value
                }
            }
            val out = LinkedHashMap<String, JsonElement>()
            out["provider"] = JsonPrimitive(if (azure) "azure-openai" else "openai")
            out["config"] = JsonObject(config)
            entry["tags"]?.let { out["tags"] = it }
            return JsonObject(out)
        }

        /** The variable and file name AutoGen uses. */
        public const val OAI_CONFIG_LIST: String = "OAI_CONFIG_LIST"

        /**
         * The list in the file at [path] (JSON, or YAML with `switchboard-config-yaml`).
         *
         * @throws ConfigException when it is not a list of `{provider, config, tags}` objects.
         */
        @JvmStatic @JvmOverloads
        public fun fromFile(path: Path, loader: ConfigLoader = ConfigLoader.builder().build()): ConfigList =
            of(loader.parseFile(path), path.toString(), path.toAbsolutePath().parent, loader)

        /** The list in the JSON [text]. @throws ConfigException as [fromFile] does. */
        @JvmStatic @JvmOverloads
        public fun fromJson(text: String, loader: ConfigLoader = ConfigLoader.builder().build()): ConfigList =
            of(JsonFormat.parse(text, "JSON text"), "JSON text", null, loader)

        /**
         * The list in the variable [variable] (default `OAI_CONFIG_LIST`) of [loader]'s environment, which holds either
         * the JSON text of the list or the path of a file holding it, as AutoGen's `config_list_from_json` reads it.
         *
         * @throws IllegalStateException when the variable is not set.
         * @throws ConfigException when the list is not well formed.
         * @throws java.io.IOException when the file it names cannot be read.
         */
        @JvmStatic @JvmOverloads
        public fun fromEnvironment(loader: ConfigLoader = ConfigLoader.builder().build(), variable: String = OAI_CONFIG_LIST): ConfigList {
            val value = loader.variable(variable)?.trim()?.ifEmpty { null }
                ?: throw IllegalStateException("$variable is not set (set it to the list's JSON text or the path of a file holding it)")
            return if (value.startsWith("[")) of(JsonFormat.parse(value, variable), variable, null, loader) else fromFile(Path.of(value), loader)
        }

        private fun of(tree: JsonElement, source: String, baseDirectory: Path?, loader: ConfigLoader): ConfigList {
            if (tree !is JsonArray) throw ConfigException(ConfigNode.ROOT, "expected a list of {provider, config, tags} objects, found ${ConfigNode.kindOf(tree)}", source)
            val entries = tree.mapIndexed { i, item ->
                if (item !is JsonObject) throw ConfigException("[$i]", "expected an object {provider, config, tags}, found ${ConfigNode.kindOf(item)}", source)
                val e = if ("provider" !in item && "model" in item) autogen02(item) else item
                val provider = (e["provider"] as? JsonPrimitive)?.takeIf { it.isString }?.content
                    ?: throw ConfigException("[$i].provider", "missing (expected a provider name)", source)
                val model = ((e["config"] as? JsonObject)?.let { it["model"] ?: it["deployment"] } as? JsonPrimitive)?.content
                val tags = when (val t = e["tags"]) {
                    null -> emptyList()
                    is JsonArray -> t.mapIndexed { j, tag ->
                        (tag as? JsonPrimitive)?.takeIf { it.isString }?.content ?: throw ConfigException("[$i].tags[$j]", "expected a string", source)
                    }
                    else -> throw ConfigException("[$i].tags", "expected a list of strings, found ${ConfigNode.kindOf(t)}", source)
                }
                Entry(i, provider, model, tags, e, source, baseDirectory, loader)
            }
            return ConfigList(entries, loader)
        }
    }
}
