package dev.switchboard.anthropic

import dev.switchboard.contract.ProviderContractSuite

/** The behaviour every provider shows, through Anthropic's wire. */
class AnthropicContractTest : ProviderContractSuite(AnthropicWire)
