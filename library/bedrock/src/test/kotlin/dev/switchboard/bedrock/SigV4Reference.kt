package dev.switchboard.bedrock

import java.io.ByteArrayOutputStream
import java.security.MessageDigest
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/**
 * An independent implementation of AWS Signature Version 4 (header signing), written from AWS's description of the
 * algorithm for the tests only, so that the AWS SDK's signer, which the module uses, is checked against something
 * other than itself. It is first validated on every case of the AWS signing test suite (canonical request, string
 * to sign and signature), then computes what the SDK must produce for requests the suite does not have.
 */
internal object SigV4Reference {
    /**
     * A request as it goes on the wire: [path] as in the request line (percent-escapes allowed), [query] its raw
     * `name[=value]` pairs, [headers] those to sign (names in any case; repeated names are joined with commas).
     */
    class Request(val method: String, val path: String, val query: List<String>, val headers: List<Pair<String, String>>, val body: ByteArray)

    class Signed(val canonicalRequest: String, val stringToSign: String, val signature: String, val authorization: String)

    fun sign(
        request: Request,
        accessKeyId: String,
        secretKey: String,
        region: String,
        service: String,
        amzDate: String,
        doubleEncode: Boolean,
        normalize: Boolean,
    ): Signed {
        val canonical = canonicalRequest(request, doubleEncode, normalize)
        val scope = "${amzDate.substring(0, 8)}/$region/$service/aws4_request"
        val stringToSign = "AWS4-HMAC-SHA256\n$amzDate\n$scope\n${hex(sha256(canonical.encodeToByteArray()))}"
        var key = hmac("AWS4$secretKey".encodeToByteArray(), amzDate.substring(0, 8))
        key = hmac(key, region)
        key = hmac(key, service)
        key = hmac(key, "aws4_request")
        val signature = hex(hmac(key, stringToSign))
        val signedHeaders = canonical.lines().let { it[it.size - 2] }
        return Signed(canonical, stringToSign, signature, "AWS4-HMAC-SHA256 Credential=$accessKeyId/$scope, SignedHeaders=$signedHeaders, Signature=$signature")
    }

    fun canonicalRequest(request: Request, doubleEncode: Boolean, normalize: Boolean): String {
        val headers = sortedMapOf<String, String>()
        for ((name, value) in request.headers) {
            val v = value.trim().replace(Regex(" +"), " ")
            val n = name.lowercase()
            headers[n] = headers[n]?.let { "$it,$v" } ?: v
        }
        return buildString {
            append(request.method).append('\n')
            append(canonicalPath(request.path, doubleEncode, normalize)).append('\n')
            append(canonicalQuery(request.query)).append('\n')
            for ((n, v) in headers) append(n).append(':').append(v).append('\n')
            append('\n')
            append(headers.keys.joinToString(";")).append('\n')
            append(hex(sha256(request.body)))
        }
    }

    private fun canonicalPath(raw: String, doubleEncode: Boolean, normalize: Boolean): String {
        var segments = raw.split('/')
        val trailing = raw.length > 1 && raw.endsWith("/")
        if (normalize) {
            val out = ArrayList<String>()
            for (s in segments) when (s) {
                "", "." -> Unit
                ".." -> if (out.isNotEmpty()) out.removeAt(out.size - 1)
                else -> out += s
            }
            segments = out
        } else {
            segments = segments.drop(1) // the empty piece before the leading slash
        }
        // Once: the segment's bytes (escapes decoded) with everything but unreserved characters escaped; twice: that, escaped again.
        val encoded = segments.map { s ->
            val once = encode(decode(s))
            if (doubleEncode) encode(once.encodeToByteArray()) else once
        }
        val path = "/" + encoded.joinToString("/")
        return if (trailing && normalize && path != "/") "$path/" else path
    }

    private fun canonicalQuery(pairs: List<String>): String = pairs.filter { it.isNotEmpty() }.map { p ->
        val name = p.substringBefore('=')
        val value = if ('=' in p) p.substringAfter('=') else ""
        encode(decode(name)) to encode(decode(value))
    }.sortedWith(compareBy<Pair<String, String>> { it.first }.thenBy { it.second }).joinToString("&") { "${it.first}=${it.second}" }

    private fun decode(s: String): ByteArray {
        val out = ByteArrayOutputStream()
        var i = 0
        val bytes = s.encodeToByteArray()
        while (i < bytes.size) {
            val b = bytes[i]
            if (b == '%'.code.toByte() && i + 2 < bytes.size && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
                out.write(String(bytes, i + 1, 2, Charsets.US_ASCII).toInt(16))
                i += 3
            } else {
                out.write(b.toInt())
                i++
            }
        }
        return out.toByteArray()
    }

    private fun isHex(b: Byte): Boolean = b.toInt().toChar().let { it in '0'..'9' || it in 'a'..'f' || it in 'A'..'F' }

    private fun encode(bytes: ByteArray): String = buildString {
        for (b in bytes) {
            val c = b.toInt() and 0xFF
            val ch = c.toChar()
            if (ch in 'A'..'Z' || ch in 'a'..'z' || ch in '0'..'9' || ch == '-' || ch == '_' || ch == '.' || ch == '~') append(ch)
            else append('%').append("0123456789ABCDEF"[c shr 4]).append("0123456789ABCDEF"[c and 0xF])
        }
    }

    fun sha256(b: ByteArray): ByteArray = MessageDigest.getInstance("SHA-256").digest(b)

    fun hex(b: ByteArray): String = b.joinToString("") { "%02x".format(it.toInt() and 0xFF) }

    private fun hmac(key: ByteArray, data: String): ByteArray =
        Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(key, "HmacSHA256")) }.doFinal(data.encodeToByteArray())
}
