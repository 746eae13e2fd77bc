package dev.switchboard.opentelemetry

/**
 * `gen_ai.provider.name` for a client's [provider][dev.switchboard.ChatCompletionClient.provider]: the conventions'
 * well-known value where one names the same service, the provider's own name otherwise (the conventions allow custom
 * values: `ollama`, `openrouter`, `replay`…).
 */
internal object GenAiProviders {
    private val WELL_KNOWN: Map<String, String> = mapOf(
        "openai" to "openai",
        "azure-openai" to "azure.ai.openai",
        "azure-ai-inference" to "azure.ai.inference",
        "anthropic" to "anthropic",
        // The OpenAI-compatible presets whose service the conventions name.
        "gemini" to "gcp.gemini",
        "groq" to "groq",
        "deepseek" to "deepseek",
        "mistral" to "mistral_ai",
        // Names an application may give a client of a service the conventions name.
        "xai" to "x_ai",
        "perplexity" to "perplexity",
        "cohere" to "cohere",
        "bedrock" to "aws.bedrock",
        "aws-bedrock" to "aws.bedrock",
        "vertex-ai" to "gcp.vertex_ai",
        "watsonx" to "ibm.watsonx.ai",
    )

    /** The conventions' name of [provider], or [provider] as it is. */
    fun of(provider: String): String = WELL_KNOWN[provider] ?: provider
}
