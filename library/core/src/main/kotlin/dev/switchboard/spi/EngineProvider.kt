package dev.switchboard.spi

import dev.switchboard.HttpOptions

/**
 * An HTTP engine binding, found with [java.util.ServiceLoader] from the `switchboard-engine-*` modules: it creates
 * the [HttpExchanger] a client sends through.
 * Each module registers one in `META-INF/services/dev.switchboard.spi.EngineProvider`.
 *
 * An application names one to choose its engine (`HttpOptions.builder().engine(JavaEngineProvider)`) without opting
 * in; implementing one, or calling [create], is [SwitchboardSpi] and needs the opt-in.
 */
@SubclassOptInRequired(SwitchboardSpi::class)
public interface EngineProvider {
    /** A short name, such as `cio` or `java`. */
    public val name: String

    /** Which provider wins when several are on the classpath: the highest. */
    public val priority: Int

    /**
     * A new exchanger configured from [options] (connect timeout and connection pooling); the caller owns it and
     * closes it.
     */
    @SwitchboardSpi
    public fun create(options: HttpOptions): HttpExchanger
}
