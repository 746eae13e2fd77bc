package dev.switchboard.openai

import dev.switchboard.EndpointConfigBuilder
import dev.switchboard.SwitchboardDsl

/**
 * The options of the OpenAI wire formats that every config speaking them shares ([OpenAiConfig],
 * [AzureOpenAiConfig]), set on its builder: which API is called ([api], the process default when the builder chose
 * none), how the output limit and system messages are sent, whether streams ask for the usage, the provider's name,
 * and the Responses API's `store` and `reasoning.summary`. What null chooses is each config's own (see its properties).
 */
internal class ChatCompletionsOptions(
    val useMaxCompletionTokens: Boolean?,
    val useDeveloperRole: Boolean?,
    val streamUsage: Boolean,
    val providerName: String,
    /** The API chosen on the builder, or null when it took the default. */
    val chosenApi: OpenAiApi? = null,
    val store: Boolean? = null,
    val reasoningSummary: String? = null,
) {
    /** The API called: the builder's choice, else the process default when the config was built. */
    val api: OpenAiApi = chosenApi ?: OpenAiApi.defaultApi()

    init {
        require(providerName.isNotBlank()) { "The provider name must not be blank" }
        require(reasoningSummary == null || reasoningSummary in SUMMARIES) {
            "The reasoning summary must be one of ${SUMMARIES.joinToString()} (got '$reasoningSummary')"
        }
        require(api == OpenAiApi.RESPONSES || (store == null && reasoningSummary == null)) {
            "store and reasoningSummary are options of the Responses API, which this config does not call: " +
                "also choose api(OpenAiApi.RESPONSES), or leave them unset"
        }
    }

    /** The Responses API's options. */
    fun responsesOptions(encryptedReasoning: Boolean): ResponsesWireOptions =
        ResponsesWireOptions(store, reasoningSummary, encryptedReasoning)

    /** The wire options, with null choices made as [maxCompletionTokens] and [developerRole] say. */
    fun wireOptions(
        maxCompletionTokens: Boolean,
        developerRole: Boolean,
        guided: GuidedDecodingDialect = GuidedDecodingDialect.NONE,
    ): WireOptions = WireOptions(useMaxCompletionTokens ?: maxCompletionTokens, useDeveloperRole ?: developerRole, streamUsage, guided)

    override fun toString(): String =
        "api=$api, useMaxCompletionTokens=$useMaxCompletionTokens, useDeveloperRole=$useDeveloperRole, streamUsage=$streamUsage" +
            (if (store != null) ", store=$store" else "") + (if (reasoningSummary != null) ", reasoningSummary=$reasoningSummary" else "")

    companion object {
        /** The values of the Responses API's `reasoning.summary`. */
        val SUMMARIES: List<String> = listOf("auto", "concise", "detailed")
    }
}

/**
 * The builder part of the Chat Completions options ([OpenAiConfig.Builder], [AzureOpenAiConfig.Builder]): each
 * setter returns the provider's builder [B], and from Kotlin the same values are properties, hidden from Java.
 * Only this module's builders extend it.
 */
@SwitchboardDsl
public abstract class ChatCompletionsConfigBuilder<B : ChatCompletionsConfigBuilder<B>> internal constructor(
    defaultProviderName: String,
) : EndpointConfigBuilder<B>() {
    /** `max_completion_tokens` (true) or `max_tokens` (false); null (default) lets the config choose by endpoint and model. */
    @get:JvmSynthetic @set:JvmSynthetic
    public var useMaxCompletionTokens: Boolean? = null

    /** The role of system messages: `developer` (true) or `system` (false); null (default) lets the config choose by model. */
    @get:JvmSynthetic @set:JvmSynthetic
    public var useDeveloperRole: Boolean? = null

    /** Whether streams ask for the token usage with `stream_options` (default true). */
    @get:JvmSynthetic @set:JvmSynthetic
    public var streamUsage: Boolean = true

    /** The API called; null (default) takes the process default ([OpenAiApi.defaultApi]) when the config is built. */
    @get:JvmSynthetic @set:JvmSynthetic
    public var api: OpenAiApi? = null

    /** The Responses API's `store`: whether OpenAI keeps the responses (null, the default, sends none: OpenAI keeps them). */
    @get:JvmSynthetic @set:JvmSynthetic
    public var store: Boolean? = null

    /** The Responses API's `reasoning.summary` (`auto`, `concise` or `detailed`); null (default) asks for none. */
    @get:JvmSynthetic @set:JvmSynthetic
    public var reasoningSummary: String? = null
        set(value) { field = value?.trim()?.lowercase()?.ifEmpty { null } }

    /** The provider's name used in errors and logs (default `openai`, or `azure-openai` for Azure OpenAI). */
    @get:JvmSynthetic @set:JvmSynthetic
    public var providerName: String = defaultProviderName
        set(value) { field = value.trim() }

    /** Chooses `max_completion_tokens` (true) or `max_tokens` (false); null (default) lets the config choose. */
    public fun useMaxCompletionTokens(value: Boolean?): B {
        useMaxCompletionTokens = value
        return self
    }

    /** Chooses the role of system messages: `developer` (true) or `system` (false); null (default) lets the config choose. */
    public fun useDeveloperRole(value: Boolean?): B {
        useDeveloperRole = value
        return self
    }

    /** Chooses whether streams ask for the token usage with `stream_options` (default true). */
    public fun streamUsage(value: Boolean): B {
        streamUsage = value
        return self
    }

    /** Chooses the API called; null (default) takes the process default ([OpenAiApi.defaultApi]) when the config is built. */
    public fun api(value: OpenAiApi?): B {
        api = value
        return self
    }

    /**
     * Sets the Responses API's `store` for every request (a request's `store(...)` overrides it): false keeps
     * OpenAI from storing responses, as zero-data-retention organizations need; reasoning then comes back encrypted
     * and is sent back so. Null (default) sends none. Only with api(OpenAiApi.RESPONSES): a config of the Chat
     * Completions API with it fails to build.
     */
    public fun store(value: Boolean?): B {
        store = value
        return self
    }

    /**
     * Asks the Responses API for reasoning summaries, `auto`, `concise` or `detailed` (null, the default, for none):
     * they become the result's thought and stream as thought deltas. Only with api(OpenAiApi.RESPONSES), as [store].
     */
    public fun reasoningSummary(value: String?): B {
        reasoningSummary = value
        return self
    }

    /** Sets the provider's name used in errors and logs. */
    public fun providerName(value: String): B {
        providerName = value
        return self
    }

    /**
     * The options set so far.
     *
     * @throws IllegalArgumentException when the provider name is blank or the reasoning summary is not one of its values.
     */
    internal fun chatCompletionsOptions(): ChatCompletionsOptions =
        ChatCompletionsOptions(useMaxCompletionTokens, useDeveloperRole, streamUsage, providerName, api, store, reasoningSummary)

    /** Sets the options to those of [from]. */
    internal fun copyChatCompletionsOptions(from: ChatCompletionsOptions) {
        useMaxCompletionTokens = from.useMaxCompletionTokens
        useDeveloperRole = from.useDeveloperRole
        streamUsage = from.streamUsage
        providerName = from.providerName
        api = from.api
        store = from.store
        reasoningSummary = from.reasoningSummary
    }

    /** This builder as the provider's own, which it is ([B] is the subclass). */
    @Suppress("UNCHECKED_CAST")
    private val self: B get() = this as B
}
