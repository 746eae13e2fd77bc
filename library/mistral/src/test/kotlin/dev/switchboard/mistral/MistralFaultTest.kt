package dev.switchboard.mistral

import dev.switchboard.faults.FaultMatrixSuite

/** The fault matrix, cancellation at scale and secret hygiene over Mistral's chat completions API. */
class MistralFaultTest : FaultMatrixSuite(MistralWire)
