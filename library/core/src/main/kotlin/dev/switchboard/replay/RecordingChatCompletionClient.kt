package dev.switchboard.replay

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.wrap.ForwardingChatCompletionClient
import dev.switchboard.wrap.StreamObserver
import dev.switchboard.wrap.observe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.withContext
import java.io.IOException
import java.io.UncheckedIOException
import java.nio.file.Path
import java.time.Duration

/**
 * A [ChatCompletionClient] that passes every call to [delegate] and appends each completed exchange to
 * [file], for a [ReplayChatCompletionClient] to play back later: a `create` call as its result, a
 * `createStream` call as every event in order (see [ReplayFile] for the format).
 *
 * Nothing of the request is written but the model name and the number of messages: no prompt, no
 * header, no key. A call that fails is not recorded, nor is a stream that breaks or is cancelled
 * before its [ChatStreamEvent.Completed] event; a stream is written before its `Completed` event is
 * passed on, so a collector that stops at it still gets it recorded. Calls may run concurrently:
 * lines are appended whole, under a lock.
 *
 * Every other member is [delegate]'s ([ForwardingChatCompletionClient]); [close] closes [delegate].
 */
public class RecordingChatCompletionClient(
    /** The client that answers. */
    delegate: ChatCompletionClient,
    /** The JSON Lines file recordings are appended to; created with its directories when missing. */
    public val file: Path,
) : ForwardingChatCompletionClient(delegate) {
    /**
     * [delegate]'s answer, after it has been appended to [file].
     *
     * @throws java.io.UncheckedIOException when the recording cannot be written (the answer is then not returned).
     * @throws dev.switchboard.SwitchboardException as [delegate] throws it.
     */
    override suspend fun create(request: CreateRequest): CreateResult {
        val result = delegate.create(request)
        write(Recording.Created(result, delegate.model, request.messages.size))
        return result
    }

    /**
     * [delegate]'s stream, passed on event by event; recorded when its [ChatStreamEvent.Completed] event arrives.
     *
     * @throws java.io.UncheckedIOException (from the flow) when the recording cannot be written.
     */
    override fun createStream(request: CreateRequest): Flow<ChatStreamEvent> =
        delegate.createStream(request).observe(delegate.provider) { StreamRecorder(request.messages.size) }

    override fun toString(): String = "recording($delegate to $file)"

    /** Keeps the events of one collection and writes them once `Completed` arrives, before it is passed on. */
    private inner class StreamRecorder(private val messageCount: Int) : StreamObserver {
        private val events = ArrayList<ChatStreamEvent>()

        override fun onEvent(event: ChatStreamEvent) {
            events += event
        }

        override suspend fun onCompleted(result: CreateResult, elapsed: Duration) {
            write(Recording.Streamed(events.toList(), delegate.model, messageCount))
        }
    }

    private suspend fun write(recording: Recording) {
        withContext(Dispatchers.IO) {
            try {
                ReplayFile.append(file, recording)
            } catch (e: IOException) {
                throw UncheckedIOException("Could not append the recording to $file: ${e.message}", e)
            }
        }
    }
}
