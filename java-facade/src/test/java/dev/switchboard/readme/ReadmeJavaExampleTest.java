package dev.switchboard.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The Java example of README.md, section "Java", run against a loopback server that speaks the OpenAI Chat
 * Completions API. It sits in a package of its own so that it compiles with exactly the README's imports, as a
 * user's code would; {@link #theExampleHereIsTheReadmeExample} checks that it is the README's text, line for
 * line, except that the client is pointed at the loopback server instead of reading {@code OPENAI_API_KEY}.
 */
@Isolated // it captures System.out
class ReadmeJavaExampleTest {
    private static final String README_FIRST_LINE =
        "try (SwitchboardClient client = Clients.openAi(\"gpt-4o-mini\")) {        // key from OPENAI_API_KEY";
    private static final String TEST_FIRST_LINE =
        "try (SwitchboardClient client = Clients.openAi(\"gpt-4o-mini\", loopbackConfig)) {";
    private static final String BEGIN = "// README.md \"Java\" begins";
    private static final String END = "// README.md \"Java\" ends";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theReadmeExampleRunsAndPrintsWhatTheServerAnswered() throws Exception {
        String usage = "RequestUsage(promptTokens=9, completionTokens=4, cachedTokens=0, reasoningTokens=0, cacheWriteTokens=0)";
        try (LoopbackOpenAi server = new LoopbackOpenAi()) {
            server.respond(LoopbackOpenAi.inOrder(
                LoopbackOpenAi.json(200, LoopbackOpenAi.completion("Java, Kotlin and Scala.")),
                LoopbackOpenAi.json(200, LoopbackOpenAi.completion("Kotlin, Scala and Clojure.")),
                LoopbackOpenAi.sse(List.of(LoopbackOpenAi.delta("Groovy, "), LoopbackOpenAi.delta("Java and Kotlin."),
                    LoopbackOpenAi.finish(), LoopbackOpenAi.usage(9, 6))),
                LoopbackOpenAi.json(200, LoopbackOpenAi.completion(
                    "{\"name\":\"Tokyo\",\"country\":\"Japan\",\"population\":14000000}"))));
            OpenAiConfig loopbackConfig = OpenAiConfig.builder()
                .apiKey("sk-readme-0123456789abcdef")
                .baseUrl(server.baseUrl())
                .build();

            List<String> printed = printedBy(() -> {
                // README.md "Java" begins
                try (SwitchboardClient client = Clients.openAi("gpt-4o-mini", loopbackConfig)) {
                    CreateRequest request = CreateRequest.builder()
                            .system("You are a concise assistant.")
                            .user("Name three JVM languages.")
                            .temperature(0.2)
                            .build();

                    CreateResult result = client.create(request);                       // blocking
                    System.out.println(result.getContent() + " " + result.getUsage());

                    client.createAsync(request)                                         // CompletableFuture; cancel(true) cancels the HTTP call
                          .thenAccept(r -> System.out.println(r.getContent()))
                          .join();                                                      // closing the client would cancel it

                    try (Stream<ChatStreamEvent> events = client.createStreamBlocking(request)) {   // closing it closes the connection
                        events.forEach(event -> {
                            if (event instanceof ChatStreamEvent.TextDelta delta) System.out.print(delta.getText());
                            if (event instanceof ChatStreamEvent.Completed done) System.out.println(" " + done.getResult().getUsage());
                        });
                    }
                    // createStream(request): Flow.Publisher<ChatStreamEvent> (see StreamingWithPublisher);
                    // createStreamReactive(request): org.reactivestreams.Publisher

                    record City(String name, String country, int population) {}
                    City city = client.createStructured(CreateRequest.builder().user("The largest city in Japan").build(),
                            City.class).value();                                       // JSON schema from the record, value parsed into it
                    System.out.println(city);
                }
                // README.md "Java" ends
            });

            assertEquals(List.of(
                "Java, Kotlin and Scala. " + usage,
                "Kotlin, Scala and Clojure.",
                "Groovy, Java and Kotlin. " + usage.replace("completionTokens=4", "completionTokens=6"),
                "City[name=Tokyo, country=Japan, population=14000000]"), printed);

            JsonNode first = JSON.readTree(server.takeRequestBody());
            assertEquals(JSON.readTree("[{\"role\":\"system\",\"content\":\"You are a concise assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"Name three JVM languages.\"}]"), first.get("messages"));
            assertEquals(0.2, first.get("temperature").asDouble());
            assertEquals(first, JSON.readTree(server.takeRequestBody()), "the async call sends the same request");
            assertTrue(JSON.readTree(server.takeRequestBody()).get("stream").asBoolean());
            JsonNode format = JSON.readTree(server.takeRequestBody()).get("response_format");
            assertEquals("City", format.get("json_schema").get("name").asText());
            assertEquals(List.of("name", "country", "population"),
                fieldNames(format.get("json_schema").get("schema").get("properties")));
        }
    }

    @Test
    void theExampleHereIsTheReadmeExample() throws IOException {
        Path root = Path.of(System.getProperty("switchboard.repoRoot", "../"));
        List<String> readme = Files.readAllLines(root.resolve("README.md"));
        List<String> source = Files.readAllLines(
            root.resolve("java-facade/src/test/java/dev/switchboard/readme/ReadmeJavaExampleTest.java"));

        List<String> block = fencedBlockAfter(readme, "## Java", "```java");
        List<String> imports = new ArrayList<>();
        while (!block.isEmpty() && (block.get(0).startsWith("import ") || block.get(0).isBlank())) {
            if (!block.get(0).isBlank()) imports.add(block.get(0));
            block.remove(0);
        }
        assertFalse(imports.isEmpty(), "the README example starts with its imports");
        for (String line : imports) assertTrue(source.contains(line), "this test lacks the README's " + line);

        List<String> example = dedent(block);
        List<String> here = dedent(between(source, BEGIN, END));
        assertEquals(README_FIRST_LINE, example.get(0));
        assertEquals(TEST_FIRST_LINE, here.get(0));
        for (int i = 1; i < Math.min(example.size(), here.size()); i++) {
            assertEquals(example.get(i), here.get(i),
                "line " + (i + 1) + " of the README's Java example differs from this test's code: change both together");
        }
        assertEquals(example.size(), here.size(), "the README's Java example and this test's code differ in length");
    }

    /** The lines {@code code} prints to {@code System.out}. */
    static List<String> printedBy(Runnable code) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The lines of the first fenced block opened by {@code fence} after the line {@code heading}. */
    static List<String> fencedBlockAfter(List<String> lines, String heading, String fence) {
        int start = lines.indexOf(heading);
        assertTrue(start >= 0, "README.md has no line " + heading);
        while (start < lines.size() && !lines.get(start).equals(fence)) start++;
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).equals("```")) end++;
        assertTrue(end < lines.size(), "no " + fence + " block after " + heading);
        return new ArrayList<>(lines.subList(start + 1, end));
    }

    /** The lines strictly between the lines that, trimmed, are {@code begin} and {@code end}. */
    static List<String> between(List<String> lines, String begin, String end) {
        int from = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(begin)) from = i + 1;
            if (lines.get(i).trim().equals(end) && from >= 0) return new ArrayList<>(lines.subList(from, i));
        }
        throw new AssertionError("no lines between " + begin + " and " + end);
    }

    /** {@code lines} without their common indentation and trailing blanks. */
    static List<String> dedent(List<String> lines) {
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) indent = Math.min(indent, line.length() - line.stripLeading().length());
        }
        List<String> out = new ArrayList<>();
        for (String line : lines) out.add(line.isBlank() ? "" : line.substring(indent).stripTrailing());
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }
}
