package dev.switchboard.langchain4j.internal

import dev.langchain4j.model.chat.request.ChatRequest
import dev.langchain4j.model.chat.response.ChatResponse
import dev.langchain4j.model.output.TokenUsage
import dev.switchboard.Choice
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.RequestUsage
import dev.switchboard.ToolChoice
import dev.langchain4j.model.chat.request.ToolChoice as Lc4jToolChoice
import dev.langchain4j.model.output.FinishReason as Lc4jFinishReason

/** Requests and results between LangChain4j's [ChatRequest]/[ChatResponse] and Switchboard's. */
internal object Calls {
    fun createRequest(request: ChatRequest, boundModel: String, strictJsonSchema: Boolean): CreateRequest {
        val name = request.modelName()
        require(name == null || name == boundModel) {
            "This ChatModel sends to Switchboard's '$boundModel' model, but the request names '$name': " +
                "build one adapter per Switchboard client, or leave modelName unset"
        }
        val b = CreateRequest.builder().messages(Messages.toSwitchboard(request.messages()))
        // Typed as nullable so the builder's nullable overloads are chosen for LangChain4j's unset parameters.
        val temperature: Double? = request.temperature()
        val topP: Double? = request.topP()
        val frequencyPenalty: Double? = request.frequencyPenalty()
        val presencePenalty: Double? = request.presencePenalty()
        b.temperature(temperature).topP(topP).topK(request.topK())
            .frequencyPenalty(frequencyPenalty).presencePenalty(presencePenalty)
            .maxTokens(request.maxOutputTokens())
        request.stopSequences()?.let { b.stop(*it.toTypedArray()) }
        request.toolSpecifications()?.forEach { b.tool(Schemas.tool(it)) }
        b.toolChoice(
            when (request.toolChoice()) {
                null -> null
                Lc4jToolChoice.AUTO -> ToolChoice.Auto
                Lc4jToolChoice.REQUIRED -> ToolChoice.Required
                Lc4jToolChoice.NONE -> ToolChoice.None
            },
        )
        b.responseFormat(Schemas.responseFormat(request.responseFormat(), strictJsonSchema))
        return b.build()
    }

    fun chatResponse(result: CreateResult): ChatResponse {
        val text = result.content ?: result.refusal
        val ai = dev.langchain4j.data.message.AiMessage.builder()
            .text(text)
            .thinking(result.thought)
            .toolExecutionRequests(result.toolCalls.map { Messages.lc4jRequest(it) })
            .build()
        return ChatResponse.builder().aiMessage(ai).id(result.id).modelName(result.model)
            .tokenUsage(tokenUsage(result.usage)).finishReason(lc4jFinishReason(result.finishReason)).build()
    }

    fun tokenUsage(u: RequestUsage): TokenUsage = TokenUsage(u.promptTokens, u.completionTokens, u.totalTokens)

    fun lc4jFinishReason(r: FinishReason): Lc4jFinishReason = when (r) {
        FinishReason.STOP -> Lc4jFinishReason.STOP
        FinishReason.LENGTH -> Lc4jFinishReason.LENGTH
        FinishReason.TOOL_CALLS -> Lc4jFinishReason.TOOL_EXECUTION
        FinishReason.CONTENT_FILTER -> Lc4jFinishReason.CONTENT_FILTER
        FinishReason.REFUSAL, FinishReason.UNKNOWN -> Lc4jFinishReason.OTHER
    }

    /** Switchboard's request as LangChain4j's; what LangChain4j's request cannot carry fails instead of being dropped. */
    fun chatRequest(request: CreateRequest): ChatRequest {
        val unsupported = buildList {
            if (request.seed != null) add("seed")
            if ((request.n ?: 1) != 1) add("n")
            if (request.logitBias.isNotEmpty()) add("logitBias")
            if (request.logprobs == true) add("logprobs")
            if (request.reasoningEffort != null) add("reasoningEffort")
            if (request.thinkingBudget != null) add("thinkingBudget")
            if (request.guidedDecoding != null) add("guidedDecoding")
            if (request.parallelToolCalls != null) add("parallelToolCalls")
            if (request.user != null) add("endUser")
            if (request.extraBody.isNotEmpty()) add("extraBody")
            if (request.extraHeaders.isNotEmpty()) add("header")
            if (request.toolChoice is ToolChoice.Named) add("toolChoice(named)")
        }
        require(unsupported.isEmpty()) {
            "A LangChain4j ChatRequest cannot carry $unsupported: configure these on the LangChain4j model itself"
        }
        val b = ChatRequest.builder().messages(Messages.toLangChain4j(request.messages))
            .temperature(request.temperature).topP(request.topP).topK(request.topK)
            .frequencyPenalty(request.frequencyPenalty).presencePenalty(request.presencePenalty)
            .maxOutputTokens(request.maxTokens)
        if (request.stop.isNotEmpty()) b.stopSequences(request.stop)
        if (request.tools.isNotEmpty()) b.toolSpecifications(request.tools.map { Schemas.toolSpecification(it) })
        when (request.toolChoice) {
            ToolChoice.Auto -> b.toolChoice(Lc4jToolChoice.AUTO)
            ToolChoice.Required -> b.toolChoice(Lc4jToolChoice.REQUIRED)
            ToolChoice.None -> b.toolChoice(Lc4jToolChoice.NONE)
            else -> Unit
        }
        Schemas.lc4jResponseFormat(request.responseFormat)?.let { b.responseFormat(it) }
        return b.build()
    }

    fun createResult(response: ChatResponse, fallbackModel: String): CreateResult {
        val ai = response.aiMessage()
            ?: throw IllegalStateException("The LangChain4j model answered without an AiMessage")
        val assistant = Messages.assistant(ai)
        val raw = response.finishReason()
        val reason = when (raw) {
            Lc4jFinishReason.STOP -> FinishReason.STOP
            Lc4jFinishReason.LENGTH -> FinishReason.LENGTH
            Lc4jFinishReason.TOOL_EXECUTION -> FinishReason.TOOL_CALLS
            Lc4jFinishReason.CONTENT_FILTER -> FinishReason.CONTENT_FILTER
            Lc4jFinishReason.OTHER -> FinishReason.UNKNOWN
            null -> if (assistant.toolCalls.isNotEmpty()) FinishReason.TOOL_CALLS else FinishReason.UNKNOWN
        }
        val u = response.tokenUsage()
        val usage = if (u == null) RequestUsage.ZERO else RequestUsage(u.inputTokenCount() ?: 0, u.outputTokenCount() ?: 0)
        val choice = Choice(
            0, reason, raw?.name?.lowercase(), ai.text(), assistant.toolCalls, thought = assistant.thought,
        )
        return CreateResult(listOf(choice), usage, id = response.id(), model = response.modelName() ?: fallbackModel)
    }
}
