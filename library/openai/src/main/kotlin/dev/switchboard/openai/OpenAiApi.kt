package dev.switchboard.openai

/**
 * Which of OpenAI's two APIs a client calls: [CHAT_COMPLETIONS] (`POST /chat/completions`) or [RESPONSES]
 * (`POST /responses`). Both give the same neutral results and stream events; see [OpenAiChatCompletionClient] for
 * what each one maps and what only one of them can take.
 *
 * A config chooses one with `api(...)` on its builder; a config that chooses none takes the process default,
 * [defaultApi], when it is built: the value given to [setDefaultApi] if any, else the system property
 * `switchboard.openai.api`, else the environment variable `SWITCHBOARD_OPENAI_API` (`responses` or
 * `chat_completions`), else [CHAT_COMPLETIONS] (the counterpart of the OpenAI Agents SDK's
 * `set_default_openai_api`). The [OpenAiCompatible] presets choose [CHAT_COMPLETIONS] themselves, whatever the
 * default, since most of those servers have no Responses API.
 */
public enum class OpenAiApi {
    /** The Chat Completions API: `POST <base>/chat/completions`. */
    CHAT_COMPLETIONS,

    /** The Responses API: `POST <base>/responses` (on Azure OpenAI, `POST <endpoint>/openai/v1/responses`). */
    RESPONSES,
    ;

    /** The process default and its setter. */
    public companion object {
        /** The system property read for the default (`responses` or `chat_completions`). */
        public const val PROPERTY: String = "switchboard.openai.api"

        /** The environment variable read for the default when the system property is not set. */
        public const val ENVIRONMENT_VARIABLE: String = "SWITCHBOARD_OPENAI_API"

        @Volatile
        private var chosen: OpenAiApi? = null

        /**
         * Makes [api] the default of configs built from now on that choose no API themselves; null goes back to the
         * system property and environment variable.
         */
        @JvmStatic
        public fun setDefaultApi(api: OpenAiApi?) {
            chosen = api
        }

        /**
         * The API of configs that choose none: see [OpenAiApi].
         *
         * @throws IllegalArgumentException when the system property or environment variable holds another value.
         */
        @JvmStatic
        public fun defaultApi(): OpenAiApi = chosen ?: defaultFrom(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT_VARIABLE))

        internal fun defaultFrom(property: String?, variable: String?): OpenAiApi {
            property?.trim()?.ifEmpty { null }?.let { return parse(it, "The system property $PROPERTY") }
            variable?.trim()?.ifEmpty { null }?.let { return parse(it, "The environment variable $ENVIRONMENT_VARIABLE") }
            return CHAT_COMPLETIONS
        }

        /**
         * The API named [value]: `responses` or `chat_completions` (any case, `-` for `_`).
         *
         * @throws IllegalArgumentException for any other value.
         */
        @JvmStatic
        public fun parse(value: String): OpenAiApi = parse(value, "The OpenAI API name")

        private fun parse(value: String, what: String): OpenAiApi =
            when (value.trim().lowercase().replace('-', '_')) {
                "responses" -> RESPONSES
                "chat_completions", "chat" -> CHAT_COMPLETIONS
                else -> throw IllegalArgumentException("$what must be 'responses' or 'chat_completions' (got '${value.take(40)}')")
            }
    }
}
