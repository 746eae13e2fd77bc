package dev.switchboard.java.internal

/** A running stream of the Java facade that closing its client ends with a cause. */
internal fun interface Abortable {
    /** Ends the stream with [cause] at once, unless it already ended. */
    fun abort(cause: Throwable)
}
