package dev.switchboard.cohere

import dev.switchboard.contract.ProviderContractSuite

/** The behaviour every provider shows, through Cohere's wire. */
class CohereContractTest : ProviderContractSuite(CohereWire)
