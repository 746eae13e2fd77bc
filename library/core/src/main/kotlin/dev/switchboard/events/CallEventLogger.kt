package dev.switchboard.events

import dev.switchboard.ChatCompletionClient
import org.slf4j.Logger
import org.slf4j.LoggerFactory

/**
 * Logs one structured event per model call through SLF4J, as AutoGen's `LLMCall` events: a wrapper made by [wrap] (or
 * Kotlin's [logged]) around any client. The logger is [LOGGER_NAME] unless [Builder.loggerName] says otherwise; every
 * event is logged at INFO with SLF4J 2 key-value pairs, so a JSON encoder (logstash-logback-encoder, Log4j's
 * JsonTemplateLayout) writes fields, not a sentence.
 *
 * Events (the `event` field, also the start of the message):
 * - `LLMCall`: one per `create`.
 * - `LLMStreamStart` when a stream is collected, then `LLMStreamEnd` when it ends (completed, failed or cancelled):
 *   the end event carries the same fields as `LLMCall`.
 *
 * Fields: `provider`, `model` (the client's), `response_model`, `request_id` (the provider's, from the last HTTP
 * attempt), `response_id`, `streaming`, `attempts` (HTTP attempts, retries included; 0 when nothing was sent, as for
 * an answer from a cache), `prompt_tokens`, `completion_tokens`, `cached_tokens`, `reasoning_tokens`, `latency_ms`,
 * `first_event_ms` (streams), `finish_reason`, `outcome` (`success`, `failure`, `cancelled`), `error_type` (the
 * exception's simple class name), `cached` (answered from a response cache). Behind a router
 * ([dev.switchboard.router.Router]), the end events also carry `deployment` (`group/name` of the deployment that
 * answered) and `skipped` (the others and why: `gpt/east=cooling_down, gpt/west=failed:ServerException`); any wrapper
 * inside may add fields of its own this way (see [dev.switchboard.wrap.CallAnnotations]). With [Builder.includeContent],
 * `messages` and `response` too, rendered as compact text with known key shapes redacted; off by default, since
 * prompts and answers may hold personal data.
 *
 * When the logger's INFO level is off, a wrapped call costs one level check and nothing else. Attempts and request
 * ids come from the transport of this library's clients (see [dev.switchboard.wrap.CallHttpEvents]); other clients
 * report no attempts.
 */
public class CallEventLogger private constructor(builder: Builder) {
    internal val logger: Logger = LoggerFactory.getLogger(builder.loggerName)
    internal val includeContent: Boolean = builder.includeContent

    /**
     * [client] with every call logged; every other member is [client]'s, and closing the wrapper closes [client].
     * The stream's promises are kept (cold, last event `Completed`, failures and cancellations passed on unchanged).
     */
    public fun wrap(client: ChatCompletionClient): ChatCompletionClient = LoggingChatCompletionClient(client, this)

    override fun toString(): String = "CallEventLogger(${logger.name}, content=$includeContent)"

    /** Configures a [CallEventLogger]. */
    public class Builder internal constructor() {
        internal var loggerName: String = LOGGER_NAME
        internal var includeContent: Boolean = false

        /** The SLF4J logger to log to; [LOGGER_NAME] by default. */
        public fun loggerName(value: String): Builder = apply {
            require(value.isNotBlank()) { "The logger name must not be blank" }
            loggerName = value
        }

        /** Whether events carry the request's messages and the answer (redacted); false by default. */
        public fun includeContent(value: Boolean): Builder = apply { includeContent = value }

        /** The logger. */
        public fun build(): CallEventLogger = CallEventLogger(this)
    }

    /** The logger name and factories. */
    public companion object {
        /** The name of the logger the events go to by default, as AutoGen's `EVENT_LOGGER_NAME`. */
        public const val LOGGER_NAME: String = "dev.switchboard.events"

        /** Events on [LOGGER_NAME], without messages or answers. */
        @JvmField
        public val DEFAULT: CallEventLogger = Builder().build()

        /** A builder with the defaults. */
        @JvmStatic
        public fun builder(): Builder = Builder()
    }
}

/** This client with every call logged by [events] ([CallEventLogger.DEFAULT] unless given); see [CallEventLogger]. */
@JvmSynthetic
public fun ChatCompletionClient.logged(events: CallEventLogger = CallEventLogger.DEFAULT): ChatCompletionClient = events.wrap(this)
