package dev.switchboard

/** One of the answers of a request (more than one only when `n` > 1). */
public class Choice @JvmOverloads constructor(
    /** The position of this choice, from 0. */
    public val index: Int,
    /** Why the model stopped. */
    public val finishReason: FinishReason,
    /** The provider's own finish reason, as sent. */
    public val rawFinishReason: String?,
    /** The answer text, or null when the model only called tools or refused. */
    public val content: String?,
    /** The tool calls, in order. */
    public val toolCalls: List<FunctionCall> = emptyList(),
    /** The refusal text, when the model refused. */
    public val refusal: String? = null,
    /** The model's reasoning text, where the provider exposes it. */
    public val thought: String? = null,
    /** The log probabilities of the content tokens, when requested. */
    public val logprobs: List<TokenLogprob>? = null,
    /** The reasoning blocks as the provider returned them (signed or encrypted), to send back on the next turn. */
    public val thoughtBlocks: List<ThoughtBlock> = emptyList(),
    /** What the provider's content filter found in this answer, per category; empty when it reports nothing. */
    public val contentFilter: List<ContentFilterResult> = emptyList(),
    /** The spans of the answer grounded in sources (documents, tool results), where the provider reports them. */
    public val citations: List<Citation> = emptyList(),
) {
    override fun equals(other: Any?): Boolean =
        this === other || other is Choice &&
        index == other.index &&
        finishReason == other.finishReason &&
        rawFinishReason == other.rawFinishReason &&
        content == other.content &&
        toolCalls == other.toolCalls &&
        refusal == other.refusal &&
        thought == other.thought &&
        logprobs == other.logprobs &&
        thoughtBlocks == other.thoughtBlocks &&
        contentFilter == other.contentFilter &&
        citations == other.citations

    override fun hashCode(): Int {
        var h = index.hashCode()
        h = 31 * h + finishReason.hashCode()
        h = 31 * h + (rawFinishReason?.hashCode() ?: 0)
        h = 31 * h + (content?.hashCode() ?: 0)
        h = 31 * h + toolCalls.hashCode()
        h = 31 * h + (refusal?.hashCode() ?: 0)
        h = 31 * h + (thought?.hashCode() ?: 0)
        h = 31 * h + (logprobs?.hashCode() ?: 0)
        h = 31 * h + thoughtBlocks.hashCode()
        h = 31 * h + contentFilter.hashCode()
        h = 31 * h + citations.hashCode()
        return h
    }

    override fun toString(): String = "Choice(index=$index, finishReason=$finishReason, rawFinishReason=$rawFinishReason, content=$content, toolCalls=$toolCalls, refusal=$refusal, thought=$thought, logprobs=$logprobs, thoughtBlocks=$thoughtBlocks, contentFilter=$contentFilter, citations=$citations)"

    /** A builder preset to this choice: the way to a changed copy. */
    public fun newBuilder(): Builder = Builder().index(index).finishReason(finishReason).rawFinishReason(rawFinishReason)
        .content(content).toolCalls(toolCalls).refusal(refusal).thought(thought).logprobs(logprobs)
        .thoughtBlocks(thoughtBlocks).contentFilter(contentFilter).citations(citations)

    /** Builds a [Choice]; by default choice 0, finished with [FinishReason.STOP], with nothing in it. */
    public class Builder internal constructor() {
        private var index = 0
        private var finishReason = FinishReason.STOP
        private var rawFinishReason: String? = null
        private var content: String? = null
        private var toolCalls: List<FunctionCall> = emptyList()
        private var refusal: String? = null
        private var thought: String? = null
        private var logprobs: List<TokenLogprob>? = null
        private var thoughtBlocks: List<ThoughtBlock> = emptyList()
        private var contentFilter: List<ContentFilterResult> = emptyList()
        private var citations: List<Citation> = emptyList()

        /** Sets the position of the choice. */
        public fun index(value: Int): Builder = apply { index = value }
        /** Sets why the model stopped. */
        public fun finishReason(value: FinishReason): Builder = apply { finishReason = value }
        /** Sets the provider's own finish reason (null for none). */
        public fun rawFinishReason(value: String?): Builder = apply { rawFinishReason = value }
        /** Sets the answer text (null for none). */
        public fun content(value: String?): Builder = apply { content = value }
        /** Sets the tool calls, in order. */
        public fun toolCalls(value: List<FunctionCall>): Builder = apply { toolCalls = value.toList() }
        /** Sets the refusal text (null for none). */
        public fun refusal(value: String?): Builder = apply { refusal = value }
        /** Sets the reasoning text (null for none). */
        public fun thought(value: String?): Builder = apply { thought = value }
        /** Sets the log probabilities (null when not requested). */
        public fun logprobs(value: List<TokenLogprob>?): Builder = apply { logprobs = value?.toList() }
        /** Sets the reasoning blocks to send back on the next turn. */
        public fun thoughtBlocks(value: List<ThoughtBlock>): Builder = apply { thoughtBlocks = value.toList() }
        /** Sets what the content filter found in this answer. */
        public fun contentFilter(value: List<ContentFilterResult>): Builder = apply { contentFilter = value.toList() }
        /** Sets the spans of the answer grounded in sources. */
        public fun citations(value: List<Citation>): Builder = apply { citations = value.toList() }

        /** The choice. */
        public fun build(): Choice =
            Choice(index, finishReason, rawFinishReason, content, toolCalls, refusal, thought, logprobs, thoughtBlocks, contentFilter, citations)
    }

    /** Factories of [Choice]. */
    public companion object {
        /** A builder of choice 0, finished with [FinishReason.STOP]. */
        @JvmStatic
        public fun builder(): Builder = Builder()
    }
}

