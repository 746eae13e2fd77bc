@file:JvmName("Capabilities")

package dev.switchboard

/**
 * Checks [request] against [info] before anything is sent: images need [ModelInfo.vision], tools
 * [ModelInfo.functionCalling], JSON output [ModelInfo.jsonOutput] and a JSON schema [ModelInfo.structuredOutput].
 * Every provider's client calls it; a [ChatCompletionClient] of your own should call it first in `create` and
 * `createStream`. From Java it is `Capabilities.check(provider, model, info, request)`.
 *
 * @param provider the provider named in the error, such as `openai`.
 * @param model the model named in the error.
 * @throws CapabilityMissingException naming the missing capability and the model.
 */
@JvmName("check")
public fun checkCapabilities(provider: String, model: String, info: ModelInfo, request: CreateRequest) {
    if (!info.vision && request.messages.any { it is UserMessage && it.hasImages }) {
        throw CapabilityMissingException(
            "Model '$model' does not accept images (ModelInfo.vision is false): remove the images or use a vision model",
            provider, "vision",
        )
    }
    if (!info.functionCalling && request.tools.isNotEmpty()) {
        throw CapabilityMissingException(
            "Model '$model' cannot call tools (ModelInfo.functionCalling is false): remove the tools or use another model",
            provider, "function_calling",
        )
    }
    when (request.responseFormat) {
        is ResponseFormat.JsonObjectFormat -> if (!info.jsonOutput) {
            throw CapabilityMissingException(
                "Model '$model' cannot be asked for JSON output (ModelInfo.jsonOutput is false)", provider, "json_output",
            )
        }
        is ResponseFormat.JsonSchema -> if (!info.structuredOutput) {
            throw CapabilityMissingException(
                "Model '$model' cannot be held to a JSON schema (ModelInfo.structuredOutput is false)",
                provider, "structured_output",
            )
        }
        else -> Unit
    }
}
