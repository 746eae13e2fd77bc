package dev.switchboard.langchain4j.internal

import dev.langchain4j.agent.tool.ToolSpecification
import dev.langchain4j.internal.JsonSchemaElementJsonUtils
import dev.langchain4j.model.chat.request.ResponseFormatType
import dev.langchain4j.model.chat.request.json.JsonObjectSchema
import dev.langchain4j.model.chat.request.json.JsonRawSchema
import dev.langchain4j.model.chat.request.json.JsonSchema
import dev.langchain4j.model.chat.request.json.JsonSchemaElement
import dev.switchboard.ResponseFormat
import dev.switchboard.Tool
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.longOrNull
import dev.langchain4j.model.chat.request.ResponseFormat as Lc4jResponseFormat

/** JSON schemas, tools and response formats between LangChain4j's schema elements and Switchboard's JSON objects. */
internal object Schemas {
    private val EMPTY_OBJECT: JsonObject = JsonObject(mapOf("type" to JsonPrimitive("object"), "properties" to JsonObject(emptyMap())))

    /** A LangChain4j schema element as the JSON schema it stands for. */
    fun toJson(element: JsonSchemaElement): JsonObject =
        if (element is JsonRawSchema) {
            parseObject(element.schema(), "the raw JSON schema")
        } else {
            fromPlain(JsonSchemaElementJsonUtils.toMap(element)) as JsonObject
        }

    /** A JSON schema as LangChain4j's schema element; keywords LangChain4j cannot model fail with a clear message. */
    fun toElement(schema: JsonObject, what: String): JsonSchemaElement = try {
        @Suppress("UNCHECKED_CAST")
        JsonSchemaElementJsonUtils.fromMap(toPlain(schema) as Map<String, Any?>)
    } catch (e: RuntimeException) {
        throw IllegalArgumentException("LangChain4j cannot represent the JSON schema of $what: ${e.message}", e)
    }

    fun tool(spec: ToolSpecification): Tool {
        val parameters = spec.parameters()?.let { toJson(it) } ?: EMPTY_OBJECT
        return Tool(spec.name(), spec.description(), parameters, spec.strict() ?: false)
    }

    fun toolSpecification(tool: Tool): ToolSpecification {
        val element = toElement(tool.parameters, "tool '${tool.name}'")
        require(element is JsonObjectSchema) {
            "The parameters of tool '${tool.name}' must be an object schema for LangChain4j (got ${element.javaClass.simpleName})"
        }
        return ToolSpecification.builder().name(tool.name).description(tool.description).parameters(element)
            .strict(if (tool.strict) true else null).build()
    }

    fun responseFormat(format: Lc4jResponseFormat?, strict: Boolean): ResponseFormat? {
        if (format == null) return null
        return when (format.type()) {
            ResponseFormatType.TEXT, null -> ResponseFormat.Text
            ResponseFormatType.JSON -> {
                val schema = format.jsonSchema() ?: return ResponseFormat.JsonObjectFormat
                val root = schema.rootElement()
                    ?: throw IllegalArgumentException("The JSON response format '${schema.name()}' has no root element")
                ResponseFormat.JsonSchema(schema.name() ?: "response", toJson(root), strict)
            }
        }
    }

    fun lc4jResponseFormat(format: ResponseFormat?): Lc4jResponseFormat? = when (format) {
        null -> null
        ResponseFormat.Text -> Lc4jResponseFormat.TEXT
        ResponseFormat.JsonObjectFormat -> Lc4jResponseFormat.JSON
        is ResponseFormat.JsonSchema -> Lc4jResponseFormat.builder().type(ResponseFormatType.JSON)
            .jsonSchema(JsonSchema.builder().name(format.name).rootElement(toElement(format.schema, "response format '${format.name}'")).build())
            .build()
    }

    fun parseObject(json: String, what: String): JsonObject = try {
        Json.parseToJsonElement(json).jsonObject
    } catch (e: IllegalArgumentException) {
        throw IllegalArgumentException("$what is not a JSON object: ${e.message}", e)
    }

    private fun fromPlain(value: Any?): JsonElement = when (value) {
        null -> JsonNull
        is JsonElement -> value
        is String -> JsonPrimitive(value)
        is Boolean -> JsonPrimitive(value)
        is Number -> JsonPrimitive(value)
        is Enum<*> -> JsonPrimitive(value.name)
        is Map<*, *> -> JsonObject(value.entries.associate { (k, v) -> k.toString() to fromPlain(v) })
        is Iterable<*> -> JsonArray(value.map { fromPlain(it) })
        is Array<*> -> JsonArray(value.map { fromPlain(it) })
        else -> throw IllegalArgumentException("A JSON schema holds a ${value.javaClass.name}, which is not JSON")
    }

    private fun toPlain(element: JsonElement): Any? = when (element) {
        JsonNull -> null
        is JsonObject -> element.mapValuesTo(LinkedHashMap()) { (_, v) -> toPlain(v) }
        is JsonArray -> element.map { toPlain(it) }
        is JsonPrimitive -> when {
            element.isString -> element.content
            element.booleanOrNull != null -> element.booleanOrNull
            element.longOrNull != null -> element.longOrNull
            else -> element.doubleOrNull
        }
    }
}
