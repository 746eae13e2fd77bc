package dev.switchboard.bench.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes the mock server sends, built once per shape: whole HTTP responses for non-streaming calls and
 * fast streams, and the HTTP chunks of a slow stream. Chunk payloads follow the recorded wire formats in
 * {@code shared/fixtures} (OpenAI chat completion chunks with {@code obfuscation} and a final usage chunk,
 * Anthropic Messages events, Ollama NDJSON lines).
 */
public final class Payloads {
    private Payloads() {
    }

    /** The wire formats the server speaks. */
    public enum Format {
        /** OpenAI Chat Completions (also Azure OpenAI, Azure AI Inference and every OpenAI-compatible server). */
        OPENAI,
        /** Anthropic Messages. */
        ANTHROPIC,
        /** Ollama's native {@code /api/chat} (NDJSON). */
        OLLAMA,
        /** OpenAI's Responses API ({@code /responses}, named SSE events). */
        RESPONSES,
        /** Gemini's {@code generateContent} and {@code streamGenerateContent?alt=sse}. */
        GEMINI,
        /** Cohere's v2 chat ({@code /v2/chat}, named SSE events). */
        COHERE,
        /** Bedrock's Converse and ConverseStream (binary {@code application/vnd.amazon.eventstream} messages). */
        BEDROCK
    }

    /** The words the answers are made of; the deltas cycle through them. */
    private static final String[] WORDS = {
        " The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", ",", " and", " then",
        " it", " runs", " back", " home", " to", " rest", " under", " a", " tall", " oak", " tree", "."
    };

    /** The text of the non-streaming answer. */
    public static final String ANSWER_TEXT = "Hello! The quick brown fox jumps over the lazy dog.";

    /** The text the [index]th content delta of a stream carries. */
    public static String word(int index) {
        return WORDS[index % WORDS.length];
    }

    /** How many content deltas a stream of [events] events holds (the others open, finish and report usage). */
    public static int contentDeltas(Format format, int events) {
        switch (format) {
            case OPENAI: return events - 4;      // role, ..., finish, usage, [DONE]
            case ANTHROPIC: return events - 6;   // message_start, block start, ..., block stop, message_delta, message_stop, ping
            case OLLAMA: return events - 1;      // ..., done
            default: return NativeWires.contentDeltas(format, events);
        }
    }

