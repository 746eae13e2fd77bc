package dev.switchboard.java;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.FunctionCall;

/**
 * Callbacks for {@link SwitchboardClient#createStream(dev.switchboard.CreateRequest, StreamListener)}: override the
 * ones you need, usually just {@link #onText}. The whole answer, usage included, completes the future that
 * {@code createStream} returns; a failure completes it exceptionally, so there is no error callback to forget.
 *
 * <p>The callbacks of one stream are called one at a time, in the order of the stream, on a thread of the client's
 * callback executor (see {@link SwitchboardClient#withCallbackExecutor}). A callback may block: that holds up only
 * its own stream (the connection is not read meanwhile), never the library or other streams. A callback that throws
 * cancels the stream, closes its connection, and fails the future with what it threw.
 */
public interface StreamListener {
    /** A piece of the answer text (of the first choice; see {@link #onEvent} for the others). */
    default void onText(String text) {
    }

    /** A piece of the model's reasoning (of the first choice). */
    default void onThought(String text) {
    }

    /** A complete tool call: its id, its tool's name and its JSON arguments (of the first choice). */
    default void onToolCall(FunctionCall call) {
    }

    /**
     * Every event of the stream as it is, before the callback above that matches it (if any): tool-call deltas,
     * other choices, and the final {@link ChatStreamEvent.Completed}.
     */
    default void onEvent(ChatStreamEvent event) {
    }
}
