package dev.switchboard.ollama

import dev.switchboard.engine.okhttp.OkHttpEngineProvider
import dev.switchboard.faults.FaultMatrixSuite

/**
 * The fault matrix, cancellation at scale and secret hygiene over Ollama's NDJSON streams through the Ktor adapter
 * (the OkHttp engine), beside [OllamaFaultTest] on the JDK exchanger: one transport path, two exchangers.
 */
class OllamaOkHttpFaultTest : FaultMatrixSuite(OllamaWire, engine = OkHttpEngineProvider)
