package dev.switchboard.java;

import dev.switchboard.engine.okhttp.OkHttpEngineProvider;
import dev.switchboard.spi.EngineProvider;

/**
 * {@link CancellationAtScaleSuite} through the Ktor adapter over the OkHttp engine: the same promises hold on the
 * transport's one code path whatever the exchanger.
 */
class OkHttpCancellationAtScaleTest extends CancellationAtScaleSuite {
    @Override
    protected EngineProvider engine() {
        return OkHttpEngineProvider.INSTANCE;
    }

    /**
     * 1,000: OkHttp's dispatcher (as {@code OkHttpEngineProvider} configures it) runs at most 1,024 calls at once and
     * queues the rest, so 2,000 calls stalled before their headers cannot all reach the server.
     */
    @Override
    protected int streams() {
        return 1_000;
    }

    /**
     * Ktor's OkHttp engine holds one OkHttp thread per exchange while it runs (measured: 1,130 threads left for 2,000
     * streams, ended by OkHttp after a minute idle); the JDK exchanger needs none. Never more than one per stream.
     */
    @Override
    protected int engineWorkerBudget() {
        return streams() + 64;
    }

    /** OkHttp's dispatcher and connection threads, which it ends after a minute idle. */
    @Override
    protected boolean isEngineWorker(String name) {
        return name.startsWith("OkHttp ");
    }
}
