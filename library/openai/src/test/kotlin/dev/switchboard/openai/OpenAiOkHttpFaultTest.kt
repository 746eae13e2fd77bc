package dev.switchboard.openai

import dev.switchboard.engine.okhttp.OkHttpEngineProvider
import dev.switchboard.faults.FaultMatrixSuite

/**
 * The fault matrix, cancellation at scale and secret hygiene over OpenAI Chat Completions through the Ktor adapter
 * (the OkHttp engine), beside [OpenAiFaultTest] on the JDK exchanger: one transport path, two exchangers.
 */
class OpenAiOkHttpFaultTest : FaultMatrixSuite(OpenAiWire, engine = OkHttpEngineProvider)
