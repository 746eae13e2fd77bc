package dev.switchboard.openai

import dev.switchboard.faults.FaultMatrixSuite

/**
 * The fault matrix, cancellation and secret hygiene over Azure OpenAI (deployment URLs, `api-key`). Its codec
 * and transport are OpenAI's, run at full scale by [OpenAiFaultTest]: 500 concurrent streams here.
 */
class AzureOpenAiFaultTest : FaultMatrixSuite(AzureOpenAiWire, concurrent = 500)
