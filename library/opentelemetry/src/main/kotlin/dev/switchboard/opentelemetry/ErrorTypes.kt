package dev.switchboard.opentelemetry

/**
 * `error.type` of a failed call: the canonical name of the exception's class, as the conventions advise
 * (`dev.switchboard.RateLimitException`, `dev.switchboard.StreamInterruptedException`, `java.io.IOException`…), or its
 * binary name for a class without a canonical one (local and anonymous classes). Low-cardinality: never a message.
 */
internal object ErrorTypes {
    fun of(error: Throwable): String = error.javaClass.let { it.canonicalName ?: it.name }
}
