package dev.switchboard.internal.http

import java.util.Properties

/**
 * The `User-Agent` the transport sends unless the request has one of its own (a config or request header):
 * `switchboard/<version> (JDK <java.version>; <os.name> <os.arch>)`, as the official SDKs name themselves.
 *
 * The version is the one Maven wrote into `dev/switchboard/internal/version.properties` when it built this
 * module (the same file in `target/classes` and in the jar); a copy repackaged without it falls back to the
 * jar manifest's `Implementation-Version`, and then to no version at all.
 */
internal object UserAgent {
    /** The header's name. */
    const val HEADER: String = "User-Agent"

    /** The library's version, or null when neither the build's file nor the manifest has it. */
    val version: String? = readVersion()

    /** The header's value. */
    val value: String = buildString {
        append("switchboard")
        if (version != null) append('/').append(version)
        append(" (JDK ").append(property("java.version")).append("; ")
        append(property("os.name")).append(' ').append(property("os.arch")).append(')')
    }

    private fun readVersion(): String? {
        val fromBuild = try {
            UserAgent::class.java.getResourceAsStream("/dev/switchboard/internal/version.properties")?.use { input ->
                Properties().apply { load(input) }.getProperty("version")
            }
        } catch (e: java.io.IOException) {
            null
        }
        val version = fromBuild?.trim()?.takeIf { it.isNotEmpty() && !it.startsWith("\${") }
            ?: UserAgent::class.java.`package`?.implementationVersion
        return version?.let(::printable)?.takeIf { it.isNotEmpty() }
    }

    private fun property(name: String): String = printable(
        try {
            System.getProperty(name)
        } catch (e: SecurityException) {
            null
        } ?: "unknown",
    )

    /** [text] with what an HTTP header cannot carry, and the parentheses of its comment, replaced by `_`. */
    private fun printable(text: String): String = buildString(text.length) {
        for (c in text.trim()) append(if (c < ' ' || c.code >= 0x7F || c == '(' || c == ')') '_' else c)
    }
}
