package dev.switchboard

/**
 * How a response cache around the client (`switchboard-cache`'s `ChatCompletionCache`) treats one request; set with
 * [CreateRequest.Builder.responseCache]. Never sent to the provider; clients without a cache ignore it.
 */
public enum class ResponseCacheMode {
    /** Answer from the cache when it has the answer; store the answer when it does not. The default. */
    USE,

    /** Ask the provider even when the cache has the answer, and store the new answer in its place. */
    REFRESH,

    /** Neither read nor write the cache: the request goes to the provider as if there were no cache. */
    BYPASS,
}
