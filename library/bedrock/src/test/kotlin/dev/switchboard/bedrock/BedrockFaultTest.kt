package dev.switchboard.bedrock

import dev.switchboard.faults.FaultMatrixSuite

/** The fault matrix, cancellation at scale and secret hygiene over Bedrock's Converse API, 424 (model error) included. */
class BedrockFaultTest : FaultMatrixSuite(BedrockWire, extraRetryableStatuses = listOf(424))