/**
 * The complete result of a request: the answer ([content] or [toolCalls]), why it ended, what it
 * cost, and whether it came from a cache.
 *
 * When the request asked for several choices, [choices] holds them all; the properties of this
 * class describe the first one.
 */
public class CreateResult @JvmOverloads constructor(
    /** Every choice the provider returned, in index order; never empty. */
    public val choices: List<Choice>,
    /** Tokens used by the request. */
    public val usage: RequestUsage,
    /** Whether the result came from a cache rather than the provider. */
    @get:JvmName("isCached")
    public val cached: Boolean = false,
    /** The provider's response id, if it sent one. */
    public val id: String? = null,
    /** The model that answered, as the provider names it. */
    public val model: String? = null,
    /** What the provider's content filter found in the prompt, per category; empty when it reports nothing. */
    public val promptFilter: List<ContentFilterResult> = emptyList(),
) {
    init {
        require(choices.isNotEmpty()) { "A CreateResult needs at least one choice" }
    }

    private val first: Choice get() = choices[0]

    /** Why the model stopped. */
    public val finishReason: FinishReason get() = first.finishReason

    /** The provider's own finish reason. */
    public val rawFinishReason: String? get() = first.rawFinishReason

    /** The answer text, or null when the model only called tools. */
    public val content: String? get() = first.content

    /** The tool calls the model made. */
    public val toolCalls: List<FunctionCall> get() = first.toolCalls

    /** The refusal text, when the model refused. */
    public val refusal: String? get() = first.refusal

    /** The model's reasoning text, where exposed. */
    public val thought: String? get() = first.thought

    /** Log probabilities of the output tokens, when requested. */
    public val logprobs: List<TokenLogprob>? get() = first.logprobs

    /** The reasoning blocks as the provider returned them, where it returns any. */
    public val thoughtBlocks: List<ThoughtBlock> get() = first.thoughtBlocks

    /** What the provider's content filter found in the answer, per category. */
    public val contentFilter: List<ContentFilterResult> get() = first.contentFilter

    /** The spans of the answer grounded in sources (documents, tool results), where the provider reports them. */
    public val citations: List<Citation> get() = first.citations

    /** Whether the model asked for tool calls (`hasToolCalls()` from Java). */
    @get:JvmName("hasToolCalls")
    public val hasToolCalls: Boolean get() = first.toolCalls.isNotEmpty()

    /** The first choice as a message to append to the conversation, reasoning blocks included. */
    public fun toAssistantMessage(): AssistantMessage {
        val content = first.content ?: first.refusal
        // An answer with nothing in it (a content filter, say) still takes its turn, as empty text.
        if (content == null && first.toolCalls.isEmpty() && first.thought == null && first.thoughtBlocks.isEmpty()) {
            return AssistantMessage("")
        }
        return AssistantMessage(
            content = content, toolCalls = first.toolCalls, thought = first.thought, thoughtBlocks = first.thoughtBlocks,
        )
    }

    /**
     * This result as the events a stream of it gives: per choice, its reasoning, its text, and each tool call's start,
     * arguments and end; then [ChatStreamEvent.Completed] with this result. What a replay or a cache emits for an
     * answer that was not streamed.
     */
    public fun toStreamEvents(): List<ChatStreamEvent> {
        val events = ArrayList<ChatStreamEvent>()
        for (choice in choices.sortedBy { it.index }) {
            val ci = choice.index
            choice.thought?.takeIf { it.isNotEmpty() }?.let { events += ChatStreamEvent.ThoughtDelta(it, ci) }
            choice.content?.takeIf { it.isNotEmpty() }?.let { events += ChatStreamEvent.TextDelta(it, ci) }
            choice.toolCalls.forEachIndexed { i, call ->
                events += ChatStreamEvent.ToolCallStart(i, call.id, call.name, ci)
                if (call.arguments.isNotEmpty()) events += ChatStreamEvent.ToolCallDelta(i, call.arguments, ci)
                events += ChatStreamEvent.ToolCallEnd(i, call, ci)
            }
        }
        events += ChatStreamEvent.Completed(this)
        return events
    }

    /** This result marked as served from a cache. */
    public fun asCached(): CreateResult = withCached(true)

    /** This result with [cached] set to [value]. */
    internal fun withCached(value: Boolean): CreateResult =
        if (cached == value) this else CreateResult(choices, usage, value, id, model, promptFilter)

    /** A builder preset to this result: the way to a changed copy. */
    public fun newBuilder(): Builder = Builder().choices(choices).usage(usage).cached(cached).id(id).model(model).promptFilter(promptFilter)

    /** Builds a [CreateResult]; [choices] must not be empty, [usage] defaults to [RequestUsage.ZERO]. */
    public class Builder internal constructor() {
        private var choices: List<Choice> = emptyList()
        private var usage: RequestUsage = RequestUsage.ZERO
        private var cached: Boolean = false
        private var id: String? = null
        private var model: String? = null
        private var promptFilter: List<ContentFilterResult> = emptyList()

        /** Sets every choice, in index order. */
        public fun choices(value: List<Choice>): Builder = apply { choices = value.toList() }
        /** Sets the tokens used. */
        public fun usage(value: RequestUsage): Builder = apply { usage = value }
        /** Sets whether the result came from a cache. */
        public fun cached(value: Boolean): Builder = apply { cached = value }
        /** Sets the provider's response id (null for none). */
        public fun id(value: String?): Builder = apply { id = value }
        /** Sets the model that answered (null when unknown). */
        public fun model(value: String?): Builder = apply { model = value }
        /** Sets what the content filter found in the prompt. */
        public fun promptFilter(value: List<ContentFilterResult>): Builder = apply { promptFilter = value.toList() }

        /**
         * The result.
         *
         * @throws IllegalArgumentException when no choice was set.
         */
        public fun build(): CreateResult = CreateResult(choices, usage, cached, id, model, promptFilter)
    }

    /** Factories of [CreateResult]. */
    public companion object {
        /** An empty builder: set at least one choice. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /** A single-choice result with text [content]. */
        @JvmStatic
        public fun ofText(content: String, finishReason: FinishReason, usage: RequestUsage): CreateResult =
            CreateResult(listOf(Choice(0, finishReason, finishReason.name.lowercase(), content)), usage)
    }

    override fun equals(other: Any?): Boolean =
        this === other || other is CreateResult &&
        choices == other.choices &&
        usage == other.usage &&
        cached == other.cached &&
        id == other.id &&
        model == other.model &&
        promptFilter == other.promptFilter

    override fun hashCode(): Int {
        var h = choices.hashCode()
        h = 31 * h + usage.hashCode()
        h = 31 * h + cached.hashCode()
        h = 31 * h + (id?.hashCode() ?: 0)
        h = 31 * h + (model?.hashCode() ?: 0)
        h = 31 * h + promptFilter.hashCode()
        return h
    }

    override fun toString(): String = "CreateResult(choices=$choices, usage=$usage, cached=$cached, id=$id, model=$model, promptFilter=$promptFilter)"
}
