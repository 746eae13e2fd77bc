package dev.switchboard.llamacpp

import dev.switchboard.ModelInfo
import dev.switchboard.SwitchboardDsl
import java.nio.file.Path
import java.nio.file.Paths

/**
 * Which GGUF file to run in process and how: the model file, the context window to allocate, how many requests run
 * at once ([parallel], llama.cpp's slots, which share the context), CPU threads, layers offloaded to a GPU, whether a
 * request reuses the cached prompt of the previous one, and optionally the model's name and capabilities.
 * Immutable; build one with [builder] or [fromEnvironment], and derive variants with [newBuilder].
 */
public class LlamaCppConfig private constructor(b: Builder) {
    /** The GGUF model file. */
    public val modelPath: Path = checkNotNull(b.modelPath) {
        "No GGUF model file: set LlamaCppConfig.builder().modelPath(...) or the environment variable $MODEL_ENV"
    }

    /** The context window allocated, in tokens, shared by the [parallel] slots; null takes the model's own (capped at 4096). */
    public val contextSize: Int? = b.contextSize

    /** How many requests generate at once, each in a slot of `contextSize / parallel` tokens; others queue. */
    public val parallel: Int = b.parallel

    /** CPU threads for generation; null lets llama.cpp choose (the cores it sees). */
    public val threads: Int? = b.threads

    /** Layers offloaded to a GPU (0 for CPU only, which is all the bundled native library does on Linux). */
    public val gpuLayers: Int = b.gpuLayers

    /**
     * Whether a request reuses the cached key-value state of the previous request's common prompt prefix (faster for
     * chats). Off makes every request evaluate its whole prompt, so a seed repeats its tokens exactly.
     */
    @get:JvmName("isPromptCache")
    public val promptCache: Boolean = b.promptCache

    /**
     * The chat format to render conversations in: the name of one of llama.cpp's built-in formats (`chatml`, `llama3`,
     * `gemma`, `mistral-v7`, `phi3`, `deepseek3`…) or a template text it recognises; null takes the model's own
     * `tokenizer.chat_template`, from which llama.cpp picks the matching built-in format (ChatML when none matches).
     */
    public val chatTemplate: String? = b.chatTemplate

    /** The model's name as results report it; null takes `general.name` from the file, or its file name. */
    public val modelName: String? = b.modelName

    /** The model's capabilities; null derives them from the file (see [LlamaCppChatCompletionClient.modelInfo]). */
    public val modelInfo: ModelInfo? = b.modelInfo

    /** A builder holding this configuration. */
    public fun newBuilder(): Builder = Builder(this)

    override fun toString(): String =
        "LlamaCppConfig(modelPath=$modelPath, contextSize=$contextSize, parallel=$parallel, threads=$threads, " +
            "gpuLayers=$gpuLayers, promptCache=$promptCache, chatTemplate=${chatTemplate?.take(40)}, modelName=$modelName)"

    /**
     * Builds a [LlamaCppConfig]. From Kotlin, `LlamaCppConfig { modelPath = Path.of("model.gguf"); parallel = 2 }`
     * sets the same values as properties, checked as the setters check them.
     */
    @SwitchboardDsl
    public class Builder internal constructor() {
        /** The GGUF model file. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var modelPath: Path? = null
        /** The context window to allocate (positive), or null for the model's own, capped at 4096. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var contextSize: Int? = null
            set(value) { require(value == null || value > 0) { "contextSize must be positive (got $value)" }; field = value }
        /** How many requests generate at once (at least 1). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var parallel: Int = 1
            set(value) { require(value in 1..64) { "parallel must be between 1 and 64 (got $value)" }; field = value }
        /** CPU threads for generation (positive), or null to let llama.cpp choose. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var threads: Int? = null
            set(value) { require(value == null || value > 0) { "threads must be positive (got $value)" }; field = value }
        /** Layers offloaded to a GPU (0 or more). */
        @get:JvmSynthetic @set:JvmSynthetic
        public var gpuLayers: Int = 0
            set(value) { require(value >= 0) { "gpuLayers must not be negative (got $value)" }; field = value }
        /** Whether requests reuse the cached prompt prefix of the previous one. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var promptCache: Boolean = true
        /** The chat format (a llama.cpp built-in name or template text); null for the model's own. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var chatTemplate: String? = null
        /** The model's name; null for the file's `general.name`. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var modelName: String? = null
        /** The model's capabilities; null to derive them from the file. */
        @get:JvmSynthetic @set:JvmSynthetic
        public var modelInfo: ModelInfo? = null

