package dev.switchboard.springai.internal

import dev.switchboard.ApiException
import dev.switchboard.CreateRequest
import dev.switchboard.ResponseFormat
import dev.switchboard.SwitchboardException
import dev.switchboard.Tool
import kotlinx.coroutines.CancellationException
import org.springframework.ai.chat.prompt.Prompt
import org.springframework.ai.model.tool.ToolCallingChatOptions
import org.springframework.ai.tool.ToolCallback
import org.springframework.ai.tool.definition.ToolDefinition

/** Switchboard requests as Spring AI prompts, for a Spring AI model used as a Switchboard client. */
internal object SpringPrompts {
    fun prompt(request: CreateRequest): Prompt {
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
            if (request.toolChoice != null) add("toolChoice")
            if (request.responseFormat != null && request.responseFormat != ResponseFormat.Text) add("responseFormat")
        }
        require(unsupported.isEmpty()) {
            "Spring AI's portable ChatOptions cannot carry $unsupported: set them in the Spring AI model's own options"
        }
        val options = ToolCallingChatOptions.builder()
            .temperature(request.temperature).topP(request.topP).topK(request.topK)
            .frequencyPenalty(request.frequencyPenalty).presencePenalty(request.presencePenalty)
            .maxTokens(request.maxTokens)
            .toolCallbacks(request.tools.map { DefinitionOnly(it) })
            // Switchboard's caller runs its own tools: the Spring AI model must hand the calls back.
            .internalToolExecutionEnabled(false)
        if (request.stop.isNotEmpty()) options.stopSequences(request.stop)
        return Prompt(SpringMessages.toSpring(request.messages), options.build())
    }

    fun failure(e: Throwable, provider: String): Throwable =
        if (e is CancellationException || e is SwitchboardException || e is IllegalArgumentException) {
            e
        } else {
            ApiException("The Spring AI model failed: ${e.message ?: e.javaClass.simpleName}", provider, 0, cause = e)
        }

    /** A tool the model is told about but that Spring AI must not run: the Switchboard caller runs it. */
    private class DefinitionOnly(private val tool: Tool) : ToolCallback {
        private val definition = ToolDefinition.builder().name(tool.name).description(tool.description.orEmpty())
            .inputSchema(tool.parameters.toString()).build()

        override fun getToolDefinition(): ToolDefinition = definition

        override fun call(toolInput: String): String = throw IllegalStateException(
            "The tool '${tool.name}' is run by the Switchboard caller, not by Spring AI (internal tool execution is off)",
        )
    }
}
