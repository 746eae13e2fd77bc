package dev.switchboard.openai.tokenizer

import com.knuddels.jtokkit.Encodings
import com.knuddels.jtokkit.api.Encoding
import com.knuddels.jtokkit.api.EncodingType
import dev.switchboard.AssistantMessage
import dev.switchboard.DocumentPart
import dev.switchboard.ImagePart
import dev.switchboard.LlmMessage
import dev.switchboard.ModelFamily
import dev.switchboard.SystemMessage
import dev.switchboard.TextPart
import dev.switchboard.Tool
import dev.switchboard.ToolResultMessage
import dev.switchboard.UserMessage
import dev.switchboard.openai.OpenAiModels
import dev.switchboard.openai.OpenAiTokenizerProvider
import dev.switchboard.TokenCounter
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Counts the prompt tokens of a Chat Completions request with OpenAI's tokenizers (jtokkit):
 * `o200k_base` for gpt-4o, gpt-4.1, gpt-5 and the o-series, `cl100k_base` for gpt-4 and gpt-3.5.
 *
 * The count follows OpenAI's cookbook ("How to count tokens with tiktoken"), which matches the API's
 * `prompt_tokens` for text conversations:
 * - every message costs 3 tokens plus its role and content; a `name` costs its tokens plus 1;
 *   the reply is primed with 3 more;
 * - every tool result is its own `tool` message;
 * - an assistant's tool call costs its name and arguments plus 3 (an approximation);
 * - tool definitions use the cookbook's `num_tokens_for_tools` constants: 7 tokens per function for
 *   `o200k_base` models (10 for `cl100k_base`), `name:description`, 3 for the properties block, and per
 *   property 3 plus `name:type:description` (a trailing `.` dropped), with -3 plus 3 and its tokens for
 *   each enum value, then 12 per function. Nested schemas are not counted beyond their top-level properties;
 * - images use OpenAI's tile formula: 85 tokens at low detail, otherwise 85 + 170 per 512-pixel tile
 *   after fitting the image in 2048×2048 and its shorter side in 768. The size is read from inline PNG,
 *   GIF and JPEG data; an image given by URL (or in another format) is counted as 1024×1024 (765 tokens).
 *   Some models (gpt-4o-mini, gpt-4.1-mini, o4-mini) bill images differently: there it is an estimate.
 *
 * This class is the artifact `dev.switchboard:switchboard-openai-tokenizer`, apart from `switchboard-openai` so that
 * applications that never count tokens do without jtokkit's vocabularies (about 3 MB). With it on the classpath,
 * the OpenAI and Azure OpenAI clients' [dev.switchboard.ChatCompletionClient.countTokens] and
 * [dev.switchboard.ChatCompletionClient.remainingTokens] count with it (found through [OpenAiTokenizerProvider]
 * on their first count); without it they fail for OpenAI's families, saying to add it.
 *
 * Instances are immutable and thread-safe.
 */
