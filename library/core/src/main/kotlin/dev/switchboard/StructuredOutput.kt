package dev.switchboard

import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.KSerializer
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.json.Json
import kotlinx.serialization.serializer

/**
 * Structured output with kotlinx.serialization: ask for an answer shaped like a `@Serializable` class,
 * then read the answer back as that class.
 *
 * ```
 * @Serializable data class Weather(val city: String, @Description("°C") val temperature: Double)
 *
 * val result = client.create(createRequest { user("Weather in Oslo?"); structuredOutput<Weather>() })
 * val weather: Weather = result.parse()
 * ```
 *
 * The schema comes from [JsonSchemas.of]. From Java, use [responseFormat] and [parse] here (the Java
 * facade offers a record-based API as well).
 */
public object StructuredOutput {
    /** The [Json] that [parse] uses unless told otherwise: lenient, and ignoring keys the class lacks. */
    @JvmField
    public val DEFAULT_JSON: Json = Json {
        ignoreUnknownKeys = true
        isLenient = true
    }

    private const val EXCERPT_CHARS = 200

    /**
     * A [ResponseFormat.JsonSchema] holding the strict schema of [descriptor].
     *
     * It is named [name] or, when null, after the simple part of the descriptor's serial name (see [schemaName]).
     *
     * @throws IllegalArgumentException when the type cannot be expressed as a strict schema (see [JsonSchemas.of]).
     */
    @JvmStatic
    @JvmOverloads
    public fun responseFormat(descriptor: SerialDescriptor, name: String? = null, strict: Boolean = true): ResponseFormat.JsonSchema {
        val schemaName = name ?: schemaName(descriptor)
        require(SCHEMA_NAME.matches(schemaName)) {
            "A schema name must be 1 to 64 letters, digits, '_' or '-' (got '$schemaName')"
        }
        val description = descriptor.annotations.filterIsInstance<Description>().firstOrNull()?.value
        return ResponseFormat.JsonSchema(schemaName, JsonSchemas.of(descriptor), strict, description)
    }

    /** The schema name for [descriptor]: the simple part of its serial name, limited to `[a-zA-Z0-9_-]` and 64 characters. */
    @JvmStatic
    public fun schemaName(descriptor: SerialDescriptor): String =
        JsonSchemas.sanitize(JsonSchemas.simpleName(descriptor.serialName))

    /**
     * Reads the answer text of [result] as a value of [deserializer]'s type, using [json].
     *
     * An answer wrapped in a Markdown code fence (as some models write JSON when they are not held to a
     * schema) is read without the fence.
     *
     * @throws ProtocolException when the answer has no text (the model refused, in which case the message
     *   holds the refusal, or it called tools), or when the text is not JSON of the expected shape; the
     *   message says so and quotes the start of the output, and [ProtocolException.bodyExcerpt] holds it.
     */
    @JvmStatic
    @JvmOverloads
    public fun <T> parse(result: CreateResult, deserializer: DeserializationStrategy<T>, json: Json = DEFAULT_JSON): T {
        val type = JsonSchemas.simpleName(deserializer.descriptor.serialName)
        val content = result.content
        if (content == null) {
            val message = when {
                result.refusal != null -> "The model refused to answer with $type: ${result.refusal}"
                result.hasToolCalls ->
                    "The model called tools (${result.toolCalls.joinToString { it.name }}) instead of answering with $type"
                else -> "The model's answer has no text to read as $type (finish reason ${result.finishReason})"
            }
            throw ProtocolException(message, PROVIDER, requestId = result.id, bodyExcerpt = result.refusal?.let(::excerpt))
        }
        return try {
            json.decodeFromString(deserializer, unfence(content))
        } catch (e: IllegalArgumentException) { // SerializationException is one
            val cutOff = if (result.finishReason == FinishReason.LENGTH) {
                " The answer was cut off at the token limit (finish reason LENGTH): raise maxTokens."
            } else {
                ""
            }
            val reason = e.message?.lineSequence()?.firstOrNull()?.take(300) ?: e.javaClass.simpleName
            throw ProtocolException(
                "The model's output didn't match the schema of $type: $reason.$cutOff Output: ${excerpt(content)}",
                PROVIDER, requestId = result.id, bodyExcerpt = excerpt(content), cause = e,
            )
        }
    }

    private const val PROVIDER = "unknown"
    private val SCHEMA_NAME = Regex("^[a-zA-Z0-9_-]{1,64}$")

    private fun excerpt(text: String): String =
        if (text.length <= EXCERPT_CHARS) text else text.take(EXCERPT_CHARS) + "…"

    private fun unfence(text: String): String {
        val trimmed = text.trim()
        if (!trimmed.startsWith("```") || !trimmed.endsWith("```") || trimmed.length < 6) return text
        val firstLineEnd = trimmed.indexOf('\n')
        if (firstLineEnd < 0) return text
        return trimmed.substring(firstLineEnd + 1, trimmed.length - 3)
    }
}

/**
 * Asks for an answer matching the strict JSON schema of [serializer]'s type, named [name] or, when
 * null, after the type's simple name.
 *
 * @throws IllegalArgumentException when the type cannot be expressed as a strict schema (see [JsonSchemas.of]).
 */
public fun <T> CreateRequest.Builder.structuredOutput(
    serializer: KSerializer<T>,
    name: String? = null,
    strict: Boolean = true,
): CreateRequest.Builder = responseFormat(StructuredOutput.responseFormat(serializer.descriptor, name, strict))

/**
 * Asks for an answer matching the strict JSON schema of [T], a `@Serializable` class.
 *
 * @throws IllegalArgumentException when [T] cannot be expressed as a strict schema (see [JsonSchemas.of]).
 */
public inline fun <reified T> CreateRequest.Builder.structuredOutput(
    name: String? = null,
    strict: Boolean = true,
): CreateRequest.Builder = structuredOutput(serializer<T>(), name, strict)

/**
 * Reads this result's answer as a value of [deserializer]'s type.
 *
 * @throws ProtocolException when there is no answer text (refusal, tool calls) or it does not match; see [StructuredOutput.parse].
 */
public fun <T> CreateResult.parse(deserializer: DeserializationStrategy<T>, json: Json = StructuredOutput.DEFAULT_JSON): T =
    StructuredOutput.parse(this, deserializer, json)

/**
 * Reads this result's answer as a [T], a `@Serializable` class.
 *
 * @throws ProtocolException when there is no answer text (refusal, tool calls) or it does not match; see [StructuredOutput.parse].
 */
public inline fun <reified T> CreateResult.parse(json: Json = StructuredOutput.DEFAULT_JSON): T =
    StructuredOutput.parse(this, serializer<T>(), json)
