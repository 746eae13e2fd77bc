package dev.switchboard.engine.okhttp

import dev.switchboard.HttpOptions
import dev.switchboard.spi.EngineProvider
import dev.switchboard.spi.HttpExchanger
import dev.switchboard.spi.KtorExchanger
import io.ktor.client.engine.okhttp.OkHttp
import okhttp3.ConnectionPool
import okhttp3.Dispatcher
import java.time.Duration
import java.util.concurrent.TimeUnit

/**
 * The Ktor `OkHttp` engine, through the [KtorExchanger]: pooled keep-alive connections for every method, HTTP/2 over TLS.
 *
 * OkHttp's own read and call timeouts are switched off (the transport enforces the request and
 * stream-idle timeouts itself, and OkHttp's 10-second default read timeout would cut a model that
 * thinks before it answers); its per-host limit of 5 concurrent calls is raised so that concurrent
 * streams to one provider do not queue.
 *
 * Discovered with [java.util.ServiceLoader]; pass it to [HttpOptions.Builder.engine] to choose it explicitly.
 */
public object OkHttpEngineProvider : EngineProvider {
    override val name: String = "okhttp"
    override val priority: Int = 300

    override fun create(options: HttpOptions): HttpExchanger = KtorExchanger.over(engine(options), name)

    private fun engine(options: HttpOptions) = OkHttp.create {
        config {
            connectTimeout(okHttpTimeout(options.connectTimeout))
            readTimeout(Duration.ZERO)
            writeTimeout(okHttpTimeout(options.requestTimeout))
            callTimeout(Duration.ZERO)
            connectionPool(ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE_MINUTES, TimeUnit.MINUTES))
            dispatcher(Dispatcher().apply { maxRequests = MAX_CONCURRENT; maxRequestsPerHost = MAX_CONCURRENT })
        }
    }

    /** [value] as OkHttp takes it: OkHttp refuses timeouts above `Int.MAX_VALUE` ms (about 24.8 days); those mean none (zero). */
    private fun okHttpTimeout(value: Duration): Duration =
        if (value > Duration.ofMillis(Int.MAX_VALUE.toLong())) Duration.ZERO else value

    private const val MAX_IDLE_CONNECTIONS = 32
    private const val KEEP_ALIVE_MINUTES = 5L
    private const val MAX_CONCURRENT = 1024
}

/** The [java.util.ServiceLoader] entry for [OkHttpEngineProvider] (a loader needs a class with a no-argument constructor). */
internal class OkHttpEngineService : EngineProvider by OkHttpEngineProvider
