package dev.switchboard.openai

import dev.switchboard.engine.okhttp.OkHttpEngineProvider
import dev.switchboard.faults.FaultMatrixSuite

/**
 * The fault matrix, cancellation at scale and secret hygiene over OpenAI Chat Completions through the transport's Ktor
 * path (the OkHttp engine), beside [OpenAiFaultTest] on the JDK engine, which the transport drives directly.
 */
class OpenAiOkHttpFaultTest : FaultMatrixSuite(OpenAiWire, engine = OkHttpEngineProvider)
