package dev.switchboard.replay

import dev.switchboard.ChatStreamEvent
import dev.switchboard.CreateResult

/**
 * One recorded model call: what a [ReplayChatCompletionClient] plays back, and what a
 * [RecordingChatCompletionClient] writes. Either the result of a `create` call ([Created]) or every
 * event of a `createStream` call ([Streamed]); each can be replayed either way.
 *
 * Nothing of the request is kept but the [model] name and the [messageCount], so a recording holds
 * no prompt, header or key.
 */
public sealed class Recording {
    /** The name of the model the call went to, when known. */
    public abstract val model: String?

    /** How many messages the request had, when known. */
    public abstract val messageCount: Int?

    /** The complete result of the call. */
    public abstract val result: CreateResult

    /**
     * The call as stream events, always ending with [ChatStreamEvent.Completed]: the recorded events of a
     * [Streamed] recording, or events made from the result of a [Created] one.
     */
    public abstract val events: List<ChatStreamEvent>

    /**
     * A recorded `create` call. Replayed as a stream it becomes, per choice in order, a
     * [ChatStreamEvent.ThoughtDelta] of the thought, a [ChatStreamEvent.TextDelta] of the content, and a
     * start, delta (when the arguments are not empty) and end event per tool call; then
     * [ChatStreamEvent.Completed].
     */
    public class Created @JvmOverloads constructor(
        override val result: CreateResult,
        override val model: String? = null,
        override val messageCount: Int? = null,
    ) : Recording() {
        override val events: List<ChatStreamEvent> get() = result.toStreamEvents()

        override fun equals(other: Any?): Boolean = other is Created

        override fun hashCode(): Int = Created::class.hashCode()

        override fun toString(): String = "Created()"
    }

    /**
     * A recorded `createStream` call: its events in order, the last one [ChatStreamEvent.Completed] and
     * no other. Replayed through `create` it gives that last event's result.
     */
    public class Streamed @JvmOverloads constructor(
        override val events: List<ChatStreamEvent>,
        override val model: String? = null,
        override val messageCount: Int? = null,
    ) : Recording() {
        init {
            require(events.lastOrNull() is ChatStreamEvent.Completed) {
                "A stream recording must end with a Completed event (got ${events.size} events, the last " +
                    "${events.lastOrNull()?.javaClass?.simpleName ?: "none"}): an interrupted stream cannot be replayed"
            }
            require(events.count { it is ChatStreamEvent.Completed } == 1) {
                "A stream recording must hold exactly one Completed event, the last"
            }
        }

        override val result: CreateResult get() = (events.last() as ChatStreamEvent.Completed).result

        override fun equals(other: Any?): Boolean = other is Streamed

        override fun hashCode(): Int = Streamed::class.hashCode()

        override fun toString(): String = "Streamed()"
    }
}
