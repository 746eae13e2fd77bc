package dev.switchboard.anthropic

import dev.switchboard.faults.FaultMatrixSuite

/** The fault matrix, cancellation at scale and secret hygiene over the Anthropic Messages API, 529 (overloaded) included. */
class AnthropicFaultTest : FaultMatrixSuite(AnthropicWire, extraRetryableStatuses = listOf(529))
