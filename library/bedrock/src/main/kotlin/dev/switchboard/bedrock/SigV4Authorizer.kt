package dev.switchboard.bedrock

import dev.switchboard.auth.RequestAuthorizer
import dev.switchboard.spi.HttpRequestSpec
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.net.URI
import java.security.MessageDigest
import java.time.Clock
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import java.util.Locale
import java.util.TreeMap
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/** AWS credentials that sign with SigV4: a key id, its secret and, for temporary credentials, a session token. */
internal class AwsKeys(val accessKeyId: String, val secretAccessKey: String, val sessionToken: String?) {
    override fun toString(): String = if (sessionToken == null) "AwsKeys(long-term)" else "AwsKeys(temporary)"
}

/**
 * AWS Signature Version 4, header signing, as the AWS SDK's `AwsV4HttpSigner` does it for a service other than S3:
 * the method; the URL's path, with dot segments and empty segments removed ([normalizePath]) and every character but
 * the unreserved ones and `/` escaped once more ([doubleUrlEncode]); the query, decoded, escaped and sorted; the
 * headers given, `host`, `x-amz-date`, `x-amz-content-sha256` (the SHA-256 of the exact body bytes) and, for
 * temporary credentials, `x-amz-security-token`; then the HMAC chain of date, region, service and `aws4_request`.
 * Checked against every case of the AWS signing test suite. The result is the headers to add: `Authorization`,
 * `X-Amz-Date`, `x-amz-content-sha256` and `X-Amz-Security-Token` (never `Host`, which the HTTP engine derives from
 * the same URL). No secret is logged; the key derived from it is kept for the next request of the same day, region,
 * service and secret (as the SDK's signer keeps it), so a request costs one HMAC rather than five.
 */
