/**
 * Switchboard for Java: {@link dev.switchboard.java.Clients} creates a
 * {@link dev.switchboard.java.SwitchboardClient}, whose calls return {@link java.util.concurrent.CompletableFuture}s
 * and whose streams are {@link java.util.concurrent.Flow.Publisher}s, with blocking variants and structured
 * answers parsed into records. No Kotlin type appears in this package's signatures.
 */
package dev.switchboard.java;
