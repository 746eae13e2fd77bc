package dev.switchboard.cohere

import dev.switchboard.faults.FaultMatrixSuite

/** The fault matrix, cancellation at scale and secret hygiene over Cohere's v2 Chat API. */
class CohereFaultTest : FaultMatrixSuite(CohereWire)
