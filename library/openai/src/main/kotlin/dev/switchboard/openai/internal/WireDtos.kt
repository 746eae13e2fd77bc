package dev.switchboard.openai.internal

import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import kotlinx.serialization.descriptors.PrimitiveKind
import kotlinx.serialization.descriptors.PrimitiveSerialDescriptor
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.encoding.Decoder
import kotlinx.serialization.encoding.Encoder
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonDecoder
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/** The JSON settings of the Chat Completions wire format: nulls omitted, unknown fields ignored. */
internal val WireJson: Json = Json {
    explicitNulls = false
    encodeDefaults = false
    ignoreUnknownKeys = true
}

// ---------------------------------------------------------------- request

@Serializable
internal class ChatRequestDto(
    val model: String,
    val messages: List<MessageDto>,
    val temperature: Double? = null,
    @SerialName("top_p") val topP: Double? = null,
    @SerialName("max_tokens") val maxTokens: Int? = null,
    @SerialName("max_completion_tokens") val maxCompletionTokens: Int? = null,
    val stop: List<String>? = null,
    val seed: Long? = null,
    val n: Int? = null,
    @SerialName("presence_penalty") val presencePenalty: Double? = null,
    @SerialName("frequency_penalty") val frequencyPenalty: Double? = null,
    @SerialName("logit_bias") val logitBias: Map<String, Int>? = null,
    val logprobs: Boolean? = null,
    @SerialName("top_logprobs") val topLogprobs: Int? = null,
    val tools: List<ToolDto>? = null,
    /** `"auto"`, `"none"`, `"required"` or `{"type":"function","function":{"name":…}}`. */
    @SerialName("tool_choice") val toolChoice: JsonElement? = null,
    @SerialName("parallel_tool_calls") val parallelToolCalls: Boolean? = null,
    @SerialName("response_format") val responseFormat: ResponseFormatDto? = null,
    @SerialName("reasoning_effort") val reasoningEffort: String? = null,
    val user: String? = null,
    val stream: Boolean? = null,
    @SerialName("stream_options") val streamOptions: StreamOptionsDto? = null,
)

@Serializable
internal class MessageDto(
    val role: String,
    /** A string, or an array of content parts for user messages with images. */
    val content: JsonElement? = null,
    val name: String? = null,
    @SerialName("tool_calls") val toolCalls: List<ToolCallDto>? = null,
    @SerialName("tool_call_id") val toolCallId: String? = null,
)

@Serializable
internal class ToolDto(val type: String, val function: FunctionDefinitionDto)

@Serializable
internal class FunctionDefinitionDto(
    val name: String,
    val description: String? = null,
    val parameters: JsonObject,
    val strict: Boolean? = null,
)

@Serializable
internal class ResponseFormatDto(
    val type: String,
    @SerialName("json_schema") val jsonSchema: JsonSchemaDto? = null,
)

@Serializable
internal class JsonSchemaDto(
    val name: String,
    val description: String? = null,
    val schema: JsonObject,
    val strict: Boolean? = null,
)

@Serializable
internal class StreamOptionsDto(@SerialName("include_usage") val includeUsage: Boolean)

// ---------------------------------------------------------------- both directions

/** A tool call: complete in requests and responses, a fragment in stream deltas. */
@Serializable
internal class ToolCallDto(
    val index: Int? = null,
    val id: String? = null,
    val type: String? = null,
    val function: FunctionCallDto? = null,
)

@Serializable
internal class FunctionCallDto(
    val name: String? = null,
    @Serializable(with = ArgumentsSerializer::class) val arguments: String? = null,
)

// ---------------------------------------------------------------- response and stream

/**
 * A `chat.completion` object, or one `chat.completion.chunk` of a stream: the two share their shape,
 * except that a choice holds the whole [ChoiceDto.message] in the first and a [ChoiceDto.delta] in the
 * second.
 */
@Serializable
internal class ChatCompletionDto(
    val id: String? = null,
    val model: String? = null,
    val choices: List<ChoiceDto>? = null,
    val usage: UsageDto? = null,
    val error: JsonElement? = null,
    /** Azure: what the content filter found in the prompt. */
    @SerialName("prompt_filter_results") val promptFilterResults: JsonElement? = null,
)

@Serializable
internal class ChoiceDto(
    val index: Int = 0,
    /** The whole answer (a `chat.completion`). */
    val message: OutputMessageDto? = null,
    /** The next piece of the answer (a `chat.completion.chunk`). */
    val delta: OutputMessageDto? = null,
    @SerialName("finish_reason") val finishReason: String? = null,
    val logprobs: LogprobsDto? = null,
    /** Azure: what the content filter found in this choice (in a stream, in this chunk of it). */
    @SerialName("content_filter_results") val contentFilterResults: JsonElement? = null,
)

/** What the model wrote: a whole message in a response, the new part of it in a stream chunk. */
@Serializable
internal class OutputMessageDto(
    @Serializable(with = MessageContentSerializer::class) val content: MessageContent? = null,
    val refusal: String? = null,
    @SerialName("tool_calls") val toolCalls: List<ToolCallDto>? = null,
    @SerialName("function_call") val functionCall: FunctionCallDto? = null,
    @Serializable(with = LenientStringSerializer::class)
    @SerialName("reasoning_content") val reasoningContent: String? = null,
    @Serializable(with = LenientStringSerializer::class) val reasoning: String? = null,
) {
    /** The reasoning text, whichever field the server put it in (DeepSeek, xAI, vLLM, OpenRouter, Mistral). */
    val thought: String? get() = reasoningContent ?: reasoning ?: content?.thinking
}

