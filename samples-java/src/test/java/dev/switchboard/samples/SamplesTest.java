package dev.switchboard.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Every sample runs offline, says so in its first line, and prints what its recordings hold. */
@Isolated
class SamplesTest {
    private final PrintStream originalOut = System.out;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void captureOutput() {
        System.setProperty("switchboard.samples.offline", "true");
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(originalOut);
        System.clearProperty("switchboard.samples.offline");
    }

    private List<String> lines() {
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void quickstartRunsOfflineAndSaysSoFirst() {
        Quickstart.main(new String[0]);
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("Offline: replaying recorded answers"), lines.get(0));
        assertTrue(lines.get(1).startsWith("Answer: Because every model service"), lines.get(1));
        assertEquals("Finish reason: STOP", lines.get(2));
        assertEquals("Tokens: 39 prompt + 31 completion", lines.get(3));
    }

    @Test
    void streamingPrintsTheDeltasInOrderThenTheFinishReason() throws InterruptedException {
        StreamingWithPublisher.main(new String[0]);
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("Tokens drift one by one,\nwords arrive before the thought—\nthe sentence finds its shore.\n"), out);
        assertTrue(out.contains("Finish reason: STOP, completion tokens: 22"), out);
    }

    @Test
    void toolCallRoundTripRunsTheToolAndSendsItsResultBack() {
        ToolCallRoundTrip.main(new String[0]);
        List<String> lines = lines();
        assertEquals("Model called get_weather with {\"city\":\"Paris\"}", lines.get(1));
        assertEquals("Answer: It's 18 °C and partly cloudy in Paris right now.", lines.get(2));
    }

    @Test
    void toolImplementationReadsTheCityFromTheArguments() {
        assertEquals("{\"city\": \"Lyon\", \"temperature_c\": 18, \"sky\": \"partly cloudy\"}",
                ToolCallRoundTrip.weatherIn("{\"city\": \"Lyon\"}"));
    }

    @Test
    void structuredOutputArrivesAsARecord() {
        StructuredOutputRecord.main(new String[0]);
        List<String> lines = lines();
        assertEquals("Recipe: Quick fluffy pancakes (20 minutes)", lines.get(1));
        assertEquals(" - 200 g flour", lines.get(2));
        assertEquals(8, lines.size()); // the offline line, the recipe, six ingredients
    }
}
