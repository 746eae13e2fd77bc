package dev.switchboard

import dev.switchboard.spi.HttpErrors
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.KSerializer
import kotlinx.serialization.json.Json
import kotlinx.serialization.serializer

/**
 * A tool whose parameters are the properties of [serializer]'s type, a `@Serializable` class: its strict
 * JSON schema comes from [JsonSchemas.of], so [Description] annotations reach the model. [description]
 * defaults to the class's own [Description], if it has one. Read a call's arguments back with
 * [FunctionCall.arguments].
 *
 * @throws IllegalArgumentException when the name is not a valid tool name, or the type cannot be expressed
 *   as a strict schema (see [JsonSchemas.of]).
 */
@JvmSynthetic
public fun Tool.Companion.of(
    name: String,
    description: String?,
    serializer: KSerializer<*>,
    strict: Boolean = true,
): Tool {
    val descriptor = serializer.descriptor
    val text = description ?: descriptor.annotations.filterIsInstance<Description>().firstOrNull()?.value
    return Tool(name, text, JsonSchemas.of(descriptor), strict)
}

/**
 * A tool whose parameters are the properties of [T], a `@Serializable` class:
 * `Tool.of<Weather>("get_weather", "The weather in a city")`. See the overload taking a serializer.
 *
 * @throws IllegalArgumentException when the name is not a valid tool name, or [T] cannot be expressed as a
 *   strict schema (see [JsonSchemas.of]).
 */
@JvmSynthetic
public inline fun <reified T> Tool.Companion.of(name: String, description: String? = null, strict: Boolean = true): Tool =
    of(name, description, serializer<T>(), strict)

/**
 * This call's arguments read as a value of [deserializer]'s type, using [json] (by default
 * [StructuredOutput.DEFAULT_JSON], which ignores properties the type lacks). Blank arguments, which some
 * providers send for a call without parameters, read as `{}`.
 *
 * @throws ToolArgumentsException when the arguments are not JSON of that shape; its message names the tool
 *   and what did not fit, for a [FunctionExecutionResult.error] that lets the model try again.
 */
@JvmSynthetic
public fun <T> FunctionCall.arguments(deserializer: DeserializationStrategy<T>, json: Json = StructuredOutput.DEFAULT_JSON): T {
    val text = arguments.ifBlank { "{}" }
    return try {
        json.decodeFromString(deserializer, text)
    } catch (e: IllegalArgumentException) { // SerializationException is one, and so is a failed require() in the type's init
        val reason = e.message?.lineSequence()?.firstOrNull()?.take(REASON_CHARS)?.let(HttpErrors::redact) ?: e.javaClass.simpleName
        val type = JsonSchemas.simpleName(deserializer.descriptor.serialName)
        throw ToolArgumentsException(
            "The arguments of call '$id' of tool '$name' do not fit $type: $reason",
            name, id, excerpt(HttpErrors.redact(text)), e,
        )
    }
}

/**
 * This call's arguments read as a [T], a `@Serializable` class: `call.arguments<Weather>()`. See the
 * overload taking a deserializer.
 *
 * @throws ToolArgumentsException when the arguments are not JSON of that shape.
 */
@JvmSynthetic
public inline fun <reified T> FunctionCall.arguments(json: Json = StructuredOutput.DEFAULT_JSON): T =
    arguments(serializer<T>(), json)

private const val REASON_CHARS = 300
private const val EXCERPT_CHARS = 200

private fun excerpt(text: String): String = if (text.length <= EXCERPT_CHARS) text else text.take(EXCERPT_CHARS) + "…"
