package dev.switchboard.router

import dev.switchboard.BadRequestException
import dev.switchboard.CapabilityMissingException
import dev.switchboard.ContentFilterException
import dev.switchboard.ContextLengthExceededException

/** What a failure says, and so what the router does next. */
internal enum class FailureKind(
    /** The fallbacks that apply once the group gave up, or null for none. */
    val trigger: FallbackTrigger?,
) {
    /** About the deployment (rate limit, server, network, timeout, credentials): retried on another, counted toward its cooldown. */
    DEPLOYMENT(FallbackTrigger.ERROR),

    /** The prompt does not fit: no deployment of the group would take it. */
    CONTEXT_LENGTH(FallbackTrigger.CONTEXT_LENGTH),

    /** The content filter refused the prompt: the group's model would refuse it again. */
    CONTENT_FILTER(FallbackTrigger.CONTENT_FILTER),

    /** The request itself is wrong: no deployment and no other model would take it. */
    REQUEST(null),
    ;

    companion object {
        fun of(error: Throwable): FailureKind = when (error) {
            is ContextLengthExceededException -> CONTEXT_LENGTH
            is ContentFilterException -> CONTENT_FILTER
            is BadRequestException, is CapabilityMissingException -> REQUEST
            else -> DEPLOYMENT
        }
    }
}

/**
 * Carries a failure that must reach the caller as it is, past every retry and fallback: a stream broken after its
 * first event, or the collector's own exception. No stack trace: it is unwrapped before anyone sees it.
 */
internal class PassThrough(val error: Throwable) : RuntimeException(null, null, false, false)

/** Why deployments were left out of one call, for the `skipped` annotation: `gpt/east=failed:ServerException`. */
internal class Skips {
    private val reasons = LinkedHashMap<Deployment, String>(4)

    /** [d] could not take the call ([reason]); a failure heard before is kept, as the better reason. */
    fun unavailable(d: Deployment, reason: String) {
        val before = reasons[d]
        if (before == null || !before.startsWith(FAILED)) reasons[d] = reason
    }

    /** [d] was available at a later choice: it was not skipped for being unavailable (a failure is kept). */
    fun available(d: Deployment) {
        val before = reasons[d] ?: return
        if (!before.startsWith(FAILED)) reasons.remove(d)
    }

    /** [d] failed the call with [error]. */
    fun failed(d: Deployment, error: Throwable) {
        reasons[d] = FAILED + error.javaClass.simpleName
    }

    /** Every deployment but [answered] with its reason, in the order first left out. */
    fun render(answered: Deployment?): String =
        reasons.entries.filter { it.key !== answered }.joinToString(", ") { "${it.key.label}=${it.value}" }

    private companion object {
        const val FAILED = "failed:"
    }
}
