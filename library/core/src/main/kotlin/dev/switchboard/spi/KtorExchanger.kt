package dev.switchboard.spi

import dev.switchboard.ResponseHeaders
import io.ktor.client.HttpClient
import io.ktor.client.engine.HttpClientEngine
import io.ktor.client.network.sockets.ConnectTimeoutException
import io.ktor.client.plugins.HttpRequestTimeoutException
import io.ktor.client.plugins.expectSuccess
import io.ktor.client.request.prepareRequest
import io.ktor.client.request.setBody
import io.ktor.client.statement.HttpResponse
import io.ktor.client.statement.bodyAsChannel
import io.ktor.http.ContentType
import io.ktor.http.HttpMethod
import io.ktor.http.content.ByteArrayContent
import io.ktor.http.takeFrom
import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.ClosedByteChannelException

/**
 * The one [HttpExchanger] over Ktor: any Ktor engine (`switchboard-engine-okhttp`, `-apache5` and `-cio` create theirs
 * with [over]), or a Ktor `HttpClient` of the caller's own with its plugins ([of], used for
 * [dev.switchboard.HttpOptions.Builder.httpClient]).
 *
 * The client sends with `expectSuccess = false`; one this adapter builds over an engine also follows no redirects and
 * has no default transformers (the transport reads status, redirects and bodies itself). Ktor's own exception classes
 * are typed here (its connect and request timeouts, a closed body channel), an engine's through the test given to
 * [over], and the JDK's by [FailureKind.classify].
 */
@SwitchboardSpi
@OptIn(ExperimentalSubclassOptIn::class)
public class KtorExchanger private constructor(
    override val name: String,
    private val client: HttpClient,
    /** The engine this adapter created its client over and closes with it; null for a caller's own client. */
    private val engine: HttpClientEngine?,
    private val engineTest: ((Throwable) -> FailureKind?)?,
) : HttpExchanger {
    override suspend fun <T> exchange(request: ExchangeRequest, handle: suspend (ExchangeResponse) -> T): T =
        client.prepareRequest {
            method = HttpMethod.parse(request.method)
            url.takeFrom(request.uri)
            expectSuccess = false
            var contentType: String? = null
            request.forEachHeader { name, value ->
                if (name.equals("Content-Type", ignoreCase = true)) contentType = value else headers.append(name, value)
            }
            val body = request.body
            if (body != null) setBody(ByteArrayContent(body, contentTypeOf(contentType)))
        }.execute { response -> handle(KtorResponse(response)) }

    override fun classify(failure: Throwable): FailureKind = FailureKind.classify(failure) { t ->
        when (t) {
            is ConnectTimeoutException -> FailureKind.CONNECT_TIMEOUT
            is HttpRequestTimeoutException -> FailureKind.TIMEOUT
            is ClosedByteChannelException -> FailureKind.IO
            else -> engineTest?.invoke(t)
        }
    }

    /** Closes the client and the engine this adapter created; a caller's own client stays open. Idempotent. */
    override fun close() {
        if (engine != null) {
            client.close()
            engine.close()
        }
    }

    override fun toString(): String = "KtorExchanger($name)"

    private class KtorResponse(private val response: HttpResponse) : ExchangeResponse {
        override val status: Int get() = response.status.value
        override val headers: ResponseHeaders = response.headers.let { h -> ResponseHeaders { name -> h[name] } }
        override suspend fun body(): ByteReadChannel = response.bodyAsChannel()
    }

    /** Factories. */
    public companion object {
        /**
         * An exchanger over a new client on [engine], named [name]; it owns both and closes them with [close].
         * [classify] types the engine's own exception classes (null for those it does not know: they are typed by
         * their JDK types).
         */
        @JvmStatic
        @JvmOverloads
        public fun over(engine: HttpClientEngine, name: String, classify: ((Throwable) -> FailureKind?)? = null): KtorExchanger {
            val client = HttpClient(engine) {
                expectSuccess = false
                followRedirects = false
                useDefaultTransformers = false
            }
            return KtorExchanger(name, client, engine, classify)
        }

        /** An exchanger over the caller's own [client], used as it is and never closed here; named `custom`. */
        @JvmStatic
        public fun of(client: HttpClient): KtorExchanger = KtorExchanger("custom", client, null, null)

        private fun contentTypeOf(value: String?): ContentType = when (value) {
            null -> ContentType.Application.OctetStream
            "application/json" -> ContentType.Application.Json
            else -> ContentType.parse(value)
        }
    }
}
