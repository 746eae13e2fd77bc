package dev.switchboard

/**
 * The part of a provider's config builder that every provider shares: the API key, the headers sent with every
 * request, the model's declared capabilities and the HTTP options, each normalised and checked here once.
 *
 * [B] is the provider's builder itself (`class Builder : EndpointConfigBuilder<Builder>()`), so that these
 * setters return it and a chain goes on with the provider's own ones, from Java as from Kotlin:
 * `OpenAiConfig.builder().apiKey(key).header("X-Team", "a").organization("org-1")`. From Kotlin the same
 * values are properties (`apiKey = key; httpOptions { maxRetries = 0 }`), hidden from Java.
 *
 * A provider builds its config from [endpointOptions] and copies one back in with [copyEndpointOptions]
 * in its `newBuilder()`. The constructor is for provider builders only.
 */
@SwitchboardDsl
public abstract class EndpointConfigBuilder<B : EndpointConfigBuilder<B>> protected constructor() {
    /** The API key; setting null or blank removes it, and a key is kept trimmed. */
    @get:JvmSynthetic @set:JvmSynthetic
    public var apiKey: String? = null
        set(value) { field = value?.trim()?.ifEmpty { null } }

    /** The model's capabilities, overriding (or standing in for) what the provider knows; null to look the model up. */
    @get:JvmSynthetic @set:JvmSynthetic
    public var modelInfo: ModelInfo? = null

    /** Timeouts, retries and the HTTP engine or client. */
    @get:JvmSynthetic @set:JvmSynthetic
    public var httpOptions: HttpOptions = HttpOptions.DEFAULT

    private val headers = LinkedHashMap<String, String>()

    /** Sets the API key; null or blank removes it. */
    public fun apiKey(value: String?): B = self { apiKey = value }

    /**
     * Adds a header sent with every request (a request's own headers override it); a second value for the same
     * name replaces the first.
     *
     * @throws IllegalArgumentException when [name] is blank.
     */
    public fun header(name: String, value: String): B = self {
        require(name.isNotBlank()) { "A header name must not be blank" }
        headers[name] = value
    }

    /** Declares the model's capabilities, overriding (or standing in for) what the provider knows; null to look it up. */
    public fun modelInfo(value: ModelInfo?): B = self { modelInfo = value }

    /** Declares the model's capabilities, starting from those declared so far (or none): `modelInfo { vision = true }`. */
    @JvmSynthetic
    public fun modelInfo(block: ModelInfo.Builder.() -> Unit): B =
        modelInfo((modelInfo?.newBuilder() ?: ModelInfo.builder()).apply(block).build())

    /** Sets timeouts, retries and the HTTP engine or client. */
    public fun httpOptions(value: HttpOptions): B = self { httpOptions = value }

    /** Sets timeouts, retries and the HTTP engine or client, starting from the current ones: `httpOptions { maxRetries = 0 }`. */
    @JvmSynthetic
    public fun httpOptions(block: HttpOptions.Builder.() -> Unit): B = httpOptions(httpOptions.newBuilder().apply(block).build())

    /** The shared options set so far, with [url] (already checked by the provider) as their URL. */
    protected fun endpointOptions(url: String): EndpointOptions = EndpointOptions(url, apiKey, headers, modelInfo, httpOptions)

    /** Sets the shared options to those of [from] (its URL excepted, which the provider keeps under its own name). */
    protected fun copyEndpointOptions(from: EndpointOptions) {
        apiKey = from.apiKey
        headers.clear()
        headers += from.headers
        modelInfo = from.modelInfo
        httpOptions = from.httpOptions
    }

    @Suppress("UNCHECKED_CAST")
    private inline fun self(block: () -> Unit): B {
        block()
        return this as B
    }
}
