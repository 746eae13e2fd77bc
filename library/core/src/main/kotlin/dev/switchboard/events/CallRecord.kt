package dev.switchboard.events

import dev.switchboard.ChatCompletionClient
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.HttpEventListener
import dev.switchboard.ResponseHeaders
import dev.switchboard.wrap.CallAnnotationListener
import dev.switchboard.wrap.StreamObserver
import org.slf4j.spi.LoggingEventBuilder
import java.time.Duration

/**
 * One logged call: hears its HTTP attempts (as a call-scoped [HttpEventListener]), what the wrappers inside say of it
 * (as a [CallAnnotationListener]: a router's `deployment` and `skipped`) and its outcome (as a [StreamObserver], which
 * serves a `create` as well), and logs its events. Used by one call at a time: the transport, the wrappers and the
 * observer call it from the call's coroutine, one callback after another.
 */
internal class CallRecord(
    private val events: CallEventLogger,
    private val client: ChatCompletionClient,
    private val request: CreateRequest,
    private val streaming: Boolean,
) : StreamObserver, HttpEventListener, CallAnnotationListener {
    private var attempts = 0
    /** The annotations heard, in the order first heard; null until the first. */
    private var annotations: LinkedHashMap<String, Any?>? = null
    private var requestId: String? = null
    private var firstEventMillis: Long = -1

    override fun attemptStarted(attempt: Int, method: String, url: String) {
        attempts = attempt
    }

    override fun responseHeaders(attempt: Int, status: Int, requestId: String?, headers: ResponseHeaders) {
        if (requestId != null) this.requestId = requestId
    }

    override fun annotate(name: String, value: Any?) {
        (annotations ?: LinkedHashMap<String, Any?>(4).also { annotations = it })[name] = value
    }

    override fun onStart() {
        if (!streaming) return
        val e = base(STREAM_START)
        if (events.includeContent) e.addKeyValue("messages", CallContent.messages(request.messages))
        e.setMessage("{} {} {}").addArgument(STREAM_START).addArgument(client.provider).addArgument(client.model).log()
    }

    override fun onFirstEvent(elapsed: Duration) {
        firstEventMillis = elapsed.toMillis()
    }

    override suspend fun onCompleted(result: CreateResult, elapsed: Duration) {
        val e = end(elapsed, "success")
        e.addKeyValue("response_model", result.model)
        e.addKeyValue("response_id", result.id)
        e.addKeyValue("finish_reason", result.finishReason.name.lowercase())
        val usage = result.usage
        e.addKeyValue("prompt_tokens", usage.promptTokens)
        e.addKeyValue("completion_tokens", usage.completionTokens)
        e.addKeyValue("cached_tokens", usage.cachedTokens)
        e.addKeyValue("reasoning_tokens", usage.reasoningTokens)
        e.addKeyValue("cached", result.cached)
        if (events.includeContent) {
            e.addKeyValue("messages", CallContent.messages(request.messages))
            e.addKeyValue("response", CallContent.result(result))
        }
        log(e, elapsed, "success")
    }

    override fun onFailure(error: Throwable, elapsed: Duration) {
        val e = end(elapsed, "failure")
        e.addKeyValue("error_type", error.javaClass.simpleName)
        e.addKeyValue("cached", false)
        if (events.includeContent) e.addKeyValue("messages", CallContent.messages(request.messages))
        log(e, elapsed, "failure")
    }

    override fun onCancelled(elapsed: Duration) {
        val e = end(elapsed, "cancelled")
        e.addKeyValue("cached", false)
        log(e, elapsed, "cancelled")
    }

    private fun end(elapsed: Duration, outcome: String): LoggingEventBuilder {
        val e = base(if (streaming) STREAM_END else CALL)
        e.addKeyValue("request_id", requestId)
        e.addKeyValue("attempts", attempts)
        e.addKeyValue("latency_ms", elapsed.toMillis())
        if (streaming && firstEventMillis >= 0) e.addKeyValue("first_event_ms", firstEventMillis)
        e.addKeyValue("outcome", outcome)
        annotations?.forEach { (name, value) -> e.addKeyValue(name, value) }
        return e
    }

    private fun base(event: String): LoggingEventBuilder = events.logger.atInfo()
        .addKeyValue("event", event)
        .addKeyValue("provider", client.provider)
        .addKeyValue("model", client.model)
        .addKeyValue("streaming", streaming)

    private fun log(e: LoggingEventBuilder, elapsed: Duration, outcome: String) {
        e.setMessage("{} {} {} {} ms {}")
            .addArgument(if (streaming) STREAM_END else CALL)
            .addArgument(client.provider)
            .addArgument(client.model)
            .addArgument(elapsed.toMillis())
            .addArgument(outcome)
            .log()
    }

    private companion object {
        const val CALL = "LLMCall"
        const val STREAM_START = "LLMStreamStart"
        const val STREAM_END = "LLMStreamEnd"
    }
}