        internal constructor(c: LlamaCppConfig) : this() {
            modelPath = c.modelPath; contextSize = c.contextSize; parallel = c.parallel; threads = c.threads
            gpuLayers = c.gpuLayers; promptCache = c.promptCache; chatTemplate = c.chatTemplate; modelName = c.modelName; modelInfo = c.modelInfo
        }

        /** Sets the GGUF model file. */
        public fun modelPath(value: Path): Builder = apply { modelPath = value }

        /** Sets the GGUF model file by its path. */
        public fun modelPath(value: String): Builder = apply {
            require(value.isNotBlank()) { "The GGUF model path must not be blank" }
            modelPath = Paths.get(value)
        }

        /** Sets the context window to allocate, in tokens, shared by the [parallel] slots. */
        public fun contextSize(tokens: Int): Builder = apply { contextSize = tokens }

        /** Sets how many requests generate at once; more requests than that queue. */
        public fun parallel(slots: Int): Builder = apply { parallel = slots }

        /** Sets the CPU threads for generation. */
        public fun threads(count: Int): Builder = apply { threads = count }

        /** Sets the layers offloaded to a GPU. */
        public fun gpuLayers(layers: Int): Builder = apply { gpuLayers = layers }

        /** Sets whether requests reuse the cached prompt prefix of the previous one. */
        public fun promptCache(enabled: Boolean): Builder = apply { promptCache = enabled }

        /** Sets the chat format: a llama.cpp built-in name such as `chatml` or `llama3`, or a template text. */
        public fun chatTemplate(template: String): Builder = apply {
            require(template.isNotBlank()) { "A chat template must not be blank" }
            chatTemplate = template
        }

        /** Sets the model's name as results report it. */
        public fun modelName(name: String): Builder = apply {
            require(name.isNotBlank()) { "A model name must not be blank" }
            modelName = name
        }

        /** Sets the model's capabilities instead of deriving them from the file. */
        public fun modelInfo(info: ModelInfo): Builder = apply { modelInfo = info }

        /**
         * The configuration.
         *
         * @throws IllegalStateException when no model file is set.
         */
        public fun build(): LlamaCppConfig = LlamaCppConfig(this)
    }

    /** Factories and names. */
    public companion object {
        /** The environment variable naming the GGUF file [fromEnvironment] takes. */
        public const val MODEL_ENV: String = "SWITCHBOARD_GGUF_MODEL"

        /** A builder with no model file set, one slot, the prompt cache on. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /** A builder for the GGUF file at [modelPath]. */
        @JvmStatic
        public fun builder(modelPath: Path): Builder = Builder().modelPath(modelPath)

        /** A builder preset with the model file named by `SWITCHBOARD_GGUF_MODEL`, where set and not blank. */
        @JvmStatic
        public fun fromEnvironment(): Builder = fromEnvironment(System::getenv)

        internal fun fromEnvironment(env: (String) -> String?): Builder {
            val b = Builder()
            env(MODEL_ENV)?.trim()?.takeIf { it.isNotEmpty() }?.let { b.modelPath(it) }
            return b
        }
    }
}

/** A [LlamaCppConfig] built in Kotlin: `LlamaCppConfig { modelPath = Path.of("model.gguf") }`. */
public fun LlamaCppConfig(block: LlamaCppConfig.Builder.() -> Unit): LlamaCppConfig =
    LlamaCppConfig.builder().apply(block).build()
