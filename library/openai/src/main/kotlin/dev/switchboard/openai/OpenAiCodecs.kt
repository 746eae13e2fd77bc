package dev.switchboard.openai

import dev.switchboard.spi.ChatCodec
import dev.switchboard.spi.Secrets

/**
 * The Chat Completions wire format as a [ChatCodec], for provider modules whose servers speak it under
 * their own URLs, headers and names (such as `switchboard-azure-ai-inference`). A service provider
 * interface: applications use the clients instead.
 */
public object OpenAiCodecs {
    /**
     * A codec that posts to [url] (absolute, query included) with [headers] and names [provider] in errors,
     * taking [secrets] out of error text.
     *
     * @param maxCompletionTokens the output limit goes as `max_completion_tokens` (true) or `max_tokens` (false).
     * @param developerRole system messages go with the role `developer` (true) or `system` (false).
     * @param streamUsage streamed requests ask for usage with `stream_options.include_usage`.
     */
    @JvmStatic
    public fun chatCompletions(
        provider: String,
        url: String,
        headers: Map<String, String>,
        secrets: Secrets,
        maxCompletionTokens: Boolean,
        developerRole: Boolean,
        streamUsage: Boolean,
    ): ChatCodec = OpenAiChatCodec(provider, url, LinkedHashMap(headers), WireOptions(maxCompletionTokens, developerRole, streamUsage), secrets)
}
