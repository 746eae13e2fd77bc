package dev.switchboard

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject

/**
 * A constraint the server holds the answer to while it generates it, token by token: a JSON schema, a regular
 * expression, a grammar, or one of a list of choices. Self-hosted inference servers (vLLM, text-generation-inference,
 * llama.cpp) take these under their own fields; set one with [CreateRequest.Builder.guidedDecoding] and the client
 * writes it the way its server reads it.
 *
 * Servers differ in what they take (see [Kind]): a client whose server does not take the request's kind fails with a
 * [CapabilityMissingException] before anything is sent, never dropping the constraint. For a JSON schema on OpenAI and
 * the hosted services, [ResponseFormat.JsonSchema] is the portable choice; a request sets one or the other.
 */
public sealed class GuidedDecoding {
    /** What kind of constraint this is, which is what servers differ in. */
    public abstract val kind: Kind

    /** The kinds of constraint. */
    public enum class Kind(
        /** How errors name the kind, such as `a regular expression`. */
        public val label: String,
    ) {
        /** The answer is JSON valid against a schema. */
        JSON_SCHEMA("a JSON schema"),
        /** The answer matches a regular expression. */
        REGEX("a regular expression"),
        /** The answer is a sentence of a context-free grammar (GBNF, EBNF or Lark, as the server reads them). */
        GRAMMAR("a grammar"),
        /** The answer is exactly one of a list of strings. */
        CHOICE("a list of choices"),
    }

    /** The answer is JSON valid against [schema]. */
    public class JsonSchema internal constructor(
        /** The JSON schema; `{}` allows any JSON. */
        public val schema: JsonObject,
    ) : GuidedDecoding() {
        override val kind: Kind get() = Kind.JSON_SCHEMA
        override fun equals(other: Any?): Boolean = other is JsonSchema && schema == other.schema
        override fun hashCode(): Int = schema.hashCode()
        override fun toString(): String = "GuidedDecoding.JsonSchema($schema)"
    }

    /**
     * The answer matches [pattern], in the server's own regular expression syntax (Python's `re` for vLLM and
     * text-generation-inference), which this library does not check.
     */
    public class Regex internal constructor(
        /** The regular expression. */
        public val pattern: String,
    ) : GuidedDecoding() {
        override val kind: Kind get() = Kind.REGEX
        override fun equals(other: Any?): Boolean = other is Regex && pattern == other.pattern
        override fun hashCode(): Int = pattern.hashCode()
        override fun toString(): String = "GuidedDecoding.Regex($pattern)"
    }

    /**
     * The answer is a sentence of [grammar], written in a syntax the server reads (GBNF for llama.cpp; GBNF, EBNF or
     * Lark for vLLM, by its backend), which this library does not check.
     */
    public class Grammar internal constructor(
        /** The grammar's text. */
        public val grammar: String,
    ) : GuidedDecoding() {
        override val kind: Kind get() = Kind.GRAMMAR
        override fun equals(other: Any?): Boolean = other is Grammar && grammar == other.grammar
        override fun hashCode(): Int = grammar.hashCode()
        override fun toString(): String = "GuidedDecoding.Grammar(${grammar.length} chars)"
    }

    /** The answer is exactly one of [choices]. */
    public class Choice internal constructor(
        /** The strings the answer may be, in order, distinct and never empty. */
        public val choices: List<String>,
    ) : GuidedDecoding() {
        override val kind: Kind get() = Kind.CHOICE
        override fun equals(other: Any?): Boolean = other is Choice && choices == other.choices
        override fun hashCode(): Int = choices.hashCode()
        override fun toString(): String = "GuidedDecoding.Choice($choices)"
    }

    /** Factories of [GuidedDecoding]. */
    public companion object {
        /** The answer is JSON valid against [schema]. */
        @JvmStatic
        public fun jsonSchema(schema: JsonObject): GuidedDecoding = JsonSchema(schema)

        /**
         * The answer is JSON valid against the schema given as JSON text.
         *
         * @throws IllegalArgumentException when [schemaJson] is not a JSON object.
         */
        @JvmStatic
        public fun jsonSchema(schemaJson: String): GuidedDecoding {
            val schema = try {
                Json.parseToJsonElement(schemaJson).jsonObject
            } catch (e: IllegalArgumentException) {
                throw IllegalArgumentException("The guided decoding schema must be a JSON object: ${e.message}", e)
            }
            return JsonSchema(schema)
        }

        /**
         * The answer matches [pattern].
         *
         * @throws IllegalArgumentException when [pattern] is empty.
         */
        @JvmStatic
        public fun regex(pattern: String): GuidedDecoding {
            require(pattern.isNotEmpty()) { "The guided decoding regular expression must not be empty" }
            return Regex(pattern)
        }

        /**
         * The answer is a sentence of [grammar].
         *
         * @throws IllegalArgumentException when [grammar] is blank.
         */
        @JvmStatic
        public fun grammar(grammar: String): GuidedDecoding {
            require(grammar.isNotBlank()) { "The guided decoding grammar must not be blank" }
            return Grammar(grammar)
        }

        /**
         * The answer is exactly one of [choices].
         *
         * @throws IllegalArgumentException when there is no choice, one is empty, or two are the same.
         */
        @JvmStatic
        public fun choice(choices: List<String>): GuidedDecoding {
            require(choices.isNotEmpty()) { "Guided decoding by choice needs at least one choice" }
            require(choices.none { it.isEmpty() }) { "A guided decoding choice must not be empty (got $choices)" }
            require(choices.toSet().size == choices.size) { "Guided decoding choices must be distinct (got $choices)" }
            return Choice(choices.toList())
        }

        /**
         * The answer is exactly one of [choices].
         *
         * @throws IllegalArgumentException as [choice] with a list does.
         */
        @JvmStatic
        public fun choice(vararg choices: String): GuidedDecoding = choice(choices.toList())
    }
}
