package dev.switchboard.bench.server;

import static dev.switchboard.bench.server.Payloads.utf8;
import static dev.switchboard.bench.server.Payloads.word;

import dev.switchboard.bench.server.Payloads.Format;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The wire formats of the native providers added after the first three (OpenAI's Responses API, Gemini, Cohere v2,
 * Bedrock ConverseStream), shaped as the providers' recorded streams are: the same answer text as {@link Payloads}'
 * formats, one word per content event, with the opening, closing and usage events each API sends.
 */
final class NativeWires {
    private NativeWires() {
    }

    /** How many content deltas a stream of [events] events holds in [format]. */
    static int contentDeltas(Format format, int events) {
        switch (format) {
            case RESPONSES: return events - 8;  // created, in_progress, item added, part added, ..., text done, part done, item done, completed
            case GEMINI: return events;         // every chunk carries text; the last one the finish reason and usage
            case COHERE: return events - 4;     // message-start, content-start, ..., content-end, message-end
            case BEDROCK: return events - 4;    // messageStart, ..., contentBlockStop, messageStop, metadata
            default: throw new IllegalArgumentException(format.name());
        }
    }

    static List<byte[]> events(Format format, int events) {
        int deltas = contentDeltas(format, events);
        List<byte[]> out = new ArrayList<>(events);
        StringBuilder text = new StringBuilder();
        switch (format) {
            case RESPONSES: {
                out.add(responses("response.created", "\"response\":" + response("in_progress", null, null)));
                out.add(responses("response.in_progress", "\"response\":" + response("in_progress", null, null)));
                out.add(responses("response.output_item.added", "\"output_index\":0,\"item\":{\"id\":\"msg_67ccd2bf17f0819081ff3bb2cf6508e6\","
                        + "\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],\"role\":\"assistant\"}"));
                out.add(responses("response.content_part.added", "\"item_id\":\"msg_67ccd2bf17f0819081ff3bb2cf6508e6\",\"output_index\":0,"
                        + "\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],\"text\":\"\"}"));
                for (int i = 0; i < deltas; i++) {
                    text.append(word(i));
                    out.add(responses("response.output_text.delta", "\"item_id\":\"msg_67ccd2bf17f0819081ff3bb2cf6508e6\",\"output_index\":0,"
                            + "\"content_index\":0,\"delta\":" + json(word(i)) + ",\"logprobs\":[]"));
                }
                String all = json(text.toString());
                out.add(responses("response.output_text.done", "\"item_id\":\"msg_67ccd2bf17f0819081ff3bb2cf6508e6\",\"output_index\":0,"
                        + "\"content_index\":0,\"text\":" + all + ",\"logprobs\":[]"));
                out.add(responses("response.content_part.done", "\"item_id\":\"msg_67ccd2bf17f0819081ff3bb2cf6508e6\",\"output_index\":0,"
                        + "\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],\"text\":" + all + "}"));
                out.add(responses("response.output_item.done", "\"output_index\":0,\"item\":" + message(all)));
                out.add(responses("response.completed", "\"response\":" + response("completed", message(all), deltas)));
                break;
            }
            case GEMINI:
                for (int i = 0; i < deltas; i++) {
                    boolean last = i == deltas - 1;
                    out.add(utf8("data: " + gemini(json(word(i)), last ? "STOP" : null, last ? deltas : -1) + "\r\n\r\n"));
                }
                break;
            case COHERE:
                out.add(cohere("{\"id\":\"c14c80c3-18eb-4519-9460-6c92edd8cfb4\",\"type\":\"message-start\",\"delta\":{\"message\":"
                        + "{\"role\":\"assistant\",\"content\":[],\"tool_plan\":\"\",\"tool_calls\":[],\"citations\":[]}}}"));
                out.add(cohere("{\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"text\",\"text\":\"\"}}}}"));
                for (int i = 0; i < deltas; i++) {
                    out.add(cohere("{\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":" + json(word(i)) + "}}}}"));
                }
                out.add(cohere("{\"type\":\"content-end\",\"index\":0}"));
                out.add(cohere("{\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\",\"usage\":" + cohereUsage(deltas) + "}}"));
                break;
            case BEDROCK:
                out.add(bedrock("messageStart", "{\"role\":\"assistant\",\"p\":\"abcdefghijklmn\"}"));
                for (int i = 0; i < deltas; i++) {
                    out.add(bedrock("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":" + json(word(i))
                            + "},\"p\":\"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY\"}"));
                }
                out.add(bedrock("contentBlockStop", "{\"contentBlockIndex\":0,\"p\":\"abcdefghijklmnopqrstuvwxyzAB\"}"));
                out.add(bedrock("messageStop", "{\"stopReason\":\"end_turn\",\"p\":\"abcdefghijklmnopqrstuvwxyzABCDEFGH\"}"));
                out.add(bedrock("metadata", "{\"usage\":{\"inputTokens\":16,\"outputTokens\":" + deltas + ",\"totalTokens\":" + (16 + deltas)
                        + "},\"metrics\":{\"latencyMs\":412},\"p\":\"abcdefghijklmnopqrstuvwxyzABCDEF\"}"));
                break;
            default:
                throw new IllegalArgumentException(format.name());
        }
        return out;
    }

    static byte[] completion(Format format, String text) {
        switch (format) {
            case RESPONSES: return utf8(response("completed", message(text), 13));
            case GEMINI: return utf8(gemini(text, "STOP", 13));
            case COHERE:
                return utf8("{\"id\":\"c14c80c3-18eb-4519-9460-6c92edd8cfb4\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
                        + "\"text\":" + text + "}]},\"finish_reason\":\"COMPLETE\",\"usage\":" + cohereUsage(13) + "}");
            case BEDROCK:
                return utf8("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":" + text + "}]}},\"stopReason\":\"end_turn\","
                        + "\"usage\":{\"inputTokens\":16,\"outputTokens\":13,\"totalTokens\":29},\"metrics\":{\"latencyMs\":321}}");
            default: throw new IllegalArgumentException(format.name());
        }
    }

    static String contentType(Format format) {
        return format == Format.BEDROCK ? "application/vnd.amazon.eventstream" : "text/event-stream; charset=utf-8";
    }

    private static byte[] responses(String type, String fields) {
        return utf8("event: " + type + "\ndata: {\"type\":\"" + type + "\",\"sequence_number\":0," + fields + "}\n\n");
    }

    private static String message(String textJson) {
        return "{\"id\":\"msg_67ccd2bf17f0819081ff3bb2cf6508e6\",\"type\":\"message\",\"status\":\"completed\",\"content\":[{\"type\":"
                + "\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":" + textJson + "}],\"role\":\"assistant\"}";
    }

    private static String response(String status, String item, Integer outputTokens) {
        String usage = outputTokens == null ? "null" : "{\"input_tokens\":16,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":"
                + outputTokens + ",\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":" + (16 + outputTokens) + "}";
        return "{\"id\":\"resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b\",\"object\":\"response\",\"created_at\":1741476542,"
                + "\"status\":\"" + status + "\",\"error\":null,\"incomplete_details\":null,\"instructions\":null,\"max_output_tokens\":null,"
                + "\"model\":\"gpt-4.1-2025-04-14\",\"output\":[" + (item == null ? "" : item) + "],\"parallel_tool_calls\":true,"
                + "\"previous_response_id\":null,\"reasoning\":{\"effort\":null,\"summary\":null},\"store\":true,\"temperature\":1.0,"
                + "\"text\":{\"format\":{\"type\":\"text\"}},\"tool_choice\":\"auto\",\"tools\":[],\"top_p\":1.0,\"truncation\":\"disabled\","
                + "\"usage\":" + usage + ",\"user\":null,\"metadata\":{}}";
    }

    private static String gemini(String textJson, String finish, int outputTokens) {
        return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":" + textJson + "}],\"role\":\"model\"}"
                + (finish == null ? "" : ",\"finishReason\":\"" + finish + "\"") + ",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":16" + (outputTokens < 0 ? "" : ",\"candidatesTokenCount\":" + outputTokens
                + ",\"totalTokenCount\":" + (16 + outputTokens)) + "},\"modelVersion\":\"gemini-2.0-flash\",\"responseId\":\"kxIDaNjaGs-nkdUPwJ7G8Qs\"}";
    }

    private static byte[] cohere(String data) {
        return utf8("event: " + data.substring(data.indexOf("\"type\":\"") + 8, data.indexOf('"', data.indexOf("\"type\":\"") + 8)) + "\ndata: " + data + "\n\n");
    }

    private static String cohereUsage(int outputTokens) {
        return "{\"billed_units\":{\"input_tokens\":16,\"output_tokens\":" + outputTokens + "},\"tokens\":{\"input_tokens\":210,\"output_tokens\":"
                + outputTokens + "}}";
    }

    /** One binary event-stream message: prelude (total and headers length, CRC), headers, payload, message CRC. */
    static byte[] bedrock(String eventType, String payload) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":event-type", eventType);
        headers.put(":content-type", "application/json");
        headers.put(":message-type", "event");
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
            h.write(name.length);
            h.writeBytes(name);
            h.write(7); // string
            h.write(value.length >> 8);
            h.write(value.length & 0xff);
            h.writeBytes(value);
        }
        byte[] head = h.toByteArray();
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        int total = 12 + head.length + body.length + 4;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putInt(total).putInt(head.length);
        b.putInt((int) crc(b.array(), 0, 8));
        b.put(head).put(body);
        b.putInt((int) crc(b.array(), 0, total - 4));
        return b.array();
    }

    private static long crc(byte[] bytes, int from, int length) {
        CRC32 c = new CRC32();
        c.update(bytes, from, length);
        return c.getValue();
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
