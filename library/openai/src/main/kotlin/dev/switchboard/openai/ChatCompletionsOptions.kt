package dev.switchboard.openai

import dev.switchboard.EndpointConfigBuilder
import dev.switchboard.SwitchboardDsl

/**
 * The options of the Chat Completions wire format that every config speaking it shares ([OpenAiConfig],
 * [AzureOpenAiConfig]), set on its builder: how the output limit and system messages are sent, whether streams ask
 * for the usage, and the provider's name. What null chooses is each config's own (see its properties).
 */
internal class ChatCompletionsOptions(
    val useMaxCompletionTokens: Boolean?,
    val useDeveloperRole: Boolean?,
    val streamUsage: Boolean,
    val providerName: String,
) {
    init {
        require(providerName.isNotBlank()) { "The provider name must not be blank" }
    }

    /** The wire options, with null choices made as [maxCompletionTokens] and [developerRole] say. */
    fun wireOptions(
        maxCompletionTokens: Boolean,
        developerRole: Boolean,
        guided: GuidedDecodingDialect = GuidedDecodingDialect.NONE,
    ): WireOptions = WireOptions(useMaxCompletionTokens ?: maxCompletionTokens, useDeveloperRole ?: developerRole, streamUsage, guided)

    override fun toString(): String =
        "useMaxCompletionTokens=$useMaxCompletionTokens, useDeveloperRole=$useDeveloperRole, streamUsage=$streamUsage"
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

    /** Sets the provider's name used in errors and logs. */
    public fun providerName(value: String): B {
        providerName = value
        return self
    }

    /**
     * The options set so far.
     *
     * @throws IllegalArgumentException when the provider name is blank.
     */
    internal fun chatCompletionsOptions(): ChatCompletionsOptions =
        ChatCompletionsOptions(useMaxCompletionTokens, useDeveloperRole, streamUsage, providerName)

    /** Sets the options to those of [from]. */
    internal fun copyChatCompletionsOptions(from: ChatCompletionsOptions) {
        useMaxCompletionTokens = from.useMaxCompletionTokens
        useDeveloperRole = from.useDeveloperRole
        streamUsage = from.streamUsage
        providerName = from.providerName
    }

    /** This builder as the provider's own, which it is ([B] is the subclass). */
    @Suppress("UNCHECKED_CAST")
    private val self: B get() = this as B
}
