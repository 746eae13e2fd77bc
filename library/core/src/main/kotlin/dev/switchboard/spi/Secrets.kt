package dev.switchboard.spi

import java.net.URI
import java.net.URISyntaxException

/**
 * The secrets of one provider configuration, as text, so that a codec can take them out of error text.
 *
 * They are the API key, the values of headers named like credentials, and the password and query values of
 * the base URL. [scrub] removes them whatever their shape, which pattern-based redaction
 * ([HttpErrors.redact]) cannot do for a key of no known shape that a server echoes back. Values shorter than
 * [MIN_LENGTH] are left alone, so that ordinary words are not blanked out of messages. [toString] prints
 * only how many values are held.
 */
@SwitchboardSpi
public class Secrets(values: Collection<String?>) {
    private val values: List<String> = values.filterNotNull().map { it.trim() }.filter { it.length >= MIN_LENGTH }
        .distinct().sortedByDescending { it.length }

    /** [text] with every secret replaced by `***`. */
    public fun scrub(text: String): String {
        var out = text
        for (v in values) if (out.contains(v)) out = out.replace(v, "***")
        return out
    }

    override fun toString(): String = "Secrets(${values.size} values)"

    /** Factories and helpers for URLs that may carry secrets. */
    public companion object {
        /** The shortest value treated as a secret. */
        public const val MIN_LENGTH: Int = 8

        /** No secrets. */
        @JvmField public val NONE: Secrets = Secrets(emptyList())
        private val CREDENTIAL_HEADER = Regex("(?i)auth|key|token|secret|password|signature|cookie")

        /**
         * The secrets of a configuration: [apiKey], the values of [headers] whose names look like credentials
         * (auth, key, token, secret, password, signature, cookie) and the token after a scheme such as `Bearer`,
         * and the user info and query values of [baseUrl].
         */
        @JvmStatic
        public fun of(apiKey: String?, headers: Map<String, String>, baseUrl: String): Secrets {
            val values = ArrayList<String?>()
            values += apiKey
            for ((name, value) in headers) {
                if (!CREDENTIAL_HEADER.containsMatchIn(name)) continue
                values += value
                values += value.trim().substringAfter(' ', "") // the token of "Bearer <token>"
            }
            values += urlSecrets(baseUrl)
            return Secrets(values)
        }

        private fun urlSecrets(url: String): List<String> {
            val uri = try {
                URI(url)
            } catch (e: URISyntaxException) {
                return emptyList()
            }
            val out = ArrayList<String>()
            uri.rawUserInfo?.let { info -> out += info; out += info.substringAfter(':') }
            uri.rawQuery?.split('&')?.forEach { pair -> out += pair.substringAfter('=', "") }
            return out
        }

        /** [url] with the user info and the query values masked, for `toString` and messages. */
        @JvmStatic
        public fun safeUrl(url: String): String {
            val uri = try {
                URI(url)
            } catch (e: URISyntaxException) {
                return HttpErrors.redact(url.substringBefore('?').substringBefore('@'))
            }
            if (uri.rawUserInfo == null && uri.rawQuery == null) return url
            val query = uri.rawQuery?.split('&')?.joinToString("&", prefix = "?") { it.substringBefore('=') + "=***" } ?: ""
            val port = if (uri.port == -1) "" else ":${uri.port}"
            val userInfo = if (uri.rawUserInfo == null) "" else "***@"
            return "${uri.scheme}://$userInfo${uri.host}$port${uri.rawPath ?: ""}$query"
        }

        /**
         * [value], given where a URL or host belongs, quoted for an error message when it looks like one
         * (masked as [safeUrl] does), described without its text otherwise: it may be a key in the wrong place.
         */
        @JvmStatic
        public fun quoteUrlLike(value: String): String {
            val looksLikeUrl = value.contains("://") || value.contains('.') || value.contains('/') || value.contains(':') ||
                value.equals("localhost", ignoreCase = true)
            return if (looksLikeUrl) "'${HttpErrors.redact(safeUrl(value.take(80)))}'" else "a value of ${value.length} characters that is not a URL"
        }
    }
}