/** The log probabilities of the content tokens, or of the refusal tokens when the model refused. */
@Serializable
internal class LogprobsDto(val content: List<TokenLogprobDto>? = null, val refusal: List<TokenLogprobDto>? = null)

@Serializable
internal class TokenLogprobDto(
    val token: String,
    val logprob: Double,
    val bytes: List<Int>? = null,
    @SerialName("top_logprobs") val topLogprobs: List<TopLogprobDto>? = null,
)

@Serializable
internal class TopLogprobDto(val token: String, val logprob: Double, val bytes: List<Int>? = null)

@Serializable
internal class UsageDto(
    @SerialName("prompt_tokens") val promptTokens: Int = 0,
    @SerialName("completion_tokens") val completionTokens: Int = 0,
    @SerialName("prompt_tokens_details") val promptDetails: PromptDetailsDto? = null,
    @SerialName("completion_tokens_details") val completionDetails: CompletionDetailsDto? = null,
    /** DeepSeek's name for cached prompt tokens. */
    @SerialName("prompt_cache_hit_tokens") val promptCacheHitTokens: Int? = null,
)

@Serializable
internal class PromptDetailsDto(@SerialName("cached_tokens") val cachedTokens: Int? = null)

@Serializable
internal class CompletionDetailsDto(@SerialName("reasoning_tokens") val reasoningTokens: Int? = null)

// ---------------------------------------------------------------- lenient field readers

/** Message text with, from servers that send content as parts (Mistral), the text of `thinking` parts. */
internal class MessageContent(val text: String?, val thinking: String?)

/**
 * Message content: a string as OpenAI sends it, or (some OpenAI-compatible servers) an array of parts
 * whose `text` parts are joined into [MessageContent.text] and `thinking` parts into
 * [MessageContent.thinking].
 */
internal object MessageContentSerializer : KSerializer<MessageContent?> {
    override val descriptor: SerialDescriptor =
        PrimitiveSerialDescriptor("dev.switchboard.openai.MessageContent", PrimitiveKind.STRING)

    override fun deserialize(decoder: Decoder): MessageContent? {
        val json = decoder as? JsonDecoder ?: return MessageContent(decoder.decodeString(), null)
        return when (val element = json.decodeJsonElement()) {
            is JsonNull -> null
            is JsonPrimitive -> MessageContent(element.content, null)
            is JsonArray -> {
                var text: StringBuilder? = null
                var thinking: StringBuilder? = null
                for (part in element) {
                    if (part !is JsonObject) continue
                    when (stringOf(part["type"])) {
                        "thinking" -> appendTexts(part["thinking"]) { (thinking ?: StringBuilder().also { thinking = it }).append(it) }
                        else -> stringOf(part["text"])?.let { (text ?: StringBuilder().also { b -> text = b }).append(it) }
                    }
                }
                MessageContent(text?.toString(), thinking?.toString())
            }
            is JsonObject -> MessageContent(stringOf(element["text"]), null)
        }
    }

    private fun stringOf(e: JsonElement?): String? = (e as? JsonPrimitive)?.takeIf { it.isString }?.content

    private inline fun appendTexts(e: JsonElement?, add: (String) -> Unit) {
        when (e) {
            is JsonPrimitive -> stringOf(e)?.let(add)
            is JsonArray -> for (p in e) stringOf((p as? JsonObject)?.get("text") ?: p)?.let(add)
            else -> Unit
        }
    }

    @OptIn(ExperimentalSerializationApi::class)
    override fun serialize(encoder: Encoder, value: MessageContent?) {
        val text = value?.text
        if (text == null) encoder.encodeNull() else encoder.encodeString(text)
    }
}

/** A string field that some servers send as another JSON type: anything but a string reads as null. */
internal object LenientStringSerializer : KSerializer<String?> {
    override val descriptor: SerialDescriptor = PrimitiveSerialDescriptor("dev.switchboard.openai.LenientString", PrimitiveKind.STRING)

    override fun deserialize(decoder: Decoder): String? {
        val json = decoder as? JsonDecoder ?: return decoder.decodeString()
        val element = json.decodeJsonElement()
        return if (element is JsonPrimitive && element.isString) element.content else null
    }

    @OptIn(ExperimentalSerializationApi::class)
    override fun serialize(encoder: Encoder, value: String?) {
        if (value == null) encoder.encodeNull() else encoder.encodeString(value)
    }
}

/** Tool-call arguments: JSON text as OpenAI sends it, or a JSON object (some servers), kept as its text. */
internal object ArgumentsSerializer : KSerializer<String?> {
    override val descriptor: SerialDescriptor = PrimitiveSerialDescriptor("dev.switchboard.openai.Arguments", PrimitiveKind.STRING)

    override fun deserialize(decoder: Decoder): String? {
        val json = decoder as? JsonDecoder ?: return decoder.decodeString()
        return when (val element = json.decodeJsonElement()) {
            is JsonNull -> null
            is JsonPrimitive -> element.content
            else -> element.toString()
        }
    }

    @OptIn(ExperimentalSerializationApi::class)
    override fun serialize(encoder: Encoder, value: String?) {
        if (value == null) encoder.encodeNull() else encoder.encodeString(value)
    }
}
