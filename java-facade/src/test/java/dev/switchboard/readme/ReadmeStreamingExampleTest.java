package dev.switchboard.readme;

import static dev.switchboard.readme.ReadmeJavaExampleTest.between;
import static dev.switchboard.readme.ReadmeJavaExampleTest.dedent;
import static dev.switchboard.readme.ReadmeJavaExampleTest.fencedBlockAfter;
import static dev.switchboard.readme.ReadmeJavaExampleTest.printedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.*;
import dev.switchboard.java.*;
import dev.switchboard.openai.OpenAiConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The examples of README.md's "Streaming in ten lines" (against a loopback server) and "A model client of your own",
 * compiled with the README's imports and checked to be its text.
 */
@Isolated // it captures System.out
class ReadmeStreamingExampleTest {
    private static final String README_FIRST_LINE =
        "try (SwitchboardClient client = Clients.openAi(\"gpt-4o-mini\")) {        // key from OPENAI_API_KEY";
    private static final String TEST_FIRST_LINE =
        "try (SwitchboardClient client = Clients.openAi(\"gpt-4o-mini\", loopbackConfig)) {";

    // README.md "A model client of your own" class begins
    final class EchoModel extends ModelClient {
        EchoModel() { super("echo-1", ModelInfo.builder().vision(false).build()); }

        @Override public CompletableFuture<CreateResult> createAsync(CreateRequest request) {
            return CompletableFuture.supplyAsync(() ->                     // do the work off the caller's thread
                CreateResult.ofText("Hello from Java", FinishReason.STOP, RequestUsage.of(3, 3)));
        }
    }
    // README.md "A model client of your own" class ends

    @Test
    void theStreamingExampleRunsAndPrintsTheTextAsItArrives() throws Exception {
        try (LoopbackOpenAi server = new LoopbackOpenAi()) {
            server.respond(LoopbackOpenAi.sse(List.of(LoopbackOpenAi.delta("Bytecode "), LoopbackOpenAi.delta("hums"),
                LoopbackOpenAi.finish(), LoopbackOpenAi.usage(9, 5))));
            OpenAiConfig loopbackConfig = OpenAiConfig.builder()
                .apiKey("sk-readme-0123456789abcdef")
                .baseUrl(server.baseUrl())
                .build();
            List<String> printed = printedBy(() -> {
                // README.md "Streaming" begins
                try (SwitchboardClient client = Clients.openAi("gpt-4o-mini", loopbackConfig)) {
                    CreateRequest request = CreateRequest.builder().user("Write a haiku about the JVM.").build();
                    CreateResult result = client.createStream(request, new StreamListener() {
                        @Override public void onText(String text) { System.out.print(text); }   // as the tokens arrive
                    }).join();                                                            // cancel(true) closes the connection
                    System.out.println();
                    System.out.println(result.getFinishReason() + ", " + result.getUsage().getCompletionTokens() + " tokens");
                }
                // README.md "Streaming" ends
            });
            assertEquals(List.of("Bytecode hums", "STOP, 5 tokens"), printed);
        }
    }

    @Test
    void theModelClientExampleAnswers() {
        List<String> printed = printedBy(() -> {
            // README.md "A model client of your own" use begins
            try (SwitchboardClient client = Clients.custom(new EchoModel())) {
                System.out.println(client.create(CreateRequest.builder().user("Hi").build()).getContent());
            }
            // README.md "A model client of your own" use ends
        });
        assertEquals(List.of("Hello from Java"), printed);
    }

    @Test
    void theExamplesHereAreTheReadmes() throws IOException {
        Path root = Path.of(System.getProperty("switchboard.repoRoot", "../"));
        List<String> readme = Files.readAllLines(root.resolve("README.md"));
        List<String> source = Files.readAllLines(
            root.resolve("java-facade/src/test/java/dev/switchboard/readme/ReadmeStreamingExampleTest.java"));

        List<String> streaming = dedent(fencedBlockAfter(readme, "### Streaming in ten lines", "```java"));
        List<String> here = dedent(between(source, "// README.md \"Streaming\" begins", "// README.md \"Streaming\" ends"));
        assertEquals(README_FIRST_LINE, streaming.get(0));
        assertEquals(TEST_FIRST_LINE, here.get(0));
        assertEquals(streaming.subList(1, streaming.size()), here.subList(1, here.size()),
            "the README's streaming example differs from this test's code: change both together");

        List<String> custom = dedent(fencedBlockAfter(readme, "### A model client of your own", "```java"));
        List<String> model = dedent(between(source,
            "// README.md \"A model client of your own\" class begins", "// README.md \"A model client of your own\" class ends"));
        List<String> use = dedent(between(source,
            "// README.md \"A model client of your own\" use begins", "// README.md \"A model client of your own\" use ends"));
        List<String> expected = new java.util.ArrayList<>(model);
        expected.add("");
        expected.addAll(use);
        assertEquals(expected, custom, "the README's model client example differs from this test's code");
    }
}
