package dev.switchboard

import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.buildJsonObject

/**
 * Everything a call sends besides the model: the conversation, tools, output format and sampling
 * options. Immutable; build one with [builder] (Java) or [createRequest] (Kotlin), and derive
 * variants with [newBuilder].
 *
 * Options a provider does not support are rejected by that provider's client with a
 * [BadRequestException] before any network call, never silently dropped. Fields this class does not
 * model go in [extraBody] (merged into the request JSON) and [extraHeaders].
 */
public class CreateRequest private constructor(builder: Builder) {
    /** The conversation, oldest first; never empty. */
    public val messages: List<LlmMessage> = builder.messages.toList()
    /** The tools the model may call. */
    public val tools: List<Tool> = builder.tools.toList()
    /** Whether and which tool the model must call; null leaves it to the provider. */
    public val toolChoice: ToolChoice? = builder.toolChoice
    /** Whether the model may call several tools in one turn; null leaves it to the provider. */
    public val parallelToolCalls: Boolean? = builder.parallelToolCalls
    /** The shape of the answer; null is free text. */
    public val responseFormat: ResponseFormat? = builder.responseFormat
    /**
     * A constraint the server holds the answer to (a JSON schema, a regular expression, a grammar, choices); null for
     * none. Clients whose server does not take its [kind][GuidedDecoding.kind] fail before sending.
     */
    public val guidedDecoding: GuidedDecoding? = builder.guidedDecoding
    /** Sampling temperature. */
    public val temperature: Double? = builder.temperature
    /** Nucleus sampling mass. */
    public val topP: Double? = builder.topP
    /** Sample only from the [topK] most likely tokens; null leaves it to the provider. */
    public val topK: Int? = builder.topK
    /** The most tokens to generate. */
    public val maxTokens: Int? = builder.maxTokens
    /** Sequences that end the answer. */
    public val stop: List<String> = builder.stop.toList()
    /** A seed for repeatable sampling. */
    public val seed: Long? = builder.seed
    /** How many choices to generate. */
    public val n: Int? = builder.n
    /** Presence penalty. */
    public val presencePenalty: Double? = builder.presencePenalty
    /** Frequency penalty. */
    public val frequencyPenalty: Double? = builder.frequencyPenalty
    /** Token id to bias. */
    public val logitBias: Map<String, Int> = builder.logitBias.toMap()
    /** Whether to return log probabilities of the output tokens. */
    public val logprobs: Boolean? = builder.logprobs
    /** How many alternatives to return per token position (needs [logprobs]). */
    public val topLogprobs: Int? = builder.topLogprobs
    /** How hard a reasoning model should think: `minimal`, `low`, `medium` or `high`. */
    public val reasoningEffort: String? = builder.reasoningEffort
    /**
     * The most tokens the model may spend reasoning before it answers (extended thinking), where the
     * provider takes a budget; null leaves reasoning as the provider and [reasoningEffort] decide.
     */
    public val thinkingBudget: Int? = builder.thinkingBudget
    /** An end-user identifier for abuse monitoring. */
    public val user: String? = builder.user
    /** Fields merged into the request body as they are, overriding modelled ones. */
    public val extraBody: JsonObject = JsonObject(builder.extraBody.toMap())
    /** Headers added to the request. */
    public val extraHeaders: Map<String, String> = builder.extraHeaders.toMap()
    /** How a response cache around the client treats this request; never sent. [ResponseCacheMode.USE] by default. */
    public val responseCache: ResponseCacheMode = builder.responseCache
    /**
     * Where this request stands in a router's queue when it must wait for a deployment (`dev.switchboard.router`):
     * a higher value is served first, equal values in arrival order; 0 by default, negative for background work. Never
     * sent; clients without a queue ignore it.
     */
    public val priority: Int = builder.priority

    init {
        require(messages.isNotEmpty()) { "A request needs at least one message" }
        temperature?.let { require(it in 0.0..2.0) { "temperature must be between 0 and 2 (got $it)" } }
        topP?.let { require(it in 0.0..1.0) { "topP must be between 0 and 1 (got $it)" } }
        maxTokens?.let { require(it > 0) { "maxTokens must be positive (got $it)" } }
        topK?.let { require(it > 0) { "topK must be positive (got $it)" } }
        thinkingBudget?.let { require(it > 0) { "thinkingBudget must be positive (got $it)" } }
        n?.let { require(it in 1..128) { "n must be between 1 and 128 (got $it)" } }
        presencePenalty?.let { require(it in -2.0..2.0) { "presencePenalty must be between -2 and 2 (got $it)" } }
        frequencyPenalty?.let { require(it in -2.0..2.0) { "frequencyPenalty must be between -2 and 2 (got $it)" } }
        topLogprobs?.let {
            require(it in 0..20) { "topLogprobs must be between 0 and 20 (got $it)" }
            require(logprobs == true) { "topLogprobs needs logprobs(true)" }
        }
        logitBias.forEach { (k, v) -> require(v in -100..100) { "logitBias for token $k must be between -100 and 100 (got $v)" } }
        val toolNames = tools.map { it.name }
        require(toolNames.size == toolNames.toSet().size) { "Tool names must be unique (got $toolNames)" }
        val choice = toolChoice
        if (choice is ToolChoice.Named) {
            require(choice.name in toolNames) { "toolChoice names '${choice.name}', which is not among the tools $toolNames" }
        }
        if (choice == ToolChoice.Required) require(tools.isNotEmpty()) { "toolChoice Required needs at least one tool" }
        require(guidedDecoding == null || responseFormat == null || responseFormat == ResponseFormat.Text) {
            "guidedDecoding and the JSON responseFormat both constrain the answer: set only one of them"
        }
    }

