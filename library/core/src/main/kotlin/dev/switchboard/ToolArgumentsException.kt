package dev.switchboard

/**
 * The arguments the model wrote for a call of a typed tool do not fit the tool's parameter type: they are
 * not JSON, or JSON of another shape (a missing property, a value of the wrong type, an enum value the type
 * does not have, an object the type's own checks reject). Thrown by `FunctionCall.arguments<T>()` in Kotlin
 * and by `JavaTools.arguments` in the Java facade; nothing was sent, so [statusCode] is that of the answer
 * that carried the call (200) and [provider] is `unknown`.
 *
 * The [message] names the tool, the call and what did not fit, and [bodyExcerpt] holds the start of the
 * arguments; in both, anything shaped like a key or token is redacted (see
 * [dev.switchboard.spi.HttpErrors.redact]), since the model may echo what it read in the prompt. Models
 * usually correct themselves when told: answer the call with
 * `FunctionExecutionResult.error(callId, toolName, message)` and ask again. Retrying the same request
 * unchanged does not help ([isRetryable] is false).
 */
public class ToolArgumentsException @JvmOverloads constructor(
    message: String,
    /** The name of the tool whose call did not fit. */
    public val toolName: String,
    /** The id of the call ([FunctionCall.id]), to answer it with an error result. */
    public val callId: String,
    bodyExcerpt: String? = null,
    cause: Throwable? = null,
) : SwitchboardException(message, cause, "unknown", 200, null, bodyExcerpt)
