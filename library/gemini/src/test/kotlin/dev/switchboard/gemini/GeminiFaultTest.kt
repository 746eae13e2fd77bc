package dev.switchboard.gemini

import dev.switchboard.faults.FaultMatrixSuite

/** The fault matrix, cancellation at scale and secret hygiene over the Gemini API's streamGenerateContent. */
class GeminiFaultTest : FaultMatrixSuite(GeminiWire)
