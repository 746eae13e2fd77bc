package dev.switchboard.opentelemetry

import java.net.URI
import java.net.URISyntaxException

/**
 * `server.address` and `server.port` of an endpoint URL: its host, and its port or the scheme's default one (null for a
 * scheme without a known default).
 */
internal class ServerAddress(val address: String, val port: Long?) {
    companion object {
        /** The server of [endpoint], or null when there is none (no endpoint, or not a URL with a host). */
        fun of(endpoint: String?): ServerAddress? {
            if (endpoint == null) return null
            val uri = try {
                URI(endpoint)
            } catch (_: URISyntaxException) {
                return null
            }
            val host = uri.host?.removePrefix("[")?.removeSuffix("]")?.takeIf { it.isNotEmpty() } ?: return null
            val port = when {
                uri.port != -1 -> uri.port
                uri.scheme.equals("https", ignoreCase = true) -> 443
                uri.scheme.equals("http", ignoreCase = true) -> 80
                else -> return ServerAddress(host, null)
            }
            return ServerAddress(host, port.toLong())
        }
    }
}
