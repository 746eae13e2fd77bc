package dev.switchboard.openai

import dev.switchboard.faults.FaultMatrixSuite

/** The fault matrix, cancellation at scale and secret hygiene over OpenAI Chat Completions. */
class OpenAiFaultTest : FaultMatrixSuite(OpenAiWire)
