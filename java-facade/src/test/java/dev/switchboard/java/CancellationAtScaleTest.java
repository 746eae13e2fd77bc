package dev.switchboard.java;

import dev.switchboard.spi.EngineProvider;

/** {@link CancellationAtScaleSuite} on the engine the facade ships: the JDK exchanger, discovered. */
class CancellationAtScaleTest extends CancellationAtScaleSuite {
    @Override
    protected EngineProvider engine() {
        return null;
    }
}
