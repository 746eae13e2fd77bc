package dev.switchboard.openai

import dev.switchboard.GuidedDecoding
import dev.switchboard.GuidedDecoding.Kind

/**
 * How an OpenAI-compatible server takes [GuidedDecoding] in a Chat Completions request, and which [kinds] it takes.
 * Set it with [OpenAiConfig.Builder.guidedDecoding]; the [OpenAiCompatible.VLLM], [OpenAiCompatible.TGI] and
 * [OpenAiCompatible.LLAMA_CPP] presets choose theirs. A request whose guided decoding is of a kind the dialect does not
 * take fails with a [dev.switchboard.CapabilityMissingException] before anything is sent.
 */
public enum class GuidedDecodingDialect(
    /** The kinds of guided decoding the server takes. */
    public val kinds: Set<Kind>,
) {
    /** The server takes no guided decoding: OpenAI itself and the hosted services (the default). */
    NONE(emptySet()),

    /**
     * vLLM from 0.10.2: one `structured_outputs` object holding `json`, `regex`, `grammar` or `choice`. The only form
     * vLLM 0.12.0 and later read.
     */
    VLLM(setOf(Kind.JSON_SCHEMA, Kind.REGEX, Kind.GRAMMAR, Kind.CHOICE)),

    /**
     * vLLM before 0.12.0: the top-level fields `guided_json`, `guided_regex`, `guided_grammar` and `guided_choice`
     * (deprecated in 0.10.2, removed in 0.12.0).
     */
    VLLM_GUIDED(setOf(Kind.JSON_SCHEMA, Kind.REGEX, Kind.GRAMMAR, Kind.CHOICE)),

    /**
     * Hugging Face text-generation-inference: `response_format` as `{"type": "json", "value": schema}` or
     * `{"type": "regex", "value": pattern}`. TGI takes a response format or tools, not both.
     */
    TGI(setOf(Kind.JSON_SCHEMA, Kind.REGEX)),

    /** The llama.cpp server (`llama-server`): the top-level fields `json_schema` and `grammar` (GBNF). */
    LLAMA_CPP(setOf(Kind.JSON_SCHEMA, Kind.GRAMMAR)),
}
