package dev.switchboard.http

import dev.switchboard.ApiException
import dev.switchboard.AuthenticationException
import dev.switchboard.BadRequestException
import dev.switchboard.NotFoundException
import dev.switchboard.PermissionDeniedException
import dev.switchboard.RateLimitException
import dev.switchboard.ServerException
import dev.switchboard.SwitchboardException
import dev.switchboard.spi.ErrorDecoder
import dev.switchboard.ResponseHeaders
import java.time.Duration

/**
 * A tiny error decoder for transport tests: status to typed error, independent of [dev.switchboard.spi.HttpErrors]
 * so that the transport is tested on its own. The body is kept whole in the message so tests can check it arrived.
 */
public object TestErrors : ErrorDecoder {
    override fun decode(status: Int, headers: ResponseHeaders, body: String): SwitchboardException {
        val msg = "HTTP $status: $body"
        val id = headers["x-request-id"]
        return when (status) {
            401 -> AuthenticationException(msg, "test", status, id)
            403 -> PermissionDeniedException(msg, "test", status, id)
            404 -> NotFoundException(msg, "test", status, id)
            400, 422 -> BadRequestException(msg, "test", status, id)
            429 -> RateLimitException(msg, "test", status, id, null, headers["retry-after"]?.toLongOrNull()?.let(Duration::ofSeconds))
            408, 409, in 500..599 -> ServerException(msg, "test", status, id)
            else -> ApiException(msg, "test", status, id)
        }
    }
}
