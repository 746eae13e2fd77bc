package dev.switchboard.azure.inference

import dev.switchboard.faults.FaultMatrixSuite

/**
 * The fault matrix, cancellation and secret hygiene over Azure AI Model Inference. Its codec and transport are
 * OpenAI's, run at full scale by the OpenAI module's fault test: 500 concurrent streams here.
 */
class AzureAiInferenceFaultTest : FaultMatrixSuite(AzureAiInferenceWire, concurrent = 500)
