package dev.switchboard

/**
 * Marks the receivers of Switchboard's Kotlin builders, such as `createRequest { }`, `HttpOptions { }` and
 * the provider configurations' `OpenAiConfig { }`, so that inside a nested block only the innermost
 * builder's members can be called without a receiver: `httpOptions { maxRetries = 0 }` inside
 * `OpenAiConfig { }` cannot set the outer configuration's properties by mistake.
 */
@DslMarker
@Target(AnnotationTarget.CLASS, AnnotationTarget.TYPE)
public annotation class SwitchboardDsl
