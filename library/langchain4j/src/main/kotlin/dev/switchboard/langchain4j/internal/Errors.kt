package dev.switchboard.langchain4j.internal

import dev.langchain4j.exception.HttpException
import dev.langchain4j.exception.InternalServerException
import dev.langchain4j.exception.InvalidRequestException
import dev.langchain4j.exception.LangChain4jException
import dev.langchain4j.exception.ModelNotFoundException
import dev.switchboard.ApiException
import dev.switchboard.AuthenticationException
import dev.switchboard.BadRequestException
import dev.switchboard.CapabilityMissingException
import dev.switchboard.ContentFilterException
import dev.switchboard.ContextLengthExceededException
import dev.switchboard.NotFoundException
import dev.switchboard.PermissionDeniedException
import dev.switchboard.RateLimitException
import dev.switchboard.RequestTimeoutException
import dev.switchboard.ServerException
import dev.switchboard.SwitchboardException
import kotlinx.coroutines.CancellationException
import dev.langchain4j.exception.AuthenticationException as Lc4jAuthenticationException
import dev.langchain4j.exception.ContentFilteredException as Lc4jContentFilteredException
import dev.langchain4j.exception.RateLimitException as Lc4jRateLimitException
import dev.langchain4j.exception.TimeoutException as Lc4jTimeoutException

/** Failures between the two libraries' hierarchies; the original is always kept as the cause. */
internal object Errors {
    /**
     * A Switchboard failure as the LangChain4j exception of the same kind, so LangChain4j's own retry and
     * error handling see a rate limit as a rate limit. The Switchboard exception stays reachable as the cause.
     */
    fun toLangChain4j(e: Throwable): Throwable {
        if (e !is SwitchboardException) return e
        val m = e.message ?: e.javaClass.simpleName
        return when (e) {
            is AuthenticationException, is PermissionDeniedException -> Lc4jAuthenticationException(m, e)
            is RateLimitException -> Lc4jRateLimitException(m, e)
            is RequestTimeoutException -> Lc4jTimeoutException(m, e)
            is NotFoundException -> ModelNotFoundException(m, e)
            is ContentFilterException -> Lc4jContentFilteredException(m, e)
            is BadRequestException, is ContextLengthExceededException, is CapabilityMissingException -> InvalidRequestException(m, e)
            is ServerException -> InternalServerException(m, e)
            else -> LangChain4jException(m, e)
        }
    }

    /** A LangChain4j model's failure as Switchboard's typed error; cancellation passes through unwrapped. */
    fun toSwitchboard(e: Throwable, provider: String): Throwable {
        if (e is CancellationException || e is SwitchboardException || e is IllegalArgumentException) return e
        // LangChain4j wraps an HTTP status in HttpException, possibly as the cause of a typed exception.
        val status = generateSequence(e) { it.cause }.take(8).filterIsInstance<HttpException>().firstOrNull()?.statusCode()
        val m = "The LangChain4j model failed: ${e.message ?: e.javaClass.simpleName}"
        return when (e) {
            is Lc4jAuthenticationException -> AuthenticationException(m, provider, status ?: 401, cause = e)
            is Lc4jRateLimitException -> RateLimitException(m, provider, status ?: 429, cause = e)
            is Lc4jTimeoutException -> RequestTimeoutException(m, provider, RequestTimeoutException.Kind.REQUEST, e)
            is ModelNotFoundException -> NotFoundException(m, provider, status ?: 404, cause = e)
            is Lc4jContentFilteredException -> ContentFilterException(m, provider, status ?: 400, cause = e)
            is InvalidRequestException -> BadRequestException(m, provider, status ?: 400, cause = e)
            is InternalServerException -> ServerException(m, provider, status ?: 500, cause = e)
            else -> when {
                status == null -> ApiException(m, provider, 0, cause = e)
                status == 401 -> AuthenticationException(m, provider, status, cause = e)
                status == 403 -> PermissionDeniedException(m, provider, status, cause = e)
                status == 404 -> NotFoundException(m, provider, status, cause = e)
                status == 429 -> RateLimitException(m, provider, status, cause = e)
                status >= 500 -> ServerException(m, provider, status, cause = e)
                status >= 400 -> BadRequestException(m, provider, status, cause = e)
                else -> ApiException(m, provider, status, cause = e)
            }
        }
    }
}
