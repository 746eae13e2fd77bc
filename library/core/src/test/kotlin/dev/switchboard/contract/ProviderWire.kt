package dev.switchboard.contract

import dev.switchboard.ChatCompletionClient
import dev.switchboard.FinishReason
import dev.switchboard.FunctionCall
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo

/**
 * How one provider speaks on the wire: what its server sends for each neutral scenario, and how to
 * build a client of it against a loopback server. [ProviderContractSuite] runs the same behaviours
 * against every provider through this, and fault-injection tests reuse it to speak each format.
 *
 * Every method returns exact wire text; streaming methods return the frames in order, each one or
 * more complete SSE events or NDJSON lines, terminator included where the format has one.
 */
public interface ProviderWire {
    /** The provider name the client puts into its errors (`SwitchboardException.provider`). */
    public val provider: String

    /** The content type of a streaming response: `text/event-stream`, `application/x-ndjson` or `application/vnd.amazon.eventstream`. */
    public val streamContentType: String

    /** Whether tool calls carry an id on this wire (Ollama's do not); when false the suite does not compare ids. */
    public val carriesToolCallIds: Boolean get() = true

    /**
     * A client for [model] whose base URL or endpoint is [baseUrl] (a loopback server root such as
     * `http://127.0.0.1:40123`, no trailing slash), with [http] options and a fake, non-secret key.
     */
    public fun client(baseUrl: String, model: String, modelInfo: ModelInfo, http: HttpOptions): ChatCompletionClient

    /** A complete, non-streaming answer with one text choice. */
    public fun textResponse(model: String, text: String, usage: WireUsage): String

    /** A complete, non-streaming answer that calls one tool. */
    public fun toolCallResponse(model: String, call: FunctionCall, usage: WireUsage): String

    /**
     * A complete, non-streaming answer to a request with a JSON-schema response format, whose content is
     * [json]: a text answer for providers with native structured output, a forced tool call otherwise.
     */
    public fun structuredResponse(model: String, json: String, usage: WireUsage): String = textResponse(model, json, usage)

    /** A streamed text answer made of [pieces], ending with finish reason STOP and [usage]. */
    public fun textStream(model: String, pieces: List<String>, usage: WireUsage): List<String>

    /** A streamed answer that calls one tool, ending with finish reason TOOL_CALLS and [usage]. */
    public fun toolCallStream(model: String, call: FunctionCall, usage: WireUsage): List<String>

    /** A streamed text answer that never ends: the opening frames, then one text delta per element, forever. */
    public fun endlessTextStream(model: String): Sequence<String>

    /** This provider's error body for [status] carrying [message]. */
    public fun errorBody(status: Int, message: String): String

    /**
     * The bytes a server sends for one [frame] of a stream (as [textStream] and the others return them): its UTF-8
     * text by default; a binary framing's message (an AWS event-stream message, say) for a wire whose frames stand
     * for one.
     */
    public fun frameBytes(frame: String): ByteArray = frame.encodeToByteArray()

    /** The finish reason this provider's [textResponse] / [textStream] produce (STOP unless the wire says otherwise). */
    public val textFinish: FinishReason get() = FinishReason.STOP
}

/** Token counts a [ProviderWire] writes into its answers. */
public data class WireUsage(val promptTokens: Int, val completionTokens: Int)
