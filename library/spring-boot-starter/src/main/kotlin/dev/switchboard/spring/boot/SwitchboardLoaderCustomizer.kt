package dev.switchboard.spring.boot

import dev.switchboard.config.ConfigLoader

/**
 * A bean that adjusts the [ConfigLoader] the starter builds clients with: bind objects documents refer to by name
 * (`builder.bind("exchanger", myExchanger)`), or read `${VARIABLE}`s from elsewhere. Applied in bean order.
 */
public fun interface SwitchboardLoaderCustomizer {
    /** Adjusts [builder]. */
    public fun customize(builder: ConfigLoader.Builder)
}
