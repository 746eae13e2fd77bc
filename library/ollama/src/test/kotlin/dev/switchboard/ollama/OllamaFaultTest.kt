package dev.switchboard.ollama

import dev.switchboard.faults.FaultMatrixSuite

/** The fault matrix, cancellation at scale and secret hygiene over Ollama's native API (NDJSON streams). */
class OllamaFaultTest : FaultMatrixSuite(OllamaWire)
