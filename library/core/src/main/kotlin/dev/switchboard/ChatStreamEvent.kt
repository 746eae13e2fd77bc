package dev.switchboard

/**
 * One event of a streamed answer. Deltas arrive as the model produces them; the last event of every
 * complete stream is [Completed], holding the same [CreateResult] that `create` would have returned.
 * A stream that breaks before [Completed] ends with an exception, never silently.
 */
public sealed class ChatStreamEvent {
    /** A piece of the answer text of choice [choiceIndex]. */
    public class TextDelta @JvmOverloads constructor(
        /** The new text. */
        public val text: String,
        /** The choice it belongs to. */
        public val choiceIndex: Int = 0,
    ) : ChatStreamEvent() {
        override fun equals(other: Any?): Boolean =
            this === other || other is TextDelta &&
            text == other.text &&
            choiceIndex == other.choiceIndex

        override fun hashCode(): Int {
            var h = text.hashCode()
            h = 31 * h + choiceIndex.hashCode()
            return h
        }

        override fun toString(): String = "TextDelta(text=$text, choiceIndex=$choiceIndex)"
    }

    /** A piece of the model's reasoning text. */
    public class ThoughtDelta @JvmOverloads constructor(
        /** The new reasoning text. */
        public val text: String,
        /** The choice it belongs to. */
        public val choiceIndex: Int = 0,
    ) : ChatStreamEvent() {
        override fun equals(other: Any?): Boolean =
            this === other || other is ThoughtDelta &&
            text == other.text &&
            choiceIndex == other.choiceIndex

        override fun hashCode(): Int {
            var h = text.hashCode()
            h = 31 * h + choiceIndex.hashCode()
            return h
        }

        override fun toString(): String = "ThoughtDelta(text=$text, choiceIndex=$choiceIndex)"
    }

    /** The model started the tool call at position [index]. */
    public class ToolCallStart @JvmOverloads constructor(
        /** The call's position among this turn's calls. */
        public val index: Int,
        /** The call's id. */
        public val id: String,
        /** The tool's name. */
        public val name: String,
        /** The choice it belongs to. */
        public val choiceIndex: Int = 0,
    ) : ChatStreamEvent() {
        override fun equals(other: Any?): Boolean =
            this === other || other is ToolCallStart &&
            index == other.index &&
            id == other.id &&
            name == other.name &&
            choiceIndex == other.choiceIndex

        override fun hashCode(): Int {
            var h = index.hashCode()
            h = 31 * h + id.hashCode()
            h = 31 * h + name.hashCode()
            h = 31 * h + choiceIndex.hashCode()
            return h
        }

        override fun toString(): String = "ToolCallStart(index=$index, id=$id, name=$name, choiceIndex=$choiceIndex)"
    }

    /** A piece of the JSON arguments of the tool call at position [index]. */
    public class ToolCallDelta @JvmOverloads constructor(
        /** The call's position. */
        public val index: Int,
        /** The new argument text. */
        public val argumentsDelta: String,
        /** The choice it belongs to. */
        public val choiceIndex: Int = 0,
    ) : ChatStreamEvent() {
        override fun equals(other: Any?): Boolean =
            this === other || other is ToolCallDelta &&
            index == other.index &&
            argumentsDelta == other.argumentsDelta &&
            choiceIndex == other.choiceIndex

        override fun hashCode(): Int {
            var h = index.hashCode()
            h = 31 * h + argumentsDelta.hashCode()
            h = 31 * h + choiceIndex.hashCode()
            return h
        }

        override fun toString(): String = "ToolCallDelta(index=$index, argumentsDelta=$argumentsDelta, choiceIndex=$choiceIndex)"
    }

    /** The tool call at position [index] is complete. */
    public class ToolCallEnd @JvmOverloads constructor(
        /** The call's position. */
        public val index: Int,
        /** The complete call. */
        public val call: FunctionCall,
        /** The choice it belongs to. */
        public val choiceIndex: Int = 0,
    ) : ChatStreamEvent() {
        override fun equals(other: Any?): Boolean =
            this === other || other is ToolCallEnd &&
            index == other.index &&
            call == other.call &&
            choiceIndex == other.choiceIndex

        override fun hashCode(): Int {
            var h = index.hashCode()
            h = 31 * h + call.hashCode()
            h = 31 * h + choiceIndex.hashCode()
            return h
        }

        override fun toString(): String = "ToolCallEnd(index=$index, call=$call, choiceIndex=$choiceIndex)"
    }

    /** The stream finished; [result] is the whole answer, usage included. Always the last event. */
    public class Completed(
        /** The complete result. */
        public val result: CreateResult,
    ) : ChatStreamEvent() {
        override fun equals(other: Any?): Boolean =
            this === other || other is Completed &&
            result == other.result

        override fun hashCode(): Int = result.hashCode()

        override fun toString(): String = "Completed(result=$result)"
    }
}
