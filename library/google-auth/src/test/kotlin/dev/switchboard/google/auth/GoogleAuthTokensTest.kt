package dev.switchboard.google.auth

import com.google.auth.oauth2.GoogleCredentials
import com.sun.net.httpserver.HttpServer
import dev.switchboard.AuthenticationException
import dev.switchboard.config.ConfigException
import dev.switchboard.config.ConfigLoader
import dev.switchboard.createRequest
import dev.switchboard.gemini.GeminiChatCompletionClient
import dev.switchboard.gemini.GeminiConfig
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith
import kotlinx.coroutines.runBlocking
import java.net.InetSocketAddress
import java.net.URLDecoder
import java.nio.file.Files
import java.security.KeyPairGenerator
import java.time.Duration
import java.time.Instant
import java.util.Base64
import java.util.Collections
import java.util.concurrent.atomic.AtomicInteger

/**
 * The real google-auth-library path: a service-account key generated here, whose `token_uri` is a loopback token
 * endpoint, signs a JWT assertion and exchanges it for an access token; nothing reaches Google or a metadata server.
 */
class GoogleAuthTokensTest : FunSpec({
    /** A token endpoint on 127.0.0.1 answering with [status] and [body] (the n-th exchange's token is `test-token-n`). */
    class TokenServer(private val status: Int = 200, private val expiresIn: Long = 3600) : AutoCloseable {
        val exchanges = AtomicInteger()
        val forms: MutableList<Map<String, String>> = Collections.synchronizedList(ArrayList())
        private val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0).apply {
            createContext("/token") { ex ->
                val form = String(ex.requestBody.readAllBytes()).split('&').associate {
                    val (k, v) = it.split('=', limit = 2)
                    k to URLDecoder.decode(v, Charsets.UTF_8)
                }
                forms += form
                val n = exchanges.incrementAndGet()
                val body = if (status == 200) {
                    """{"access_token":"test-token-$n","expires_in":$expiresIn,"token_type":"Bearer"}"""
                } else {
                    """{"error":"invalid_grant","error_description":"Invalid JWT Signature."}"""
                }.toByteArray()
                ex.responseHeaders.add("Content-Type", "application/json")
                ex.sendResponseHeaders(status, body.size.toLong())
                ex.responseBody.write(body)
                ex.close()
            }
            start()
        }
        val tokenUri = "http://127.0.0.1:${server.address.port}/token"
        override fun close() = server.stop(0)
    }

    val keys = KeyPairGenerator.getInstance("RSA").apply { initialize(2048) }.generateKeyPair()
    val pem = "-----BEGIN PRIVATE KEY-----\\n" + Base64.getEncoder().encodeToString(keys.private.encoded).chunked(64).joinToString("\\n") +
        "\\n-----END PRIVATE KEY-----\\n"

    fun serviceAccountJson(tokenUri: String): String =
        """
        {"type":"service_account","project_id":"p1","private_key_id":"k1","private_key":"$pem",
         "client_email":"sa@p1.iam.gserviceaccount.com","client_id":"1","token_uri":"$tokenUri"}
        """.trimIndent()

    fun serviceAccount(tokenUri: String): GoogleCredentials = GoogleCredentials.fromStream(serviceAccountJson(tokenUri).byteInputStream())

    test("a service account signs a JWT for the cloud-platform scope and its token comes back with its expiry") {
        TokenServer().use { server ->
            val before = Instant.now()
            val token = GoogleAuthTokens.provider(serviceAccount(server.tokenUri)).getToken()
            token.token shouldBe "test-token-1"
            (token.expiresAt >= before.plus(Duration.ofMinutes(59))) shouldBe true
            val form = server.forms.single()
            form["grant_type"] shouldBe "urn:ietf:params:oauth:grant-type:jwt-bearer"
            // The assertion's claims name the scope (the JWT's middle part).
            val claims = String(Base64.getUrlDecoder().decode(form.getValue("assertion").split('.')[1]))
            claims shouldContain GoogleAuthTokens.CLOUD_PLATFORM_SCOPE
            claims shouldContain "sa@p1.iam.gserviceaccount.com"
        }
    }

    test("a valid token is reused by google-auth-library; an expired one is exchanged again") {
        TokenServer().use { server ->
            val tokens = GoogleAuthTokens.provider(serviceAccount(server.tokenUri), listOf("https://www.googleapis.com/auth/custom"))
            tokens.getToken().token shouldBe "test-token-1"
            tokens.getToken().token shouldBe "test-token-1"
            server.exchanges.get() shouldBe 1
            String(Base64.getUrlDecoder().decode(server.forms[0].getValue("assertion").split('.')[1])) shouldContain "auth/custom"
        }
        // Tokens that live 60 s are inside google-auth-library's refresh margin: every call exchanges again.
        TokenServer(expiresIn = 60).use { server ->
            val tokens = GoogleAuthTokens.provider(serviceAccount(server.tokenUri))
            tokens.getToken().token shouldBe "test-token-1"
            tokens.getToken().token shouldBe "test-token-2"
        }
    }

    test("a refused grant is an error without the key or the assertion; toString shows only the kind") {
        TokenServer(status = 400).use { server ->
            val tokens = GoogleAuthTokens.provider(serviceAccount(server.tokenUri))
            val e = shouldThrow<Exception> { tokens.getToken() }
            val text = generateSequence<Throwable>(e) { it.cause }.joinToString("\n") { "$it" }
            text shouldContain "invalid_grant"
            text shouldNotContain "PRIVATE KEY"
            text shouldNotContain server.forms.single().getValue("assertion")
            "$tokens" shouldBe "GoogleAuthTokens(ServiceAccountCredentials)"
        }
        shouldThrow<IllegalArgumentException> { GoogleAuthTokens.provider(GoogleCredentials.create(com.google.auth.oauth2.AccessToken("test-token-x", null)), emptyList()) }
            .message!! shouldContain GoogleAuthTokens.CLOUD_PLATFORM_SCOPE
    }

    fun vertexServer(seen: MutableList<String?>): HttpServer {
        val vertex = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
        vertex.createContext("/") { ex ->
            seen += ex.requestHeaders.getFirst("Authorization")
            ex.requestBody.readAllBytes()
            val body = ("""{"candidates":[{"content":{"role":"model","parts":[{"text":"ok"}]},"finishReason":"STOP","index":0}],""" +
                """"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":1,"totalTokenCount":4},"responseId":"r1"}""").toByteArray()
            ex.responseHeaders.add("Content-Type", "application/json")
            ex.sendResponseHeaders(200, body.size.toLong())
            ex.responseBody.write(body)
            ex.close()
        }
        vertex.start()
        return vertex
    }

    test("end to end: Gemini on Vertex AI sends the exchanged token as the bearer, and a refused grant fails the call typed") {
        val seen = Collections.synchronizedList(ArrayList<String?>())
        val vertex = vertexServer(seen)
        try {
            TokenServer().use { server ->
                val config = GeminiConfig.vertex("p1", "us-central1").baseUrl("http://127.0.0.1:${vertex.address.port}")
                    .tokenProvider(GoogleAuthTokens.provider(serviceAccount(server.tokenUri))).build()
                GeminiChatCompletionClient.create("gemini-2.5-flash", config).use { client ->
                    runBlocking {
                        client.create(createRequest { user("Hi") }).content shouldBe "ok"
                        client.create(createRequest { user("Again") }).content shouldBe "ok"
                    }
                }
                seen shouldBe listOf("Bearer test-token-1", "Bearer test-token-1")
                server.exchanges.get() shouldBe 1
            }
            TokenServer(status = 400).use { server ->
                val config = GeminiConfig.vertex("p1", "us-central1").baseUrl("http://127.0.0.1:${vertex.address.port}")
                    .tokenProvider(GoogleAuthTokens.provider(serviceAccount(server.tokenUri))).build()
                GeminiChatCompletionClient.create("gemini-2.5-flash", config).use { client ->
                    val e = shouldThrow<AuthenticationException> { runBlocking { client.create(createRequest { user("Hi") }) } }
                    e.statusCode shouldBe 0
                    "${e.message}" shouldNotContain "PRIVATE KEY"
                }
                seen.size shouldBe 2
            }
        } finally {
            vertex.stop(0)
        }
    }

    test("from a document: gemini on Vertex AI with a nested google-auth token provider reading a key file next to the document") {
        val seen = Collections.synchronizedList(ArrayList<String?>())
        val vertex = vertexServer(seen)
        val dir = Files.createTempDirectory("google-auth-config")
        try {
            TokenServer().use { server ->
                Files.writeString(dir.resolve("sa.json"), serviceAccountJson(server.tokenUri))
                val doc = dir.resolve("vertex.json")
                Files.writeString(
                    doc,
                    """{"provider": "gemini", "config": {"model": "gemini-2.5-flash", "base_url": "http://127.0.0.1:${vertex.address.port}",
                       "vertex": {"project": "p1", "location": "us-central1"},
                       "token_provider": {"provider": "google-auth", "config": {"credentials_file": "sa.json",
                         "scopes": ["https://www.googleapis.com/auth/generative-language"]}}}}""",
                )
                ConfigLoader.builder().environment(emptyMap()).build().load(doc).use { client ->
                    runBlocking { client.create(createRequest { user("Hi") }).content shouldBe "ok" }
                }
                seen shouldBe listOf("Bearer test-token-1")
                val claims = String(Base64.getUrlDecoder().decode(server.forms.single().getValue("assertion").split('.')[1]))
                claims shouldContain "generative-language"
            }
            val missing = shouldThrow<ConfigException> {
                ConfigLoader.builder().environment(emptyMap()).build().loadJson(
                    """{"provider": "gemini", "config": {"model": "m", "vertex": {"project": "p1"},
                       "token_provider": {"provider": "google-auth", "config": {"credentials_file": "${dir.resolve("none.json")}"}}}}""",
                )
            }
            missing.message!! shouldContain "config.token_provider.config.credentials_file: cannot read Google credentials"
        } finally {
            vertex.stop(0)
        }
    }
})