    /** A builder holding this request's values. */
    public fun newBuilder(): Builder = Builder(this)

    override fun toString(): String =
        "CreateRequest(messages=${messages.size}, tools=${tools.map { it.name }}, responseFormat=$responseFormat" +
            (guidedDecoding?.let { ", guidedDecoding=${it.kind}" } ?: "") + ")"

    /** Builds a [CreateRequest]; in Kotlin, the receiver of [createRequest]. */
    @SwitchboardDsl
    public class Builder {
        internal val messages = ArrayList<LlmMessage>()
        internal val tools = ArrayList<Tool>()
        internal var toolChoice: ToolChoice? = null
        internal var parallelToolCalls: Boolean? = null
        internal var responseFormat: ResponseFormat? = null
        internal var guidedDecoding: GuidedDecoding? = null
        internal var temperature: Double? = null
        internal var topP: Double? = null
        internal var topK: Int? = null
        internal var maxTokens: Int? = null
        internal val stop = ArrayList<String>()
        internal var seed: Long? = null
        internal var n: Int? = null
        internal var presencePenalty: Double? = null
        internal var frequencyPenalty: Double? = null
        internal val logitBias = LinkedHashMap<String, Int>()
        internal var logprobs: Boolean? = null
        internal var topLogprobs: Int? = null
        internal var reasoningEffort: String? = null
        internal var thinkingBudget: Int? = null
        internal var user: String? = null
        internal val extraBody = LinkedHashMap<String, JsonElement>()
        internal val extraHeaders = LinkedHashMap<String, String>()
        internal var responseCache: ResponseCacheMode = ResponseCacheMode.USE
        internal var priority: Int = 0

        /** An empty builder. */
        public constructor()

        internal constructor(r: CreateRequest) {
            messages += r.messages; tools += r.tools; toolChoice = r.toolChoice; parallelToolCalls = r.parallelToolCalls
            responseFormat = r.responseFormat; guidedDecoding = r.guidedDecoding; temperature = r.temperature; topP = r.topP; topK = r.topK; maxTokens = r.maxTokens
            stop += r.stop; seed = r.seed; n = r.n; presencePenalty = r.presencePenalty; frequencyPenalty = r.frequencyPenalty
            logitBias += r.logitBias; logprobs = r.logprobs; topLogprobs = r.topLogprobs; reasoningEffort = r.reasoningEffort
            thinkingBudget = r.thinkingBudget
            user = r.user; extraBody += r.extraBody; extraHeaders += r.extraHeaders; responseCache = r.responseCache
            priority = r.priority
        }

