package dev.switchboard.router

import dev.switchboard.ChatCompletionClient
import dev.switchboard.ChatStreamEvent
import dev.switchboard.ContentFilterException
import dev.switchboard.CreateRequest
import dev.switchboard.CreateResult
import dev.switchboard.FinishReason
import dev.switchboard.HttpOptions
import dev.switchboard.ModelInfo
import dev.switchboard.RequestUsage
import dev.switchboard.ResponseHeaders
import dev.switchboard.StreamInterruptedException
import dev.switchboard.SwitchboardException
import dev.switchboard.faults.FaultServer
import dev.switchboard.http.CioTestEngine
import dev.switchboard.spi.ChatCodec
import dev.switchboard.spi.CodecClients
import dev.switchboard.spi.HttpErrors
import dev.switchboard.spi.HttpRequestSpec
import dev.switchboard.spi.HttpTransport
import dev.switchboard.spi.PreparedCall
import dev.switchboard.spi.StreamDecoder
import dev.switchboard.spi.StreamFrame
import dev.switchboard.spi.StreamFraming
import java.time.Duration

/**
 * A small wire for router tests over a [FaultServer]: the request body says `{"stream":true|false}`; a JSON answer's
 * body is the answer text; a stream is SSE whose events' data are pieces of text, `[DONE]` last. An error body that
 * says `content_filter` is the provider's content filter; HttpErrors types the rest (429 with `Retry-After`, context
 * length…).
 */
private class LoopCodec(private val url: String) : ChatCodec {
    override val provider: String = "loop"
    override val endpoint: String = url

    override fun prepare(model: String, request: CreateRequest, stream: Boolean): PreparedCall = object : PreparedCall {
        override val spec = HttpRequestSpec(url, """{"stream":$stream}""".toByteArray())
        override val framing: StreamFraming get() = StreamFraming.SSE

        override fun decodeResponse(body: ByteArray, requestId: String?): CreateResult =
            CreateResult.ofText(body.decodeToString(), FinishReason.STOP, RequestUsage.of(3, 2))

        override fun newStreamDecoder(requestId: String?): StreamDecoder = object : StreamDecoder {
            val text = StringBuilder()

            override fun decode(frame: StreamFrame, out: MutableList<ChatStreamEvent>): Boolean {
                if (frame.data == "[DONE]") return true
                text.append(frame.data)
                out += ChatStreamEvent.TextDelta(frame.data)
                return false
            }

            override fun finish(terminated: Boolean): CreateResult {
                if (!terminated) throw StreamInterruptedException("no [DONE]", provider)
                return CreateResult.ofText(text.toString(), FinishReason.STOP, RequestUsage.of(3, 2))
            }
        }
    }

    override fun decodeError(status: Int, headers: ResponseHeaders, body: String): SwitchboardException =
        if (body.contains("content_filter")) ContentFilterException("loop: the content filter refused the prompt", provider, status)
        else HttpErrors.map(provider, status, headers, body)
}

/** A client of [model] over [server] speaking [LoopCodec], without retries of its own (the router retries). */
internal fun loopClient(
    server: FaultServer, model: String, info: ModelInfo = ModelInfo.ALL_CAPABILITIES, timeout: Duration = Duration.ofSeconds(5),
): ChatCompletionClient =
    CodecClients.create(
        model, info, LoopCodec(server.baseUrl + "/v1/chat"),
        HttpTransport(
            "loop",
            HttpOptions.builder().engine(CioTestEngine).maxRetries(0)
                .connectTimeout(Duration.ofSeconds(2)).requestTimeout(timeout).streamIdleTimeout(timeout)
                .build(),
        ),
    )

/** Whether the request a [FaultServer] read asks for a stream. */
internal val FaultServer.Request.isStream: Boolean get() = body.contains("\"stream\":true")

/** The answer [text]: as JSON, or as a stream of its words, as the request asks. */
internal suspend fun FaultServer.Exchange.answerText(text: String) {
    if (request.isStream) {
        beginChunks(200, "text/event-stream")
        for (piece in text.split(' ')) chunk("data: $piece\n\n")
        chunk("data: [DONE]\n\n")
        endChunks()
    } else {
        respond(200, "application/json", text)
    }
}
