package dev.switchboard.config.yaml

import com.charleskorn.kaml.AnchorsAndAliases
import com.charleskorn.kaml.DuplicateKeyException
import com.charleskorn.kaml.EmptyYamlDocumentException
import com.charleskorn.kaml.UnknownAnchorException
import com.charleskorn.kaml.Yaml
import com.charleskorn.kaml.YamlConfiguration
import com.charleskorn.kaml.YamlException
import com.charleskorn.kaml.YamlList
import com.charleskorn.kaml.YamlMap
import com.charleskorn.kaml.YamlNode
import com.charleskorn.kaml.YamlNull
import com.charleskorn.kaml.YamlScalar
import com.charleskorn.kaml.YamlTaggedNode
import dev.switchboard.config.ConfigException
import dev.switchboard.config.ConfigFormat
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * YAML configuration documents (`.yaml`, `.yml`), read with kaml into the JSON tree the loader reads: found by
 * `java.util.ServiceLoader` when this module is on the class path, so `Switchboard.load(Path.of("llm.yaml"))` just works.
 *
 * Scalars are read after YAML 1.2's core schema: `true`/`false` are booleans, `null` and `~` null, integers and
 * decimals numbers, anything else (quoted or not) text; the loader's readers take a number or boolean given as text
 * too. Anchors and aliases are allowed (at most [MAX_ALIASES] aliases per document, against "billion laughs"). Errors
 * give the line and column, never the text around them, which may hold a key.
 */
public class YamlFormat : ConfigFormat {
    override val name: String = "yaml"
    override val extensions: List<String> = listOf("yaml", "yml")

    private val yaml = Yaml(configuration = YamlConfiguration(anchorsAndAliases = AnchorsAndAliases.Permitted(MAX_ALIASES.toUInt())))

    override fun parse(text: String, source: String): JsonElement {
        val root = try {
            yaml.parseToYamlNode(text)
        } catch (e: YamlException) {
            val what = when (e) {
                is DuplicateKeyException -> "a key given twice (\"${e.key.trim('\'').take(40)}\")"
                is EmptyYamlDocumentException -> "an empty document"
                is UnknownAnchorException -> "an alias to an anchor not defined before it"
                else -> "not well-formed YAML"
            }
            throw ConfigException(ROOT, "$what (line ${e.line}, column ${e.column})", source)
        }
        return toJson(root)
    }

    private fun toJson(node: YamlNode): JsonElement = when (node) {
        is YamlNull -> JsonNull
        is YamlMap -> JsonObject(node.entries.entries.associate { (k, v) -> k.content to toJson(v) })
        is YamlList -> JsonArray(node.items.map(::toJson))
        is YamlTaggedNode -> toJson(node.innerNode)
        is YamlScalar -> scalar(node.content)
    }

    private fun scalar(text: String): JsonElement = when {
        text == "true" || text == "True" || text == "TRUE" -> JsonPrimitive(true)
        text == "false" || text == "False" || text == "FALSE" -> JsonPrimitive(false)
        INTEGER.matches(text) -> text.toLongOrNull()?.let(::JsonPrimitive) ?: JsonPrimitive(text)
        DECIMAL.matches(text) -> text.toDoubleOrNull()?.let(::JsonPrimitive) ?: JsonPrimitive(text)
        else -> JsonPrimitive(text)
    }

    /** Limits. */
    public companion object {
        /** The most aliases one document may use. */
        public const val MAX_ALIASES: Int = 100
        private const val ROOT = "(document)"
        private val INTEGER = Regex("[-+]?[0-9]+")
        private val DECIMAL = Regex("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?")
    }
}