        /** Appends [message]. */
        public fun message(message: LlmMessage): Builder = apply { messages += message }
        /** Appends [messages] in order. */
        public fun messages(messages: List<LlmMessage>): Builder = apply { this.messages += messages }
        /** Appends a system message. */
        public fun system(text: String): Builder = message(SystemMessage(text))
        /** Appends a user text message. */
        public fun user(text: String): Builder = message(UserMessage.of(text))
        /** Appends an assistant text message. */
        public fun assistant(text: String): Builder = message(AssistantMessage.of(text))
        /** Adds a tool the model may call. */
        public fun tool(tool: Tool): Builder = apply { tools += tool }
        /** Adds tools the model may call. */
        public fun tools(tools: List<Tool>): Builder = apply { this.tools += tools }
        /** Sets whether and which tool the model must call. */
        public fun toolChoice(choice: ToolChoice?): Builder = apply { toolChoice = choice }
        /** Sets whether the model may call several tools at once. */
        public fun parallelToolCalls(value: Boolean?): Builder = apply { parallelToolCalls = value }
        /** Sets the shape of the answer. */
        public fun responseFormat(format: ResponseFormat?): Builder = apply { responseFormat = format }
        /** Sets the constraint the server holds the answer to while generating it; null for none. */
        public fun guidedDecoding(value: GuidedDecoding?): Builder = apply { guidedDecoding = value }
        /** Asks for any JSON object. */
        public fun jsonOutput(): Builder = responseFormat(ResponseFormat.JsonObjectFormat)
        /** Sets the sampling temperature (0 to 2). */
        public fun temperature(value: Double?): Builder = apply { temperature = value }
        /** Sets the sampling temperature (0 to 2); the primitive overload lets Java pass literals such as `1` or `42`. */
        public fun temperature(value: Double): Builder = apply { temperature = value }
        /** Sets nucleus sampling (0 to 1). */
        public fun topP(value: Double?): Builder = apply { topP = value }
        /** Sets nucleus sampling (0 to 1); the primitive overload lets Java pass literals such as `1` or `42`. */
        public fun topP(value: Double): Builder = apply { topP = value }
        /** Samples only from the [value] most likely tokens (positive). */
        public fun topK(value: Int?): Builder = apply { topK = value }
        /** Sets the most tokens to generate. */
        public fun maxTokens(value: Int?): Builder = apply { maxTokens = value }
        /** Adds stop sequences. */
        public fun stop(vararg sequences: String): Builder = apply { stop += sequences }
        /** Sets the seed. */
        public fun seed(value: Long?): Builder = apply { seed = value }
        /** Sets the seed; the primitive overload lets Java pass literals such as `1` or `42`. */
        public fun seed(value: Long): Builder = apply { seed = value }
        /** Sets how many choices to generate. */
        public fun n(value: Int?): Builder = apply { n = value }
        /** Sets the presence penalty (-2 to 2). */
        public fun presencePenalty(value: Double?): Builder = apply { presencePenalty = value }
        /** Sets the presence penalty (-2 to 2); the primitive overload lets Java pass literals such as `1` or `42`. */
        public fun presencePenalty(value: Double): Builder = apply { presencePenalty = value }
        /** Sets the frequency penalty (-2 to 2). */
        public fun frequencyPenalty(value: Double?): Builder = apply { frequencyPenalty = value }
        /** Sets the frequency penalty (-2 to 2); the primitive overload lets Java pass literals such as `1` or `42`. */
        public fun frequencyPenalty(value: Double): Builder = apply { frequencyPenalty = value }
        /** Biases token [tokenId] by [bias] (-100 to 100). */
        public fun logitBias(tokenId: String, bias: Int): Builder = apply { logitBias[tokenId] = bias }
        /** Asks for log probabilities of the output tokens. */
        public fun logprobs(value: Boolean?): Builder = apply { logprobs = value }
        /** Asks for the [count] most likely alternatives per token (0 to 20). */
        public fun topLogprobs(count: Int?): Builder = apply { topLogprobs = count }
        /** Sets the reasoning effort (`minimal`, `low`, `medium`, `high`). */
        public fun reasoningEffort(value: String?): Builder = apply { reasoningEffort = value }
        /** Sets the most tokens the model may spend reasoning before it answers (positive). */
        public fun thinkingBudget(tokens: Int?): Builder = apply { thinkingBudget = tokens }
        /** Sets the end-user identifier. */
        public fun endUser(value: String?): Builder = apply { user = value }
        /** Adds a body field sent as it is. */
        public fun extraBody(name: String, value: JsonElement): Builder = apply { extraBody[name] = value }
        /** Adds a body field given as JSON text, sent as it is. */
        public fun extraBodyJson(name: String, json: String): Builder =
            extraBody(name, kotlinx.serialization.json.Json.parseToJsonElement(json))
        /** Adds a header. */
        public fun header(name: String, value: String): Builder = apply { extraHeaders[name] = value }
        /** How a response cache around the client treats this request (bypass it, refresh it); never sent. */
        public fun responseCache(mode: ResponseCacheMode): Builder = apply { responseCache = mode }
        /** Where the request stands in a router's queue when it must wait: higher first, 0 by default; never sent. */
        public fun priority(value: Int): Builder = apply { priority = value }

        /**
         * The request.
         *
         * @throws IllegalArgumentException when a value is out of range or the request has no message.
         */
        public fun build(): CreateRequest = CreateRequest(this)
    }

    /** Factories of [CreateRequest]. */
    public companion object {
        /** An empty builder. */
        @JvmStatic public fun builder(): Builder = Builder()

        /** A request of the given messages and nothing else. */
        @JvmStatic public fun of(vararg messages: LlmMessage): CreateRequest = Builder().messages(messages.toList()).build()

        /** A request of the given messages and nothing else. */
        @JvmStatic public fun of(messages: List<LlmMessage>): CreateRequest = Builder().messages(messages).build()
    }
}

/** Builds a [CreateRequest] in Kotlin: `createRequest { system("Be brief"); user("Hi"); temperature(0.2) }`. */
public inline fun createRequest(block: CreateRequest.Builder.() -> Unit): CreateRequest =
    CreateRequest.Builder().apply(block).build()

/**
 * Adds a body field [name] holding the JSON object [block] builds, sent as it is:
 * `extraBody("metadata") { put("trace", "abc") }`.
 *
 * The lambda's receiver is marked with [SwitchboardDsl], so the request builder's own members (`user`, `maxTokens`…)
 * cannot be called inside it by mistake, as they can inside a `buildJsonObject { }` given to
 * [CreateRequest.Builder.extraBody]. For Kotlin; Java passes a [kotlinx.serialization.json.JsonElement] or JSON text.
 */
@JvmSynthetic
public inline fun CreateRequest.Builder.extraBody(name: String, block: @SwitchboardDsl JsonObjectBuilder.() -> Unit): CreateRequest.Builder =
    extraBody(name, buildJsonObject(block))
