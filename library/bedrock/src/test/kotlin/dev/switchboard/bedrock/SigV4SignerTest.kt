package dev.switchboard.bedrock

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.File
import java.time.Clock
import java.time.Instant
import java.time.ZoneOffset

/**
 * The module's SigV4 signer ([SigV4Signer]), checked against the AWS signing test suite (aws-c-auth's
 * `aws-signing-test-suite/v4`, vendored under `fixtures/sigv4`) and the openai-python Bedrock vector: the request is
 * handed to the signer as we hand Bedrock's (URL, headers, exact body bytes, the clock), and the `Authorization`,
 * `X-Amz-Date` and `X-Amz-Security-Token` headers must be the suite's, byte for byte.
 */
class SigV4SignerTest : FunSpec({
    val suite = File(checkNotNull(SigV4SignerTest::class.java.getResource("/fixtures/sigv4/aws-signing-test-suite/v4")).toURI())

    /**
     * The cases run: those that sign the body (`sign_body`). The signer, as the AWS SDK's, always adds and signs
     * `x-amz-content-sha256`, so the suite's other cases, whose expected signatures leave that header out, cannot be
     * matched byte for byte through it; [SigV4SuiteTest] checks every case with that header added.
     */
    val cases = suite.listFiles()!!.map { it.name }.sorted().filter {
        Json.parseToJsonElement(File(suite, "$it/context.json").readText()).jsonObject.getValue("sign_body").jsonPrimitive.boolean
    }

    for (case in cases) {
        test("suite case $case") {
            val dir = File(suite, case)
            val context = Json.parseToJsonElement(File(dir, "context.json").readText()).jsonObject
            val creds = context.getValue("credentials").jsonObject
            val token = creds["token"]?.jsonPrimitive?.content
            val id = creds.getValue("access_key_id").jsonPrimitive.content
            val secret = creds.getValue("secret_access_key").jsonPrimitive.content
            val identity = AwsKeys(id, secret, token)
            val request = SuiteRequest.parse(File(dir, "request.txt").readBytes())
            val clock = Clock.fixed(Instant.parse(context.getValue("timestamp").jsonPrimitive.content), ZoneOffset.UTC)
            val added = SigV4Signer.sign(
                request.method, request.url, request.headers, request.body, identity,
                context.getValue("region").jsonPrimitive.content, context.getValue("service").jsonPrimitive.content, clock,
                normalizePath = context.getValue("normalize").jsonPrimitive.boolean,
                doubleUrlEncode = false,
            )
            val expected = File(dir, "header-signed-request.txt").readText().lines()
            fun line(name: String) = expected.firstOrNull { it.startsWith("$name:", ignoreCase = true) }?.substringAfter(':')
            fun ours(name: String) = added.entries.firstOrNull { it.key.equals(name, ignoreCase = true) }?.value
            ours("Authorization") shouldBe line("Authorization")
            ours("X-Amz-Date") shouldBe line("X-Amz-Date")
            ours("X-Amz-Security-Token") shouldBe line("X-Amz-Security-Token")
        }
    }

    test("the openai-python Bedrock vector: a POST with a JSON body, a session token and x-amz-content-sha256") {
        val v = Json.parseToJsonElement(
            checkNotNull(SigV4SignerTest::class.java.getResource("/fixtures/sigv4/openai-python-bedrock-mantle-sigv4.json")).readText(),
        ).jsonObject
        val creds = v.getValue("credentials").jsonObject
        val request = v.getValue("request").jsonObject
        val expected = v.getValue("expected").jsonObject
        val added = SigV4Signer.sign(
            request.getValue("method").jsonPrimitive.content,
            request.getValue("url").jsonPrimitive.content,
            mapOf("Content-Type" to request.getValue("contentType").jsonPrimitive.content),
            request.getValue("body").jsonPrimitive.content.toByteArray(),
            AwsKeys(
                creds.getValue("accessKeyId").jsonPrimitive.content,
                creds.getValue("secretAccessKey").jsonPrimitive.content,
                creds.getValue("sessionToken").jsonPrimitive.content,
            ),
            v.getValue("region").jsonPrimitive.content,
            v.getValue("service").jsonPrimitive.content,
            Clock.fixed(Instant.parse(v.getValue("signingDate").jsonPrimitive.content), ZoneOffset.UTC),
        )
        added["Authorization"] shouldBe expected.getValue("authorization").jsonPrimitive.content
        added["X-Amz-Date"] shouldBe expected.getValue("date").jsonPrimitive.content
        added["x-amz-content-sha256"] shouldBe expected.getValue("payloadHash").jsonPrimitive.content
        added["X-Amz-Security-Token"] shouldBe "fixture-session-token"
    }

    test("the signing key kept for the next request is never another secret's, day's, region's or service's") {
        val day1 = Clock.fixed(Instant.parse("2026-12-04T23:59:59Z"), ZoneOffset.UTC)
        val day2 = Clock.fixed(Instant.parse("2026-12-05T00:00:00Z"), ZoneOffset.UTC)
        val a = AwsKeys("AKIDEXAMPLE", "secret-one", null)
        val b = AwsKeys("AKIDEXAMPLE", "secret-two", null)
        fun sig(keys: AwsKeys, clock: Clock, region: String = "us-east-1", service: String = "bedrock") =
            SigV4Signer.sign("POST", "https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse", emptyMap(),
                "{}".encodeToByteArray(), keys, region, service, clock).getValue("Authorization").substringAfter("Signature=")
        val first = sig(a, day1)
        sig(a, day1) shouldBe first
        val others = listOf(sig(b, day1), sig(a, day2), sig(a, day1, region = "eu-west-1"), sig(a, day1, service = "bedrock-agent"))
        others.toSet().size shouldBe 4
        (first in others) shouldBe false
        // after all of these, the first request's signature again: nothing stale was kept
        sig(a, day1) shouldBe first
        sig(b, day1) shouldBe others[0]
    }
})

