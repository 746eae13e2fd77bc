package dev.switchboard

/**
 * The DSL marker of Switchboard's Kotlin builders: the receiver of [createRequest] and of the config DSLs
 * (`HttpOptions { }`, `OpenAiConfig { }`, ...).
 *
 * Inside a lambda whose receiver is marked, the members of an outer marked receiver are not reachable without naming
 * it: in `createRequest { extraBody("m") { user("x") } }` the `user` call does not compile, as it would otherwise add a
 * message to the request from inside a JSON object. Write `this@createRequest.user("x")` when that is what is meant.
 *
 * Kotlin applies a marker only between receivers marked with the same one: a lambda of another library's builder, such
 * as kotlinx.serialization's `buildJsonObject { }`, still sees the request builder's members. Prefer the Switchboard
 * forms that take such a lambda themselves (`extraBody(name) { ... }`), whose receiver carries this marker.
 *
 * Besides classes, it marks function types (`block: @SwitchboardDsl JsonObjectBuilder.() -> Unit`), which makes the
 * receiver of such a lambda marked, and type aliases.
 */
@DslMarker
@Target(AnnotationTarget.CLASS, AnnotationTarget.TYPE, AnnotationTarget.TYPEALIAS)
@Retention(AnnotationRetention.RUNTIME)
@MustBeDocumented
public annotation class SwitchboardDsl
