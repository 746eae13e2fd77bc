package dev.switchboard

import java.time.Duration

/**
 * The one error type every client throws. The hierarchy is closed, so a `when` over it is exhaustive.
 *
 * Each error names the [provider], the HTTP [statusCode] (0 when no response arrived), the provider's
 * [requestId] when it sent one, and an excerpt of the response body with secrets redacted
 * ([bodyExcerpt]). Messages never contain API keys or tokens.
 */
public sealed class SwitchboardException(
    message: String,
    cause: Throwable?,
    /** The provider that failed, such as `openai`. */
    public val provider: String,
    /** The HTTP status, or 0 when no response arrived. */
    public val statusCode: Int,
    /** The provider's request id, when it sent one. */
    public val requestId: String?,
    /** The start of the response body, redacted, or null. */
    public val bodyExcerpt: String?,
) : RuntimeException(message, cause) {
    /** Whether trying the same request again may succeed. */
    public open val isRetryable: Boolean get() = false

    /**
     * How many attempts the transport sent before it gave up on this retryable failure (its retries exhausted);
     * 0 when it did not retry this error away. Set once, before the error is thrown.
     */
    internal var attempts: Int = 0

    /** The message, ending with `(gave up after N attempts)` when the transport exhausted its retries on this error. */
    override val message: String?
        get() {
            val base = super.message
            val n = attempts
            return if (n == 0) base else "$base (gave up after $n attempt${if (n == 1) "" else "s"})"
        }
}

/** The API key or token was missing, wrong or expired (401). Fix the credentials; retrying will not help. */
public class AuthenticationException @JvmOverloads constructor(
    message: String, provider: String, statusCode: Int = 401, requestId: String? = null, bodyExcerpt: String? = null,
    cause: Throwable? = null,
) : SwitchboardException(message, cause, provider, statusCode, requestId, bodyExcerpt)

/** The credentials are valid but not allowed to do this (403). */
public class PermissionDeniedException @JvmOverloads constructor(
    message: String, provider: String, statusCode: Int = 403, requestId: String? = null, bodyExcerpt: String? = null,
    cause: Throwable? = null,
) : SwitchboardException(message, cause, provider, statusCode, requestId, bodyExcerpt)

/** The model, deployment or endpoint does not exist (404). */
public class NotFoundException @JvmOverloads constructor(
    message: String, provider: String, statusCode: Int = 404, requestId: String? = null, bodyExcerpt: String? = null,
    cause: Throwable? = null,
) : SwitchboardException(message, cause, provider, statusCode, requestId, bodyExcerpt)

/**
 * The provider rejected the request as malformed (400, 422), or this library refused to send it
 * because the provider cannot take one of its options ([statusCode] 0).
 */
public class BadRequestException @JvmOverloads constructor(
    message: String, provider: String, statusCode: Int = 400, requestId: String? = null, bodyExcerpt: String? = null,
    cause: Throwable? = null,
) : SwitchboardException(message, cause, provider, statusCode, requestId, bodyExcerpt)

/**
 * The provider's content filter refused the prompt (Azure answers 400 with the code `content_filter`).
 * [results] tells per category what the filter found; [filteredCategories] names those that blocked it.
 * Rephrase the prompt or change the deployment's filter policy; retrying the same prompt will not help.
 */
public class ContentFilterException @JvmOverloads constructor(
    message: String, provider: String, statusCode: Int = 400, requestId: String? = null, bodyExcerpt: String? = null,
    /** What the filter found, per category; empty when the provider did not say. */
    public val results: List<ContentFilterResult> = emptyList(),
    cause: Throwable? = null,
) : SwitchboardException(message, cause, provider, statusCode, requestId, bodyExcerpt) {
    /** The categories that blocked the prompt. */
    public val filteredCategories: List<String> get() = results.filter { it.filtered }.map { it.category }
}

/** The prompt and the requested output do not fit in the model's context window. Shorten the conversation. */
public class ContextLengthExceededException @JvmOverloads constructor(
    message: String, provider: String, statusCode: Int = 400, requestId: String? = null, bodyExcerpt: String? = null,
    cause: Throwable? = null,
) : SwitchboardException(message, cause, provider, statusCode, requestId, bodyExcerpt)

/** Too many requests or tokens (429). [retryAfter] is the provider's advice, when it gave one. */
public class RateLimitException @JvmOverloads constructor(
    message: String, provider: String, statusCode: Int = 429, requestId: String? = null, bodyExcerpt: String? = null,
    /** How long the provider asked to wait, or null. */
    public val retryAfter: Duration? = null,
    cause: Throwable? = null,
) : SwitchboardException(message, cause, provider, statusCode, requestId, bodyExcerpt) {
    override val isRetryable: Boolean get() = true
}

/** The provider failed or is overloaded (5xx, 408, 409). */
public class ServerException @JvmOverloads constructor(
    message: String, provider: String, statusCode: Int, requestId: String? = null, bodyExcerpt: String? = null,
    cause: Throwable? = null,
) : SwitchboardException(message, cause, provider, statusCode, requestId, bodyExcerpt) {
    override val isRetryable: Boolean get() = true
}

/** No connection could be made or it broke before a response arrived. */
public class ConnectionException @JvmOverloads constructor(
    message: String, provider: String, cause: Throwable? = null,
) : SwitchboardException(message, cause, provider, 0, null, null) {
    override val isRetryable: Boolean get() = true
}

/** A connect, request or idle-between-chunks timeout elapsed. [kind] says which. */
public class RequestTimeoutException @JvmOverloads constructor(
    message: String, provider: String,
    /** Which timeout elapsed. */
    public val kind: Kind,
    cause: Throwable? = null,
) : SwitchboardException(message, cause, provider, 0, null, null) {
    /** The timeout that elapsed. */
    public enum class Kind {
        /** Connecting took too long. */
        CONNECT,
        /** The response (or its headers, for streams) took too long. */
        REQUEST,
        /** A stream went quiet for longer than the idle timeout. */
        IDLE,
    }

    override val isRetryable: Boolean get() = true
}

/**
 * A stream broke after it began: the connection dropped, the provider sent an error event, or the
 * stream ended without its terminator. The answer is incomplete and is not returned as if it were.
 */
public class StreamInterruptedException @JvmOverloads constructor(
    message: String, provider: String, statusCode: Int = 200, requestId: String? = null, bodyExcerpt: String? = null,
    cause: Throwable? = null,
) : SwitchboardException(message, cause, provider, statusCode, requestId, bodyExcerpt)

/** The provider answered something this library cannot read: malformed JSON, an HTML page, a wrong content type. */
public class ProtocolException @JvmOverloads constructor(
    message: String, provider: String, statusCode: Int = 200, requestId: String? = null, bodyExcerpt: String? = null,
    cause: Throwable? = null,
) : SwitchboardException(message, cause, provider, statusCode, requestId, bodyExcerpt)

/** The request needs a capability the model lacks (see [ModelInfo]); nothing was sent. */
public class CapabilityMissingException(
    message: String, provider: String,
    /** The missing capability, such as `vision`. */
    public val capability: String,
) : SwitchboardException(message, null, provider, 0, null, null)

/** Any other error status the provider answered. */
public class ApiException @JvmOverloads constructor(
    message: String, provider: String, statusCode: Int, requestId: String? = null, bodyExcerpt: String? = null,
    cause: Throwable? = null,
) : SwitchboardException(message, cause, provider, statusCode, requestId, bodyExcerpt)
