package dev.switchboard.azure.identity

import com.azure.core.credential.TokenCredential
import com.azure.core.credential.TokenRequestContext
import dev.switchboard.AuthenticationException
import dev.switchboard.HttpOptions
import dev.switchboard.auth.RequestAuthorizer
import dev.switchboard.http.TestErrors
import dev.switchboard.http.TestServer
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.HttpTransport
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.ktor.http.ContentType
import io.ktor.server.response.respondText
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import reactor.core.publisher.Mono
import java.time.Instant
import java.time.OffsetDateTime
import java.time.ZoneOffset
import java.util.concurrent.CopyOnWriteArrayList
import com.azure.core.credential.AccessToken as AzureAccessToken

/** A TokenCredential that hands out numbered tokens and records the scopes asked for; no network. */
private class FakeCredential(private val expiresAt: OffsetDateTime = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1)) : TokenCredential {
    val scopes = CopyOnWriteArrayList<List<String>>()
    @Volatile var failure: RuntimeException? = null
    @Volatile var answerNull = false

    override fun getToken(request: TokenRequestContext): Mono<AzureAccessToken> = Mono.fromCallable { getTokenSync(request) }

    override fun getTokenSync(request: TokenRequestContext): AzureAccessToken? {
        scopes += request.scopes.toList()
        failure?.let { throw it }
        if (answerNull) return null
        return AzureAccessToken("entra-" + "token-${scopes.size}", expiresAt)
    }
}

class AzureIdentityTokensTest : FunSpec({
    test("a TokenCredential's token and expiry, for the Cognitive Services scope by default") {
        val expiry = OffsetDateTime.of(2031, 5, 6, 7, 8, 9, 0, ZoneOffset.ofHours(2))
        val credential = FakeCredential(expiry)
        val token = AzureIdentityTokens.provider(credential).getToken()
        token.token shouldBe "entra-token-1"
        token.expiresAt shouldBe Instant.parse("2031-05-06T05:08:09Z")
        credential.scopes.single() shouldBe listOf("https://cognitiveservices.azure.com/.default")
        AzureIdentityTokens.COGNITIVE_SERVICES_SCOPE shouldBe "https://cognitiveservices.azure.com/.default"
    }

    test("another scope is passed as given; a blank one is refused") {
        val credential = FakeCredential()
        AzureIdentityTokens.provider(credential, "https://ml.azure.com/.default").getToken()
        credential.scopes.single() shouldBe listOf("https://ml.azure.com/.default")
        shouldThrow<IllegalArgumentException> { AzureIdentityTokens.provider(credential, " ") }
    }

    test("through a client's transport: one token for several requests, sent as a Bearer header") {
        val seen = CopyOnWriteArrayList<String>()
        val server = TestServer {
            routing {
                post("/chat") {
                    seen += call.request.headers["Authorization"] ?: "none"
                    call.respondText("{}", ContentType.Application.Json)
                }
            }
        }
        val credential = FakeCredential()
        val authorizer = RequestAuthorizer.bearerToken(AzureIdentityTokens.provider(credential), "azure-openai")
        HttpTransport("azure-openai", HttpOptions.DEFAULT, authorizer).use { t ->
            repeat(3) { t.execute(HttpRequestSpec(server.url("/chat"), "{}".toByteArray()), TestErrors) }
        }
        server.close()
        seen shouldBe listOf("Bearer entra-token-1", "Bearer entra-token-1", "Bearer entra-token-1")
        credential.scopes.size shouldBe 1
    }

    test("a credential that fails or answers nothing is an AuthenticationException for the request, without the token") {
        val credential = FakeCredential()
        credential.failure = IllegalStateException("EnvironmentCredential authentication unavailable. Environment variables are not fully configured.")
        val authorizer = RequestAuthorizer.bearerToken(AzureIdentityTokens.provider(credential), "azure-openai")
        val spec = HttpRequestSpec("http://127.0.0.1:9/never", "{}".toByteArray())
        HttpTransport("azure-openai", HttpOptions.DEFAULT, authorizer).use { t ->
            val e = shouldThrow<AuthenticationException> { t.execute(spec, TestErrors) }
            e.statusCode shouldBe 0
            e.message!! shouldContain "EnvironmentCredential authentication unavailable"
            credential.failure = null
            credential.answerNull = true
            shouldThrow<AuthenticationException> { t.execute(spec, TestErrors) }.message!! shouldContain "returned no token"
        }
    }

    test("toString names the credential and scope, never a token; building DefaultAzureCredential makes no call") {
        val credential = FakeCredential()
        val provider = AzureIdentityTokens.provider(credential)
        provider.getToken()
        provider.toString() shouldContain "FakeCredential"
        provider.toString() shouldNotContain "entra-token"
        AzureIdentityTokens.defaultCredential().toString() shouldContain "DefaultAzureCredential"
    }
})