/** A request of the signing suite's `request.txt`: request line, headers (continuation lines folded), body. */
internal class SuiteRequest(val method: String, val url: String, val headers: Map<String, String>, val body: ByteArray) {
    companion object {
        fun parse(raw: ByteArray): SuiteRequest {
            val text = String(raw, Charsets.UTF_8)
            val split = text.indexOf("\n\n")
            val head = if (split < 0) text else text.substring(0, split)
            val body = if (split < 0) ByteArray(0) else text.substring(split + 2).toByteArray(Charsets.UTF_8)
            val lines = head.split('\n')
            val requestLine = lines[0]
            val method = requestLine.substringBefore(' ')
            val target = requestLine.substring(method.length + 1, requestLine.lastIndexOf(" HTTP/"))
            val headers = LinkedHashMap<String, String>()
            var last: String? = null
            for (l in lines.drop(1)) {
                if (l.isEmpty()) continue
                if (l[0] == ' ' || l[0] == '\t') {
                    headers[last!!] = headers.getValue(last) + " " + l.trim()
                    continue
                }
                val name = l.substringBefore(':')
                val value = l.substringAfter(':')
                val existing = headers.keys.firstOrNull { it.equals(name, ignoreCase = true) }
                if (existing != null) headers[existing] = headers.getValue(existing) + "," + value else headers[name] = value
                last = existing ?: name
            }
            val host = headers.entries.first { it.key.equals("Host", ignoreCase = true) }.value
            headers.keys.removeIf { it.equals("Host", ignoreCase = true) }
            return SuiteRequest(method, "https://$host${encode(target)}", headers, body)
        }

        /** [target] with what a URI cannot hold as it is (spaces, non-ASCII) percent-encoded, the rest unchanged. */
        private fun encode(target: String): String {
            val out = StringBuilder()
            for (b in target.toByteArray(Charsets.UTF_8)) {
                val c = b.toInt() and 0xFF
                if (c in 0x21..0x7E) out.append(c.toChar()) else out.append('%').append("%02X".format(c))
            }
            return out.toString()
        }
    }
}