    /** The answer text a stream of [events] events spells out. */
    public static String streamText(Format format, int events) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < contentDeltas(format, events); i++) sb.append(word(i));
        return sb.toString();
    }

    /** The payloads (SSE events or NDJSON lines, with their line breaks) of a stream of [events] events. */
    public static List<byte[]> events(Format format, int events) {
        if (events < 8) throw new IllegalArgumentException("a stream needs at least 8 events, got " + events);
        List<byte[]> out = new ArrayList<>(events);
        int deltas = contentDeltas(format, events);
        switch (format) {
            case OPENAI: {
                String head = "{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
                        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_06737a9306\",\"choices\":[";
                out.add(sse(null, head + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,"
                        + "\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"Qup1BsQ3\"}"));
                for (int i = 0; i < deltas; i++) {
                    out.add(sse(null, head + "{\"index\":0,\"delta\":{\"content\":" + json(word(i)) + "},\"logprobs\":null,"
                            + "\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"" + "yhjoJbEF".substring(0, 3 + i % 6) + "\"}"));
                }
                out.add(sse(null, head + "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null,"
                        + "\"obfuscation\":\"zap0\"}"));
                out.add(sse(null, head + "],\"usage\":{\"prompt_tokens\":16,\"completion_tokens\":" + deltas + ",\"total_tokens\":"
                        + (16 + deltas) + ",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
                        + "\"rejected_prediction_tokens\":0}},\"obfuscation\":\"h9RiQLL\"}"));
                out.add(sse(null, "[DONE]"));
                break;
            }
            case ANTHROPIC: {
                out.add(sse("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\","
                        + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-haiku-4-5-20251001\","
                        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":16,\"cache_creation_input_tokens\":0,"
                        + "\"cache_read_input_tokens\":0,\"output_tokens\":1}}}"));
                out.add(sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
                out.add(sse("ping", "{\"type\": \"ping\"}"));
                for (int i = 0; i < deltas; i++) {
                    out.add(sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                            + json(word(i)) + "}}"));
                }
                out.add(sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
                out.add(sse("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                        + "\"usage\":{\"output_tokens\":" + deltas + "}}"));
                out.add(sse("message_stop", "{\"type\":\"message_stop\"}"));
                break;
            }
            case OLLAMA: {
                for (int i = 0; i < deltas; i++) {
                    out.add(line("{\"model\":\"llama3.2\",\"created_at\":\"2025-08-04T08:52:19.385406455Z\",\"message\":{\"role\":\"assistant\","
                            + "\"content\":" + json(word(i)) + "},\"done\":false}"));
                }
                out.add(line("{\"model\":\"llama3.2\",\"created_at\":\"2025-08-04T08:52:21.499127Z\",\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":4883583458,\"load_duration\":1334875,"
                        + "\"prompt_eval_count\":16,\"prompt_eval_duration\":342546000,\"eval_count\":" + deltas + ",\"eval_duration\":4535599000}"));
                break;
            }
            default:
                return NativeWires.events(format, events);
        }
        return out;
    }

    /** The body of a non-streaming answer. */
    public static byte[] completion(Format format) {
        String text = json(ANSWER_TEXT);
        switch (format) {
            case OPENAI:
                return utf8("{\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion\",\"created\":1741570283,"
                        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + text
                        + ",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":16,"
                        + "\"completion_tokens\":13,\"total_tokens\":29,\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
                        + "\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\",\"system_fingerprint\":\"fp_06737a9306\"}");
            case ANTHROPIC:
                return utf8("{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5-20251001\","
                        + "\"content\":[{\"type\":\"text\",\"text\":" + text + "}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                        + "\"usage\":{\"input_tokens\":16,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":13}}");
            case OLLAMA:
                return utf8("{\"model\":\"llama3.2\",\"created_at\":\"2025-08-04T19:22:45.499127Z\",\"message\":{\"role\":\"assistant\",\"content\":"
                        + text + "},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":4883583458,\"load_duration\":1334875,"
                        + "\"prompt_eval_count\":16,\"prompt_eval_duration\":342546000,\"eval_count\":13,\"eval_duration\":4535599000}");
            default:
                return NativeWires.completion(format, text);
        }
    }

    /** The content type of a stream in [format]. */
    public static String streamContentType(Format format) {
        return format == Format.OLLAMA ? "application/x-ndjson" : NativeWires.contentType(format);
    }

    /** The response head of a stream (chunked transfer coding). */
    public static byte[] streamHead(Format format) {
        String type = streamContentType(format);
        return utf8("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nTransfer-Encoding: chunked\r\nCache-Control: no-cache\r\n"
                + "x-request-id: req_bench0001\r\nrequest-id: req_bench0001\r\n\r\n");
    }

    /** A whole non-streaming HTTP response. */
    public static byte[] completionResponse(Format format) {
        byte[] body = completion(format);
        return concat(utf8("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nx-request-id: req_bench0001\r\nrequest-id: req_bench0001\r\n\r\n"), body);
    }

    /** A whole streamed HTTP response: the head, one HTTP chunk per event, and the last chunk. */
    public static byte[] streamResponse(Format format, int events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(streamHead(format));
        for (byte[] e : events(format, events)) out.writeBytes(httpChunk(e));
        out.writeBytes(LAST_CHUNK);
        return out.toByteArray();
    }

    /** The HTTP chunks of a slow stream, the last one carrying the terminating zero-length chunk. */
    public static byte[][] slowChunks(Format format, int events) {
        List<byte[]> list = events(format, events);
        byte[][] out = new byte[list.size()][];
        for (int i = 0; i < out.length; i++) out[i] = httpChunk(list.get(i));
        out[out.length - 1] = concat(out[out.length - 1], LAST_CHUNK);
        return out;
    }

    /** An HTTP error response with an OpenAI-style body. */
    public static byte[] error(int status, String reason, String message) {
        byte[] body = utf8("{\"error\":{\"message\":" + json(message) + ",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
        return concat(utf8("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n"), body);
    }

    /** The bytes of the whole stream body as a client sees it once the chunked coding is removed. */
    public static int streamBodyBytes(Format format, int events) {
        int n = 0;
        for (byte[] e : events(format, events)) n += e.length;
        return n;
    }

    static final byte[] LAST_CHUNK = utf8("0\r\n\r\n");

    private static byte[] sse(String event, String data) {
        return utf8((event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n");
    }

    private static byte[] line(String json) {
        return utf8(json + "\n");
    }

    private static byte[] httpChunk(byte[] payload) {
        return concat(concat(utf8(Integer.toHexString(payload.length) + "\r\n"), payload), utf8("\r\n"));
    }

    /** [s] as a JSON string literal (the words need no escapes beyond quotes and backslashes). */
    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
