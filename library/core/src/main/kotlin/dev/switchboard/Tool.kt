package dev.switchboard

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject

/**
 * A tool the model may call: a [name], a [description] the model reads, and the JSON schema of its
 * [parameters]. With [strict], providers that support it hold the arguments to the schema exactly.
 */
public class Tool @JvmOverloads constructor(
    /** The tool's name: letters, digits, `_` and `-`, at most 64 characters. */
    public val name: String,
    /** What the tool does, for the model. */
    public val description: String?,
    /** The JSON schema of the arguments (an object schema). */
    public val parameters: JsonObject,
    /** Whether the provider should hold the arguments to the schema exactly. */
    @get:JvmName("isStrict")
    public val strict: Boolean = false,
    /** Asks the provider to cache the prompt up to and including this tool's definition; see [CacheMarker]. */
    public val cache: CacheMarker? = null,
) {
    init {
        require(NAME.matches(name)) {
            "A tool name must be 1 to 64 letters, digits, '_' or '-' (got '$name')"
        }
    }

    /** This tool with [marker] (null removes it); see [CacheMarker]. */
    public fun withCache(marker: CacheMarker?): Tool = Tool(name, description, parameters, strict, marker)

    /** Factories of [Tool]. */
    public companion object {
        private val NAME = Regex("^[a-zA-Z0-9_-]{1,64}$")
        private val EMPTY_OBJECT = buildJsonObject {
            put("type", JsonPrimitive("object"))
            put("properties", JsonObject(emptyMap()))
        }

        /**
         * A tool whose parameter schema is given as JSON text.
         *
         * @throws IllegalArgumentException when [parametersJsonSchema] is not a JSON object.
         */
        @JvmStatic
        @JvmOverloads
        public fun of(name: String, description: String?, parametersJsonSchema: String, strict: Boolean = false): Tool {
            val schema = try {
                Json.parseToJsonElement(parametersJsonSchema).jsonObject
            } catch (e: IllegalArgumentException) {
                throw IllegalArgumentException("The parameters of tool '$name' must be a JSON schema object: ${e.message}", e)
            }
            return Tool(name, description, schema, strict)
        }

        /** A tool that takes no arguments. */
        @JvmStatic
        public fun withoutParameters(name: String, description: String?): Tool = Tool(name, description, EMPTY_OBJECT)
    }

    override fun equals(other: Any?): Boolean =
        this === other || other is Tool &&
        name == other.name &&
        description == other.description &&
        parameters == other.parameters &&
        strict == other.strict &&
        cache == other.cache

    override fun hashCode(): Int {
        var h = name.hashCode()
        h = 31 * h + (description?.hashCode() ?: 0)
        h = 31 * h + parameters.hashCode()
        h = 31 * h + strict.hashCode()
        h = 31 * h + (cache?.hashCode() ?: 0)
        return h
    }

    override fun toString(): String = "Tool(name=$name, description=$description, parameters=$parameters, strict=$strict, cache=$cache)"
}

/** Whether and which tool the model must call. */
public sealed class ToolChoice {
    /** The model decides. */
    public object Auto : ToolChoice() { override fun toString(): String = "Auto" }

    /** The model must not call tools. */
    public object None : ToolChoice() { override fun toString(): String = "None" }

    /** The model must call at least one tool. */
    public object Required : ToolChoice() { override fun toString(): String = "Required" }

    /** The model must call the tool named [name]. */
    public class Named(
        /** The tool to call. */
        public val name: String,
    ) : ToolChoice() {
        override fun equals(other: Any?): Boolean =
            this === other || other is Named &&
            name == other.name

        override fun hashCode(): Int = name.hashCode()

        override fun toString(): String = "Named(name=$name)"
    }

    /** Factories of [ToolChoice]. */
    public companion object {
        /** The model decides. */
        @JvmStatic public fun auto(): ToolChoice = Auto
        /** The model must not call tools. */
        @JvmStatic public fun none(): ToolChoice = None
        /** The model must call a tool. */
        @JvmStatic public fun required(): ToolChoice = Required
        /** The model must call [name]. */
        @JvmStatic public fun named(name: String): ToolChoice = Named(name)
    }
}
