package dev.switchboard.ollama

import dev.switchboard.contract.ProviderContractSuite

/** The behaviour every provider shows, through Ollama's native wire. */
class OllamaContractTest : ProviderContractSuite(OllamaWire)
