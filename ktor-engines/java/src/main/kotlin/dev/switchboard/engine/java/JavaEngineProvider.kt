package dev.switchboard.engine.java

import dev.switchboard.HttpOptions
import dev.switchboard.spi.EngineProvider
import dev.switchboard.spi.HttpExchanger

/**
 * The engine over the JDK's `java.net.http.HttpClient`: pooled keep-alive connections for every
 * method (POST included), no dependency beyond the JDK, and the default when several engines are on
 * the classpath.
 *
 * Requests use HTTP/1.1: with HTTP/2 the JDK client adds an `Upgrade: h2c` handshake to every
 * plain-`http` request (local servers, development proxies), which many servers mishandle, and HTTP/2
 * framing costs more per streamed chunk. Cancelling a call aborts the exchange and closes its
 * connection at once, also while it still waits for the response (which Ktor's own `Java` engine
 * does not do: the JDK ignores the `cancel(false)` it sends).
 *
 * The JDK client sets `Connection`, `Content-Length`, `Expect`, `Host` and `Upgrade` itself and refuses
 * them from callers, so such headers in a request (an `extraHeaders` entry, say) are left out; every
 * other header is sent as given.
 *
 * Discovered with [java.util.ServiceLoader]; pass it to [HttpOptions.Builder.engine] to choose it explicitly.
 */
public object JavaEngineProvider : EngineProvider {
    override val name: String = "java"
    override val priority: Int = 400

    override fun create(options: HttpOptions): HttpExchanger = JdkExchanger(options.connectTimeout)
}

/** The [java.util.ServiceLoader] entry for [JavaEngineProvider] (a loader needs a class with a no-argument constructor). */
internal class JavaEngineService : EngineProvider by JavaEngineProvider
