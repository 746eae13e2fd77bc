package dev.switchboard.replay

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.LlmMessage
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.Tool
import dev.switchboard.TokenCounter
import dev.switchboard.checkCapabilities
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import kotlin.time.toJavaDuration

/**
 * A [ChatCompletionClient] that answers from recordings instead of a provider, for tests and offline
 * demos. Each call, `create` or `createStream`, takes the next [Recording] in order:
 *
 * - a recording of a stream is replayed through `createStream` event by event, exactly as recorded;
 *   through `create` it gives its final result;
 * - a recording of a `create` call is replayed through `create` as it is; through `createStream` it is
 *   turned into events (see [Recording.Created]).
 *
 * It behaves like a real client otherwise: requests are checked against [modelInfo] before a
 * recording is taken ([dev.switchboard.CapabilityMissingException]), and [totalUsage] and
 * [actualUsage] add up the usage of the results it returns. The results it returns are **not** marked
 * [CreateResult.cached]: it stands in for the provider, so a cache in front of it behaves as in
 * production.
 *
 * Safe to share between threads: each recording is handed to exactly one call. A `createStream` flow
 * takes its recording when it is collected, not when it is created.
 *
 * Record files with [RecordingChatCompletionClient]; the format is described by [ReplayFile].
 */
public class ReplayChatCompletionClient private constructor(builder: Builder) : ChatCompletionClient {
    private val recordings: List<Recording> = builder.recordings.toList()
    private val eventDelay: Duration = builder.eventDelay
    private val verifyMessageCount: Boolean = builder.verifyMessageCount
    private val next = AtomicInteger(0)
    private val usage = AtomicReference(RequestUsage.ZERO)
    private val closed = AtomicBoolean(false)

    init {
        require(recordings.isNotEmpty()) { "A replay needs at least one recording" }
    }

    override val model: String = builder.model ?: recordings.first().let { it.model ?: it.result.model } ?: DEFAULT_MODEL
    override val modelInfo: ModelInfo = builder.modelInfo

    /** Always `replay`. */
    override val provider: String get() = PROVIDER

    /** How many recordings this client holds. */
    public val recordedCount: Int get() = recordings.size

    /** How many recordings calls have taken so far. */
    public val consumedCount: Int get() = next.get()

    /** How many recordings are left. */
    public val remainingCount: Int get() = recordings.size - next.get()

    override val totalUsage: RequestUsage get() = usage.get()

    override val actualUsage: RequestUsage get() = usage.get()

    /**
     * The result of the next recording.
     *
     * @throws dev.switchboard.CapabilityMissingException when the request needs a capability [modelInfo] lacks (no recording is taken).
     * @throws IllegalStateException when every recording has been taken, or the client is closed.
     */
    override suspend fun create(request: CreateRequest): CreateResult {
        val result = take(request).result.withCached(false)
        record(result.usage)
        return result
    }

    /**
     * A cold flow of the next recording's events, each after the configured event delay.
     *
     * @throws dev.switchboard.CapabilityMissingException (from the flow) when the request needs a capability [modelInfo] lacks.
     * @throws IllegalStateException (from the flow) when every recording has been taken, or the client is closed.
     */
    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> = flow {
        val recording = take(request)
        for (event in recording.events) {
            if (!eventDelay.isZero) delay(eventDelay.toMillis())
            if (event is ChatStreamEvent.Completed) {
                val result = event.result.withCached(false)
                record(result.usage)
                emit(ChatStreamEvent.Completed(result))
            } else {
                emit(event)
            }
        }
    }

    override fun countTokens(messages: List<LlmMessage>, tools: List<Tool>): Int = TokenCounter.ESTIMATE.count(messages, tools)

    override fun close() {
        closed.set(true)
    }

    override fun toString(): String = "replay($model, $consumedCount/$recordedCount replayed)"

    private fun take(request: CreateRequest): Recording {
        check(!closed.get()) { "This replay client is closed" }
        checkCapabilities(PROVIDER, model, modelInfo, request)
        while (true) {
            val index = next.get()
            check(index < recordings.size) {
                "No recording left to replay: ${recordings.size} recorded, ${recordings.size} consumed. " +
                    "The code made more model calls than were recorded: record again or add recordings."
            }
            if (!next.compareAndSet(index, index + 1)) continue
            val recording = recordings[index]
            val expected = recording.messageCount
            if (verifyMessageCount && expected != null) {
                check(expected == request.messages.size) {
                    "Recording ${index + 1} of ${recordings.size} was made for a request of $expected messages, " +
                        "but this request has ${request.messages.size}: the conversation differs from the recorded one"
                }
            }
            return recording
        }
    }

