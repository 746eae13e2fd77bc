package dev.switchboard.gemini

import dev.switchboard.contract.ProviderContractSuite

/** The behaviour every provider shows, through the Gemini API's wire. */
class GeminiContractTest : ProviderContractSuite(GeminiWire)
