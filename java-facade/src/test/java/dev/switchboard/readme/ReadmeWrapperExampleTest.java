package dev.switchboard.readme;

import static dev.switchboard.readme.ReadmeJavaExampleTest.between;
import static dev.switchboard.readme.ReadmeJavaExampleTest.dedent;
import static dev.switchboard.readme.ReadmeJavaExampleTest.fencedBlockAfter;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.*;
import dev.switchboard.java.*;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** The Java wrapper of README.md's "Writing a wrapper", run around a replay and checked to be the README's text. */
@Isolated // it captures System.out
class ReadmeWrapperExampleTest {
    private static final String README_FIRST_LINE =
        "try (SwitchboardClient client = Clients.custom(new TaggingClient(Clients.openAi(\"gpt-4o-mini\")))) {";
    private static final String TEST_FIRST_LINE =
        "try (SwitchboardClient client = Clients.custom(new TaggingClient(Clients.replay(List.of(HI))))) {";
    private static final CreateResult HI = CreateResult.ofText("Hi!", FinishReason.STOP, RequestUsage.of(2, 1));

    // README.md "Writing a wrapper" class begins
    final class TaggingClient extends ForwardingModelClient {
        TaggingClient(SwitchboardClient delegate) { super(delegate); }

        @Override public CompletableFuture<CreateResult> createAsync(CreateRequest request) {
            return super.createAsync(request.newBuilder().header("X-Team", "search").build());
        }
    }
    // README.md "Writing a wrapper" class ends

    @Test
    void theWrapperAnswersThroughTheWrappedClient() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // README.md "Writing a wrapper" use begins
            try (SwitchboardClient client = Clients.custom(new TaggingClient(Clients.replay(List.of(HI))))) {
                System.out.println(client.create(CreateRequest.builder().user("Hi").build()).getContent());
            }
            // README.md "Writing a wrapper" use ends
        } finally {
            System.setOut(original);
        }
        assertEquals(List.of("Hi!"), captured.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void theExampleHereIsTheReadmes() throws IOException {
        Path root = Path.of(System.getProperty("switchboard.repoRoot", "../"));
        List<String> readme = Files.readAllLines(root.resolve("README.md"));
        List<String> source = Files.readAllLines(
            root.resolve("java-facade/src/test/java/dev/switchboard/readme/ReadmeWrapperExampleTest.java"));
        List<String> block = dedent(fencedBlockAfter(readme, "### Writing a wrapper", "```java"));
        List<String> expected = new java.util.ArrayList<>(dedent(between(source,
            "// README.md \"Writing a wrapper\" class begins", "// README.md \"Writing a wrapper\" class ends")));
        expected.add("");
        List<String> use = dedent(between(source,
            "// README.md \"Writing a wrapper\" use begins", "// README.md \"Writing a wrapper\" use ends"));
        assertEquals(TEST_FIRST_LINE, use.get(0));
        expected.add(README_FIRST_LINE);
        expected.addAll(use.subList(1, use.size()));
        assertEquals(expected, block, "the README's wrapper example differs from this test's code: change both together");
    }
}