public class OpenAiTokenCounter private constructor(
    private val encoding: Encoding,
    private val functionInit: Int,
) : TokenCounter {

    /** The tokens of [text] alone, with no message overhead. */
    public fun countText(text: String): Int = if (text.isEmpty()) 0 else encoding.countTokensOrdinary(text)

    override fun count(messages: List<LlmMessage>, tools: List<Tool>): Int {
        var n = REPLY_PRIMING
        for (m in messages) {
            when (m) {
                is SystemMessage -> n += PER_MESSAGE + countText("system") + countText(m.content)
                is UserMessage -> {
                    n += PER_MESSAGE + countText("user")
                    for (p in m.content) {
                        n += when (p) {
                            is TextPart -> countText(p.text)
                            is ImagePart -> ImageTokens.estimate(p.image)
                            // Text documents count as their text; others (PDF pages become images and text) as an estimate.
                            is DocumentPart -> p.document.text()?.let { countText(it) } ?: (p.document.size / 4)
                        }
                    }
                    m.name?.let { n += countText(it) + PER_NAME }
                }
                is AssistantMessage -> {
                    n += PER_MESSAGE + countText("assistant") + countText(m.content ?: "")
                    for (c in m.toolCalls) n += countText(c.name) + countText(c.arguments) + PER_TOOL_CALL
                    m.name?.let { n += countText(it) + PER_NAME }
                }
                is ToolResultMessage -> for (r in m.results) n += PER_MESSAGE + countText("tool") + countText(r.content)
            }
        }
        if (tools.isNotEmpty()) n += countTools(tools)
        return n
    }

    private fun countTools(tools: List<Tool>): Int {
        var n = 0
        for (t in tools) {
            n += functionInit
            n += countText(t.name + ":" + (t.description ?: "").removeSuffix("."))
            val properties = t.parameters["properties"] as? JsonObject
            if (!properties.isNullOrEmpty()) {
                n += PROPERTIES_INIT
                for ((key, schema) in properties) {
                    n += PROPERTY_KEY
                    val obj = schema as? JsonObject
                    val type = (obj?.get("type") as? JsonPrimitive)?.content ?: ""
                    val description = ((obj?.get("description") as? JsonPrimitive)?.content ?: "").removeSuffix(".")
                    (obj?.get("enum") as? JsonArray)?.let { values ->
                        n += ENUM_INIT
                        for (v in values) n += ENUM_ITEM + countText((v as? JsonPrimitive)?.content ?: v.toString())
                    }
                    n += countText("$key:$type:$description")
                }
            }
            n += FUNCTION_END
        }
        return n
    }

    override fun toString(): String = "OpenAiTokenCounter(${encoding.name})"

    /** The counters by encoding and by model. */
    public companion object {
        private const val PER_MESSAGE = 3
        private const val PER_NAME = 1
        private const val REPLY_PRIMING = 3
        private const val PER_TOOL_CALL = 3
        private const val PROPERTIES_INIT = 3
        private const val PROPERTY_KEY = 3
        private const val ENUM_INIT = -3
        private const val ENUM_ITEM = 3
        private const val FUNCTION_END = 12

        private val registry by lazy { Encodings.newLazyEncodingRegistry() }
        private val o200kLoaded = lazy { OpenAiTokenCounter(registry.getEncoding(EncodingType.O200K_BASE), 7) }
        private val cl100kLoaded = lazy { OpenAiTokenCounter(registry.getEncoding(EncodingType.CL100K_BASE), 10) }
        private val o200k by o200kLoaded
        private val cl100k by cl100kLoaded

        /** The counter for models using `o200k_base` (gpt-4o, gpt-4.1, gpt-5, o1, o3, o4). */
        @JvmStatic
        public fun o200k(): OpenAiTokenCounter = o200k

        /** The counter for models using `cl100k_base` (gpt-4, gpt-3.5-turbo). */
        @JvmStatic
        public fun cl100k(): OpenAiTokenCounter = cl100k

        /**
         * The counter for a model of [family]: exact for OpenAI's families, [TokenCounter.ESTIMATE]
         * (about 4 characters a token) for others, whose tokenizers this library does not have.
         */
        @JvmStatic
        public fun forFamily(family: ModelFamily): TokenCounter = counterOf(family)?.value ?: TokenCounter.ESTIMATE

        private fun counterOf(family: ModelFamily): Lazy<OpenAiTokenCounter>? = when (family) {
            ModelFamily.GPT_5, ModelFamily.GPT_41, ModelFamily.GPT_4O, ModelFamily.O1, ModelFamily.O3, ModelFamily.O4 -> o200kLoaded
            ModelFamily.GPT_4, ModelFamily.GPT_35 -> cl100kLoaded
            else -> null
        }

        /** The counter for [model], by its family ([OpenAiModels.familyOf]). */
        @JvmStatic
        public fun forModel(model: String): TokenCounter = forFamily(OpenAiModels.familyOf(model))
    }
}
