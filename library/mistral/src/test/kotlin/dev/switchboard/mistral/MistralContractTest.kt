package dev.switchboard.mistral

import dev.switchboard.contract.ProviderContractSuite

/** The behaviour every provider shows, through Mistral's wire. */
class MistralContractTest : ProviderContractSuite(MistralWire)
