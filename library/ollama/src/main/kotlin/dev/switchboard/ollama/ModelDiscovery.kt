package dev.switchboard.ollama

import dev.switchboard.BadRequestException
import dev.switchboard.ModelFamily
import dev.switchboard.ModelInfo
import dev.switchboard.ProtocolException
import dev.switchboard.ollama.internal.ShowResponseDto
import dev.switchboard.ollama.internal.TagsResponseDto
import dev.switchboard.ollama.internal.WireJson
import dev.switchboard.spi.DecodeErrors
import dev.switchboard.spi.HttpTransport
import kotlinx.serialization.KSerializer
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.intOrNull
import kotlinx.serialization.json.longOrNull
import java.time.Instant
import java.time.OffsetDateTime
import java.time.format.DateTimeParseException

/** What the server says about its models: `/api/show` read into a [ModelInfo], and `/api/tags`. */
internal object ModelDiscovery {
    private const val PROVIDER = OllamaChatCodec.PROVIDER

    /**
     * What [model] can do, from `/api/show`; [numCtx] is the context window the client runs it with, if set.
     *
     * @throws dev.switchboard.SwitchboardException as the transport does ([dev.switchboard.NotFoundException] when the
     *   server does not have the model), [ProtocolException] for an answer that cannot be read, and
     *   [BadRequestException] for a model that cannot chat (an embedding model).
     */
    suspend fun modelInfo(transport: HttpTransport, codec: OllamaChatCodec, model: String, numCtx: Int?): ModelInfo {
        val response = transport.execute(codec.showRequest(model), codec.errors("/api/show", model))
        val dto = read(codec, ShowResponseDto.serializer(), response.bytes, "/api/show")
        return toModelInfo(dto, model, numCtx)
    }

    /** The models the server holds, from `/api/tags`, in the server's order. */
    suspend fun list(transport: HttpTransport, codec: OllamaChatCodec): List<OllamaModel> {
        val response = transport.execute(codec.tagsRequest(), codec.errors("/api/tags", null))
        val dto = read(codec, TagsResponseDto.serializer(), response.bytes, "/api/tags")
        return dto.models.orEmpty().mapNotNull { m ->
            val name = (m.name ?: m.model)?.takeIf { it.isNotEmpty() } ?: return@mapNotNull null
            val d = m.details
            OllamaModel(
                name, instant(m.modifiedAt), m.size ?: 0, m.digest?.ifEmpty { null }, d?.format?.ifEmpty { null },
                d?.family?.ifEmpty { null }, d?.families.orEmpty(), d?.parameterSize?.ifEmpty { null }, d?.quantizationLevel?.ifEmpty { null },
            )
        }
    }

    /**
     * The [ModelInfo] an `/api/show` answer describes. With `capabilities` (Ollama 0.6.4 and later): `vision`
     * and `tools` as listed; a model without `completion` cannot chat. Without them (older servers): vision when
     * the model has an image projector, tools when its template takes tools. Any chat model can be held to JSON
     * or a schema (Ollama constrains the output with a grammar). The context window is the smallest known of
     * [numCtx] (or the Modelfile's `num_ctx`) and the length the model was trained for.
     */
    fun toModelInfo(dto: ShowResponseDto, model: String, numCtx: Int?): ModelInfo {
        val caps = dto.capabilities
        val vision: Boolean
        val tools: Boolean
        if (caps != null) {
            if ("completion" !in caps) {
                throw BadRequestException(
                    "Ollama model '$model' cannot chat (its capabilities are $caps): use a chat model", PROVIDER, 0,
                )
            }
            vision = "vision" in caps
            tools = "tools" in caps
        } else {
            val families = dto.details?.families.orEmpty()
            vision = !dto.projectorInfo.isNullOrEmpty() || "clip" in families || "mllama" in families
            tools = dto.template?.contains(".Tools") == true
        }
        val run = numCtx ?: modelfileNumCtx(dto.parameters)
        val trained = trainedContext(dto)
        val window = if (run != null && trained != null) minOf(run, trained) else run ?: trained
        return ModelInfo(
            vision = vision,
            functionCalling = tools,
            jsonOutput = true,
            structuredOutput = true,
            family = familyOf(dto.details?.family?.takeIf { it.isNotBlank() } ?: model),
            contextWindow = window?.takeIf { it > 0 },
        )
    }

    /**
     * The family of a model or architecture name: `llama…`, `qwen…`, `mistral…` (and Mistral's other names),
     * `deepseek…` are the known families; any other name is its own family (`gemma3`, `phi4`).
     */
    fun familyOf(name: String): ModelFamily {
        val base = name.substringAfterLast('/').substringBefore(':').trim().lowercase()
        if (base.isEmpty()) return ModelFamily.UNKNOWN
        return when {
            base.startsWith("llama") || base.startsWith("mllama") -> ModelFamily.LLAMA
            base.startsWith("qwen") || base.startsWith("qwq") -> ModelFamily.QWEN
            base.startsWith("mistral") || base.startsWith("mixtral") || base.startsWith("ministral") ||
                base.startsWith("magistral") || base.startsWith("devstral") || base.startsWith("codestral") ||
                base.startsWith("pixtral") -> ModelFamily.MISTRAL
            base.startsWith("deepseek") -> ModelFamily.DEEPSEEK
            else -> ModelFamily.of(base)
        }
    }

    private fun trainedContext(dto: ShowResponseDto): Int? {
        val info = dto.modelInfo ?: return null
        val arch = (info["general.architecture"] as? JsonPrimitive)?.takeIf { it.isString }?.content
        val exact = arch?.let { info["$it.context_length"] as? JsonPrimitive }
        val any = exact ?: info.entries.firstOrNull { it.key.endsWith(".context_length") }?.value as? JsonPrimitive
        return any?.longOrNull?.takeIf { it in 1..Int.MAX_VALUE }?.toInt() ?: any?.intOrNull
    }

    private fun modelfileNumCtx(parameters: String?): Int? {
        if (parameters == null) return null
        for (line in parameters.lineSequence()) {
            val parts = line.trim().split(Regex("\\s+"), limit = 2)
            if (parts.size == 2 && parts[0] == "num_ctx") return parts[1].trim().trim('"').toIntOrNull()?.takeIf { it > 0 }
        }
        return null
    }

    private fun instant(text: String?): Instant? {
        if (text.isNullOrEmpty()) return null
        return try {
            OffsetDateTime.parse(text).toInstant()
        } catch (e: DateTimeParseException) {
            null
        }
    }

    private fun <T> read(codec: OllamaChatCodec, serializer: KSerializer<T>, body: ByteArray, endpoint: String): T {
        val text = body.decodeToString()
        return try {
            WireJson.decodeFromString(serializer, text)
        } catch (e: IllegalArgumentException) { // SerializationException is one
            throw DecodeErrors.unreadable(PROVIDER, "answer to $endpoint cannot be read", text, null, e, codec.secrets)
        }
    }
}
