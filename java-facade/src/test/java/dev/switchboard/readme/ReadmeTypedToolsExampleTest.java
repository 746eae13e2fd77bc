package dev.switchboard.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.*;
import dev.switchboard.java.*;
import dev.switchboard.openai.OpenAiConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The Java example of README.md, section "Typed tools", run against a loopback server that speaks the OpenAI
 * Chat Completions API: the model calls the tool twice, once with arguments that fit the record and once
 * with arguments that do not, and both calls are answered. {@link #theExampleHereIsTheReadmeExample} checks
 * that the code is the README's, line for line.
 */
@Isolated // it captures System.out
class ReadmeTypedToolsExampleTest {
    private static final String BEGIN = "// README.md \"Typed tools\" begins";
    private static final String END = "// README.md \"Typed tools\" ends";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theReadmeExampleAnswersEveryCallFittingOrNot() throws Exception {
        String calls = "{\"id\":\"chatcmpl-r1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
            + "{\"id\":\"call_ok\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\",\\\"unit\\\":null}\"}},"
            + "{\"id\":\"call_bad\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"arguments\":\"{\\\"town\\\":\\\"Oslo\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
            + "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":20,\"total_tokens\":50}}";
        try (LoopbackOpenAi server = new LoopbackOpenAi()) {
            server.respond(LoopbackOpenAi.inOrder(
                LoopbackOpenAi.json(200, calls),
                LoopbackOpenAi.json(200, LoopbackOpenAi.completion("It is 12 °C in Oslo."))));
            OpenAiConfig config = OpenAiConfig.builder().apiKey("sk-readme-0123456789abcdef").baseUrl(server.baseUrl()).build();
            PrintStream original = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try (SwitchboardClient client = Clients.openAi("gpt-4o-mini", config)) {
                // README.md "Typed tools" begins
                record Weather(String city, Optional<String> unit) {}

                Tool weather = JavaTools.of("get_weather", "The current weather in a city", Weather.class);
                CreateRequest ask = CreateRequest.builder().user("Weather in Oslo?").tool(weather).build();
                CreateResult result = client.create(ask);
                List<FunctionExecutionResult> answers = new ArrayList<>();
                for (FunctionCall call : result.getToolCalls()) {
                    try {
                        Weather args = JavaTools.arguments(call, Weather.class);
                        answers.add(FunctionExecutionResult.of(call.getId(), call.getName(), "12 °C in " + args.city()));
                    } catch (ToolArgumentsException e) {                     // the model's arguments do not fit Weather
                        answers.add(FunctionExecutionResult.error(call.getId(), call.getName(), e.getMessage()));
                    }
                }
                CreateRequest next = ask.newBuilder().message(result.toAssistantMessage()).message(ToolResultMessage.of(answers)).build();
                System.out.println(client.create(next).getContent());
                // README.md "Typed tools" ends
            } finally {
                System.setOut(original);
            }
            assertEquals(List.of("It is 12 °C in Oslo."), captured.toString(StandardCharsets.UTF_8).lines().toList());

            JsonNode tool = JSON.readTree(server.takeRequestBody()).get("tools").get(0).get("function");
            assertEquals("get_weather", tool.get("name").asText());
            assertEquals(List.of("city", "unit"), names(tool.get("parameters").get("required")));
            JsonNode messages = JSON.readTree(server.takeRequestBody()).get("messages");
            JsonNode ok = messages.get(messages.size() - 2);
            JsonNode bad = messages.get(messages.size() - 1);
            assertEquals("call_ok", ok.get("tool_call_id").asText());
            assertEquals("12 °C in Oslo", ok.get("content").asText());
            assertEquals("call_bad", bad.get("tool_call_id").asText());
            assertTrue(bad.get("content").asText().contains("tool 'get_weather'"), bad.toString());
            assertTrue(bad.get("content").asText().contains("city"), bad.toString());
        }
    }

    @Test
    void theExampleHereIsTheReadmeExample() throws IOException {
        Path root = Path.of(System.getProperty("switchboard.repoRoot", "../"));
        List<String> readme = Files.readAllLines(root.resolve("README.md"));
        List<String> source = Files.readAllLines(
            root.resolve("java-facade/src/test/java/dev/switchboard/readme/ReadmeTypedToolsExampleTest.java"));
        List<String> example = ReadmeJavaExampleTest.dedent(ReadmeJavaExampleTest.fencedBlockAfter(readme, "### Typed tools", "```java"));
        List<String> here = ReadmeJavaExampleTest.dedent(ReadmeJavaExampleTest.between(source, BEGIN, END));
        assertEquals(example, here, "the README's typed-tools Java example differs from this test's code: change both together");
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
