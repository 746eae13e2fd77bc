package dev.switchboard.ollama

import java.net.URI
import java.net.URISyntaxException

/**
 * Reads a host the way the Ollama CLI reads `OLLAMA_HOST`: `host`, `host:port`, `:port`, `[v6]:port`, a bare
 * IPv6 address, or a URL `http(s)://host[:port][/path]`. Without a scheme it is http and the port defaults to
 * 11434; with one, to the scheme's port (80 or 443), as Ollama does. `ollama.com` alone is
 * `https://ollama.com:443`. The unspecified addresses `0.0.0.0` and `::`, which tell a server to listen on
 * every interface, name the local machine here (a client cannot connect to them on every OS).
 */
internal object OllamaHost {
    private const val DEFAULT_PORT = 11434
    private val SCHEME = Regex("[a-z][a-z0-9+.-]{0,9}")
    private val DIGITS = Regex("[0-9]{1,9}")
    private val HOST = Regex("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?|\\[[0-9A-Fa-f:.]+(%[A-Za-z0-9._~-]+)?]")

    /** A value that failed to parse, described without its text: it may be a key given where the host belongs. */
    private fun shown(v: String): String = "a value of ${v.length} characters, not repeated here in case it is a key"

    /**
     * The base URL for [value], without a trailing slash.
     *
     * @throws IllegalArgumentException when [value] is blank, has a scheme other than http or https, or a port
     *   that is not a number from 1 to 65535.
     */
    fun baseUrl(value: String): String {
        val v = value.trim().trim('"', '\'').trim()
        require(v.isNotEmpty()) { "The Ollama host must not be blank (default ${OllamaConfig.DEFAULT_BASE_URL})" }
        if (v.equals("ollama.com", ignoreCase = true)) return "https://ollama.com:443"
        val schemeEnd = v.indexOf("://")
        val scheme: String
        val rest: String
        val defaultPort: Int
        if (schemeEnd < 0) {
            scheme = "http"
            rest = v
            defaultPort = DEFAULT_PORT
        } else {
            scheme = v.substring(0, schemeEnd).lowercase()
            rest = v.substring(schemeEnd + 3)
            defaultPort = when (scheme) {
                "http" -> 80
                "https" -> 443
                else -> throw IllegalArgumentException(
                    "The Ollama host must use http or https (got ${if (SCHEME.matches(scheme)) "the scheme '$scheme'" else "another scheme"} in ${shown(v)})",
                )
            }
        }
        val slash = rest.indexOf('/')
        val authority = if (slash < 0) rest else rest.substring(0, slash)
        val path = if (slash < 0) "" else rest.substring(slash).trimEnd('/')
        val at = authority.lastIndexOf('@')
        val userInfo = if (at < 0) "" else authority.substring(0, at + 1)
        val hostPort = authority.substring(at + 1)

        var host: String
        var portText: String?
        when {
            hostPort.startsWith("[") -> {
                val close = hostPort.indexOf(']')
                require(close > 0) { "The Ollama host has an unclosed IPv6 bracket (${shown(v)})" }
                host = hostPort.substring(0, close + 1)
                val after = hostPort.substring(close + 1)
                require(after.isEmpty() || after.startsWith(":")) { "The Ollama host is not host:port (${shown(v)})" }
                portText = if (after.isEmpty()) null else after.substring(1)
            }
            hostPort.count { it == ':' } > 1 -> { // a bare IPv6 address, which cannot carry a port
                host = "[$hostPort]"
                portText = null
            }
            hostPort.contains(':') -> {
                host = hostPort.substringBefore(':')
                portText = hostPort.substringAfter(':')
            }
            else -> {
                host = hostPort
                portText = null
            }
        }
        when (host.lowercase()) {
            "", "0.0.0.0" -> host = "127.0.0.1"
            "[::]", "[0:0:0:0:0:0:0:0]" -> host = "[::1]"
        }
        val port = if (portText == null) {
            defaultPort
        } else {
            portText.toIntOrNull()?.takeIf { it in 1..65535 } ?: throw IllegalArgumentException(
                "The Ollama host has an invalid port (${if (DIGITS.matches(portText)) portText else "not a number"}; it must be a number " +
                    "from 1 to 65535) in ${shown(v)}",
            )
        }
        // Underscores are allowed, as in Docker service names, which java.net.URI does not take as host names.
        require(HOST.matches(host)) { "The Ollama host has no valid host name (${shown(v)})" }
        val url = "$scheme://$userInfo$host:$port$path"
        try {
            URI(url)
        } catch (_: URISyntaxException) {
            // The cause is left out: its message quotes the whole value, user info included.
            throw IllegalArgumentException("The Ollama host is not a host, host:port or URL (${shown(v)})")
        }
        return url
    }
}