internal object SigV4Signer {
    private val AMZ_DATE: DateTimeFormatter = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)

    /** Headers the SDK's signer never signs: hops and proxies change or add them. */
    private val UNSIGNED = setOf("connection", "x-amzn-trace-id", "user-agent", "expect")

    fun sign(
        method: String,
        url: String,
        headers: Map<String, String>,
        body: ByteArray?,
        credentials: AwsKeys,
        region: String,
        service: String,
        clock: Clock,
        normalizePath: Boolean = true,
        doubleUrlEncode: Boolean = true,
    ): Map<String, String> {
        val uri = URI.create(url)
        val payloadHash = hex(MessageDigest.getInstance("SHA-256").digest(body ?: ByteArray(0)))
        val amzDate = AMZ_DATE.format(clock.instant())
        val day = amzDate.substring(0, 8)

        val signed = TreeMap<String, String>()
        fun add(name: String, value: String) {
            val n = name.lowercase(Locale.ROOT)
            if (n in UNSIGNED) return
            val v = collapseSpaces(value)
            signed[n] = signed[n]?.let { "$it,$v" } ?: v
        }
        for ((name, value) in headers) add(name, value)
        if ("host" !in signed) add("host", host(uri))
        add("x-amz-date", amzDate)
        add(CONTENT_SHA256, payloadHash)
        credentials.sessionToken?.let { add("x-amz-security-token", it) }

        val signedNames = signed.keys.joinToString(";")
        val canonical = StringBuilder(256)
            .append(method.uppercase(Locale.ROOT)).append('\n')
            .append(canonicalPath(uri.rawPath ?: "", normalizePath, doubleUrlEncode)).append('\n')
            .append(canonicalQuery(uri.rawQuery)).append('\n')
        for ((n, v) in signed) canonical.append(n).append(':').append(v).append('\n')
        canonical.append('\n').append(signedNames).append('\n').append(payloadHash)

        val scope = "$day/$region/$service/aws4_request"
        val stringToSign = "AWS4-HMAC-SHA256\n$amzDate\n$scope\n" +
            hex(MessageDigest.getInstance("SHA-256").digest(canonical.toString().encodeToByteArray()))
        val signature = hex(hmac(signingKey(credentials.secretAccessKey, day, region, service), stringToSign))

        val out = LinkedHashMap<String, String>(4)
        out["Authorization"] = "AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/$scope, SignedHeaders=$signedNames, Signature=$signature"
        out["X-Amz-Date"] = amzDate
        out[CONTENT_SHA256] = payloadHash
        credentials.sessionToken?.let { out["X-Amz-Security-Token"] = it }
        return out
    }

    private const val CONTENT_SHA256 = "x-amz-content-sha256"
    private const val HEX = "0123456789abcdef"
    private const val UPPER_HEX = "0123456789ABCDEF"

    /** The `Host` header of [uri]: the host, and the port when it is not the scheme's default. */
    private fun host(uri: URI): String {
        val port = uri.port
        val standard = port == -1 || (port == 443 && uri.scheme == "https") || (port == 80 && uri.scheme == "http")
        return if (standard) uri.host else "${uri.host}:$port"
    }

    /** Trims [value] and replaces each run of spaces inside it by one. */
    private fun collapseSpaces(value: String): String {
        val t = value.trim()
        if ("  " !in t) return t
        val out = StringBuilder(t.length)
        for (c in t) if (c != ' ' || out.isEmpty() || out[out.length - 1] != ' ') out.append(c)
        return out.toString()
    }

    private fun canonicalPath(raw: String, normalize: Boolean, doubleEncode: Boolean): String {
        var path = raw.ifEmpty { "/" }
        if (normalize) {
            val kept = ArrayList<String>()
            for (segment in path.split('/')) when (segment) {
                "", "." -> Unit
                ".." -> if (kept.isNotEmpty()) kept.removeAt(kept.size - 1)
                else -> kept += segment
            }
            val trailing = path.length > 1 && (path.endsWith("/") || path.endsWith("/.") || path.endsWith("/.."))
            path = "/" + kept.joinToString("/") + if (trailing && kept.isNotEmpty()) "/" else ""
        }
        return if (doubleEncode) escape(path.encodeToByteArray(), keepSlash = true) else path
    }

    private fun canonicalQuery(raw: String?): String {
        if (raw.isNullOrEmpty()) return ""
        val pairs = ArrayList<Pair<String, String>>()
        for (p in raw.split('&')) {
            if (p.isEmpty()) continue
            val eq = p.indexOf('=')
            val name = if (eq < 0) p else p.substring(0, eq)
            val value = if (eq < 0) "" else p.substring(eq + 1)
            pairs += escape(unescape(name), keepSlash = false) to escape(unescape(value), keepSlash = false)
        }
        pairs.sortWith(compareBy<Pair<String, String>> { it.first }.thenBy { it.second })
        return pairs.joinToString("&") { "${it.first}=${it.second}" }
    }

    /** The bytes [s] stands for, its `%XX` escapes decoded (a `+` stays a `+`). */
    private fun unescape(s: String): ByteArray {
        val bytes = s.encodeToByteArray()
        if ('%' !in s) return bytes
        val out = java.io.ByteArrayOutputStream(bytes.size)
        var i = 0
        while (i < bytes.size) {
            val hi = if (bytes[i] == '%'.code.toByte() && i + 2 < bytes.size) Character.digit(bytes[i + 1].toInt(), 16) else -1
            val lo = if (hi >= 0) Character.digit(bytes[i + 2].toInt(), 16) else -1
            if (lo >= 0) {
                out.write(hi * 16 + lo)
                i += 3
            } else {
                out.write(bytes[i].toInt())
                i++
            }
        }
        return out.toByteArray()
    }

    /** [bytes] with every byte but the unreserved characters (and `/` when [keepSlash]) as `%XX`. */
    private fun escape(bytes: ByteArray, keepSlash: Boolean): String {
        val out = StringBuilder(bytes.size + 8)
        for (b in bytes) {
            val c = b.toInt() and 0xFF
            val ch = c.toChar()
            if (ch in 'A'..'Z' || ch in 'a'..'z' || ch in '0'..'9' || ch == '-' || ch == '_' || ch == '.' || ch == '~' || (keepSlash && ch == '/')) {
                out.append(ch)
            } else {
                out.append('%').append(UPPER_HEX[c shr 4]).append(UPPER_HEX[c and 0xF])
            }
        }
        return out.toString()
    }

    /** The key derived last, for the next request of the same day, region, service and secret (as the AWS SDK keeps it). */
    @Volatile
    private var lastKey: DerivedKey? = null

    /** A signing key with what it was derived from; its `toString` is `Object`'s, naming neither. */
    private class DerivedKey(val secret: String, val scope: String, val key: ByteArray)

    /** The HMAC chain of [day], [region], [service] and `aws4_request` from [secret]: four HMACs, once a day per key. */
    private fun signingKey(secret: String, day: String, region: String, service: String): ByteArray {
        val scope = "$day/$region/$service"
        lastKey?.let { if (it.scope == scope && it.secret == secret) return it.key }
        var key = hmac(("AWS4$secret").encodeToByteArray(), day)
        key = hmac(key, region)
        key = hmac(key, service)
        key = hmac(key, "aws4_request")
        lastKey = DerivedKey(secret, scope, key)
        return key
    }

    private fun hmac(key: ByteArray, data: String): ByteArray {
        val mac = Mac.getInstance("HmacSHA256")
        mac.init(SecretKeySpec(key, "HmacSHA256"))
        return mac.doFinal(data.encodeToByteArray())
    }

    private fun hex(bytes: ByteArray): String {
        val out = StringBuilder(bytes.size * 2)
        for (b in bytes) out.append(HEX[(b.toInt() shr 4) and 0xF]).append(HEX[b.toInt() and 0xF])
        return out.toString()
    }
}

/**
 * The [RequestAuthorizer] that signs every attempt with SigV4 ([SigV4Signer]) for [service] in [region], with the
 * credentials [credentials] resolves at that moment (they may block on a file or a metadata endpoint, so they are
 * resolved on [Dispatchers.IO]). A retry is signed anew, with a fresh date; a 401 is not retried (a bad signature or
 * a revoked key does not improve).
 */
internal class SigV4Authorizer(
    private val credentials: () -> AwsKeys,
    private val region: String,
    private val service: String = "bedrock",
    private val clock: Clock = Clock.systemUTC(),
) : RequestAuthorizer {
    override suspend fun authorize(request: HttpRequestSpec): Map<String, String> {
        val keys = withContext(Dispatchers.IO) { credentials() }
        return SigV4Signer.sign(request.method, request.url, emptyMap(), request.body, keys, region, service, clock)
    }

    override fun toString(): String = "SigV4Authorizer($service, $region)"
}