    private fun record(delta: RequestUsage) {
        usage.accumulateAndGet(delta) { a, b -> a + b }
    }

    /** Builds a [ReplayChatCompletionClient]. */
    public class Builder internal constructor() {
        internal val recordings = ArrayList<Recording>()
        internal var model: String? = null
        internal var modelInfo: ModelInfo = ModelInfo.ALL_CAPABILITIES
        internal var eventDelay: Duration = Duration.ZERO
        internal var verifyMessageCount = false

        /** Sets the model name; by default the first recording's model, or `replay`. */
        public fun model(name: String): Builder = apply {
            require(name.isNotBlank()) { "A model name must not be blank" }
            model = name
        }

        /** Sets what the model can do, checked against every request; by default [ModelInfo.ALL_CAPABILITIES]. */
        public fun modelInfo(info: ModelInfo): Builder = apply { modelInfo = info }

        /** Waits [delay] before each stream event, to show streaming in demos; zero (the default) for none. */
        public fun eventDelay(delay: Duration): Builder = apply {
            require(!delay.isNegative) { "The event delay must not be negative (got $delay)" }
            eventDelay = delay
        }

        /** Waits [delay] before each stream event, to show streaming in demos; zero (the default) for none. */
        @JvmSynthetic
        public fun eventDelay(delay: kotlin.time.Duration): Builder = eventDelay(delay.toJavaDuration())

        /**
         * Whether each request must have as many messages as the request its recording was made for;
         * a mismatch fails the call with an [IllegalStateException]. Off by default.
         */
        public fun verifyMessageCount(value: Boolean): Builder = apply { verifyMessageCount = value }

        /** Appends a recording. */
        public fun recording(recording: Recording): Builder = apply { recordings += recording }

        /** Appends recordings in order. */
        public fun recordings(recordings: List<Recording>): Builder = apply { this.recordings += recordings }

        /** Appends a result to replay. */
        public fun result(result: CreateResult): Builder = recording(Recording.Created(result, result.model))

        /** Appends results to replay, in order. */
        public fun results(results: List<CreateResult>): Builder = apply { results.forEach { result(it) } }

        /**
         * Appends a stream to replay, event by event.
         *
         * @throws IllegalArgumentException unless the last event, and only it, is [ChatStreamEvent.Completed].
         */
        public fun stream(events: List<ChatStreamEvent>): Builder = recording(Recording.Streamed(events.toList()))

        /**
         * Appends the recordings of the file at [path].
         *
         * @throws java.io.IOException when it cannot be read.
         * @throws IllegalArgumentException when a line is not a recording.
         */
        public fun file(path: Path): Builder = recordings(ReplayFile.read(path))

        /**
         * Appends the recordings of the classpath resource [name].
         *
         * @throws IllegalArgumentException when there is no such resource or a line is not a recording.
         */
        public fun resource(name: String): Builder = recordings(ReplayFile.readResource(name))

        /**
         * The client.
         *
         * @throws IllegalArgumentException when no recording was given.
         */
        public fun build(): ReplayChatCompletionClient = ReplayChatCompletionClient(this)
    }

    /** Factories and constants of [ReplayChatCompletionClient]. */
    public companion object {
        private const val PROVIDER = "replay"
        private const val DEFAULT_MODEL = "replay"

        /** An empty builder. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /** A client replaying [results] in order. */
        @JvmStatic
        public fun of(results: List<CreateResult>): ReplayChatCompletionClient = Builder().results(results).build()

        /** A client replaying [results] in order. */
        @JvmStatic
        public fun of(vararg results: CreateResult): ReplayChatCompletionClient = of(results.toList())

        /**
         * A client replaying the recordings of the file at [path] (written by [RecordingChatCompletionClient]).
         *
         * @throws java.io.IOException when it cannot be read.
         * @throws IllegalArgumentException when it holds no recording or a line is not one.
         */
        @JvmStatic
        public fun fromFile(path: Path): ReplayChatCompletionClient = Builder().file(path).build()

        /**
         * A client replaying the recordings of the classpath resource [name], such as a sample shipped in a jar.
         *
         * @throws IllegalArgumentException when there is no such resource, it holds no recording, or a line is not one.
         */
        @JvmStatic
        public fun fromResource(name: String): ReplayChatCompletionClient = Builder().resource(name).build()
    }
}
