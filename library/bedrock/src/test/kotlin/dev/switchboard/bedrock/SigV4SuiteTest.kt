package dev.switchboard.bedrock

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.File
import java.time.Clock
import java.time.Instant
import java.time.ZoneOffset

/**
 * The whole AWS signing test suite, in two steps. First the independent reference ([SigV4Reference]) must give, on
 * every case, the suite's own canonical request, string to sign, signature and `Authorization` header. Then, since
 * the module's signer, as the AWS SDK's, always adds and signs `x-amz-content-sha256`, the reference computes each case's signature
 * with that header added, and the module's signer ([SigV4Signer], written apart from the reference) must give exactly it.
 * A case that cannot apply to the second step is in [NOT_APPLICABLE] with the reason, and the test fails if that
 * list and the suite disagree.
 */
class SigV4SuiteTest : FunSpec({
    val suite = File(checkNotNull(SigV4SuiteTest::class.java.getResource("/fixtures/sigv4/aws-signing-test-suite/v4")).toURI())
    val cases = suite.listFiles()!!.filter { it.isDirectory }.map { it.name }.sorted()

    test("the suite has its 38 cases") { cases.size shouldBe 38 }

    for (case in cases) {
        val dir = File(suite, case)
        val context = Json.parseToJsonElement(File(dir, "context.json").readText()).jsonObject
        val raw = RawRequest.parse(File(dir, "request.txt").readBytes())

        test("reference: $case gives the suite's canonical request, string to sign and signature") {
            val signed = reference(raw, context, addContentHash = context.flag("sign_body"))
            signed.canonicalRequest shouldBe File(dir, "header-canonical-request.txt").readText()
            signed.stringToSign shouldBe File(dir, "header-string-to-sign.txt").readText()
            signed.signature shouldBe File(dir, "header-signature.txt").readText().trim()
            val expected = File(dir, "header-signed-request.txt").readLines().first { it.startsWith("Authorization:") }.substringAfter(':')
            signed.authorization shouldBe expected
        }

        val reason = NOT_APPLICABLE[case]
        if (reason == null) {
            test("signer: $case, with x-amz-content-sha256 signed, gives the reference's signature") {
                val expected = reference(raw, context, addContentHash = true)
                val creds = context.getValue("credentials").jsonObject
                val id = creds.text("access_key_id")
                val secret = creds.text("secret_access_key")
                val token = creds["token"]?.jsonPrimitive?.content
                val identity = AwsKeys(id, secret, token)
                val headers = LinkedHashMap<String, String>()
                for ((n, v) in raw.headers) if (!n.equals("Host", true)) headers[n] = headers[n]?.let { "$it,$v" } ?: v
                val added = SigV4Signer.sign(
                    raw.method, raw.url(), headers, raw.body, identity, context.text("region"), context.text("service"),
                    Clock.fixed(Instant.parse(context.text("timestamp")), ZoneOffset.UTC),
                    normalizePath = context.flag("normalize"), doubleUrlEncode = false,
                )
                added["Authorization"] shouldBe expected.authorization
                added["x-amz-content-sha256"] shouldBe SigV4Reference.hex(SigV4Reference.sha256(raw.body))
            }
        }
    }

    test("the cases left out of the signer step are exactly those listed, each for its reason") {
        val omitted = cases.filter { File(suite, "$it/context.json").readText().contains("\"omit_session_token\": true") }
        NOT_APPLICABLE.keys.sorted() shouldBe omitted.sorted()
        for ((case, why) in NOT_APPLICABLE) println("SIGV4 suite case $case not run through the signer: $why")
    }
}) {
    companion object {
        /** Suite cases the module's signer cannot reproduce, and why. */
        val NOT_APPLICABLE: Map<String, String> = mapOf(
            "post-sts-header-after" to "omit_session_token: the suite adds the session token after signing, unsigned; the " +
                "signer always signs X-Amz-Security-Token for session credentials (as Bedrock requires, and as the AWS SDK's does), so no call can match",
        )

        internal fun JsonObject.text(name: String) = getValue(name).jsonPrimitive.content
        internal fun JsonObject.flag(name: String) = this[name]?.jsonPrimitive?.boolean ?: false

        internal fun reference(raw: RawRequest, context: JsonObject, addContentHash: Boolean): SigV4Reference.Signed {
            val creds = context.getValue("credentials").jsonObject
            val amzDate = context.text("timestamp").replace("-", "").replace(":", "")
            val headers = ArrayList(raw.headers)
            headers += "X-Amz-Date" to amzDate
            val token = creds["token"]?.jsonPrimitive?.content
            if (token != null && !context.flag("omit_session_token")) headers += "X-Amz-Security-Token" to token
            if (addContentHash) headers += "x-amz-content-sha256" to SigV4Reference.hex(SigV4Reference.sha256(raw.body))
            return SigV4Reference.sign(
                SigV4Reference.Request(raw.method, raw.path, raw.query, headers, raw.body),
                creds.text("access_key_id"), creds.text("secret_access_key"), context.text("region"), context.text("service"),
                amzDate, doubleEncode = false, normalize = context.flag("normalize"),
            )
        }
    }
}

/** A suite `request.txt` as written: request line, headers in order (repeats kept, folded lines joined), body. */
internal class RawRequest(val method: String, val path: String, val query: List<String>, val headers: List<Pair<String, String>>, val body: ByteArray) {
    /** The URL the signer is given: the host, and the target with spaces and non-ASCII bytes escaped (a URI holds no others). */
    fun url(): String {
        val host = headers.first { it.first.equals("Host", true) }.second
        val target = path + if (query.isEmpty()) "" else "?" + query.joinToString("&")
        val out = StringBuilder("https://").append(host)
        for (b in target.toByteArray(Charsets.UTF_8)) {
            val c = b.toInt() and 0xFF
            if (c in 0x21..0x7E) out.append(c.toChar()) else out.append('%').append("%02X".format(c))
        }
        return out.toString()
    }

    companion object {
        fun parse(bytes: ByteArray): RawRequest {
            val text = String(bytes, Charsets.UTF_8)
            val split = text.indexOf("\n\n")
            val head = if (split < 0) text else text.substring(0, split)
            val body = if (split < 0) ByteArray(0) else text.substring(split + 2).toByteArray(Charsets.UTF_8)
            val lines = head.split('\n')
            val method = lines[0].substringBefore(' ')
            val target = lines[0].substring(method.length + 1, lines[0].lastIndexOf(" HTTP/"))
            val headers = ArrayList<Pair<String, String>>()
            for (l in lines.drop(1)) {
                if (l.isEmpty()) continue
                if (l[0] == ' ' || l[0] == '\t') {
                    val last = headers.removeAt(headers.size - 1)
                    headers += last.first to (last.second.trimEnd() + " " + l.trim())
                } else {
                    headers += l.substringBefore(':') to l.substringAfter(':')
                }
            }
            val path = target.substringBefore('?')
            val query = if ('?' in target) target.substringAfter('?').split('&') else emptyList()
            return RawRequest(method, path, query, headers, body)
        }
    }
}
