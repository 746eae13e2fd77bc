package dev.switchboard.bedrock

import dev.switchboard.auth.RequestAuthorizer
import dev.switchboard.spi.HttpRequestSpec
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import software.amazon.awssdk.http.ContentStreamProvider
import software.amazon.awssdk.http.SdkHttpFullRequest
import software.amazon.awssdk.http.SdkHttpMethod
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity
import java.net.URI
import java.security.MessageDigest
import java.time.Clock

/**
 * Signs requests with AWS Signature Version 4 through the AWS SDK's own signer (`AwsV4HttpSigner`): the method, the
 * URL's path (encoded twice, as every AWS service but S3 expects) and query, the headers given, and the SHA-256 of
 * the exact body bytes, sent as `x-amz-content-sha256`. The result is the headers to add: `Authorization`,
 * `X-Amz-Date`, `x-amz-content-sha256` and, for temporary credentials, `X-Amz-Security-Token` (never `Host`, which
 * the HTTP engine derives from the same URL the signature covers).
 */
internal object SigV4Signer {
    private val signer: AwsV4HttpSigner = AwsV4HttpSigner.create()

    fun sign(
        method: String,
        url: String,
        headers: Map<String, String>,
        body: ByteArray?,
        credentials: AwsCredentialsIdentity,
        region: String,
        service: String,
        clock: Clock,
        normalizePath: Boolean = true,
        doubleUrlEncode: Boolean = true,
    ): Map<String, String> {
        val bytes = body ?: ByteArray(0)
        val builder = SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(method.uppercase())).uri(URI.create(url))
        for ((name, value) in headers) builder.appendHeader(name, value)
        // The SDK's signer adds and signs this header itself; set here so that it is the hash of these exact bytes.
        builder.putHeader(CONTENT_SHA256, sha256Hex(bytes))
        val signed = signer.sign { r ->
            r.request(builder.build())
                .identity(credentials)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(bytes))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, normalizePath)
                .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, doubleUrlEncode)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)
        }
        val out = LinkedHashMap<String, String>(4)
        for ((name, values) in signed.request().headers()) {
            if (name.equals("Host", ignoreCase = true) || headers.keys.any { it.equals(name, ignoreCase = true) }) continue
            out[name] = values.joinToString(",")
        }
        return out
    }

    private const val CONTENT_SHA256 = "x-amz-content-sha256"

    private fun sha256Hex(bytes: ByteArray): String {
        val digest = MessageDigest.getInstance("SHA-256").digest(bytes)
        val hex = StringBuilder(64)
        for (b in digest) hex.append(HEX[(b.toInt() shr 4) and 0xF]).append(HEX[b.toInt() and 0xF])
        return hex.toString()
    }

    private const val HEX = "0123456789abcdef"
}

/**
 * The [RequestAuthorizer] that signs every attempt with SigV4 ([SigV4Signer]) for [service] in [region], with the
 * credentials [credentials] resolves at that moment (the AWS SDK's providers cache and refresh them themselves;
 * resolving may block on a file or a metadata endpoint, so it runs on [Dispatchers.IO]). A retry is signed anew,
 * with a fresh date; a 401 is not retried (a bad signature or a revoked key does not improve).
 */
internal class SigV4Authorizer(
    private val credentials: () -> AwsCredentialsIdentity,
    private val region: String,
    private val service: String = "bedrock",
    private val clock: Clock = Clock.systemUTC(),
) : RequestAuthorizer {
    override suspend fun authorize(request: HttpRequestSpec): Map<String, String> {
        val identity = withContext(Dispatchers.IO) { credentials() }
        return SigV4Signer.sign(request.method, request.url, emptyMap(), request.body, identity, region, service, clock)
    }

    override fun toString(): String = "SigV4Authorizer($service, $region)"
}
