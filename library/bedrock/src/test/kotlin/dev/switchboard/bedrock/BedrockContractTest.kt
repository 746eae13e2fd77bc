package dev.switchboard.bedrock

import dev.switchboard.contract.ProviderContractSuite

/** The behaviour every provider shows, through Bedrock's Converse wire, streams as real binary event-stream messages. */
class BedrockContractTest : ProviderContractSuite(BedrockWire)
