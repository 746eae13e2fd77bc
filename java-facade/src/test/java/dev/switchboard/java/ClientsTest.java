package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.FinishReason;
import dev.switchboard.RequestUsage;
import dev.switchboard.openai.OpenAiCompatible;
import dev.switchboard.replay.Recording;
import dev.switchboard.replay.ReplayChatCompletionClient;
import dev.switchboard.replay.ReplayFile;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientsTest {
    private static final CreateRequest REQUEST = CreateRequest.builder().user("Hello?").build();

    @Test
    void replayFromFilePlaysTheRecordingsInOrder(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("calls.jsonl");
        ReplayFile.append(file, new Recording.Created(
            CreateResult.ofText("first", FinishReason.STOP, RequestUsage.of(2, 1)), "gpt-4o-mini", 1));
        ReplayFile.append(file, new Recording.Created(
            CreateResult.ofText("second", FinishReason.STOP, RequestUsage.of(2, 1)), "gpt-4o-mini", 1));
        try (SwitchboardClient client = Clients.replayFromFile(file)) {
            assertEquals("gpt-4o-mini", client.getModel());
            assertEquals("first", client.create(REQUEST).getContent());
            assertEquals("second", client.create(REQUEST).getContent());
        }
    }

    @Test
    void aRecordingReplaysAsItWasAnswered(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("recorded/calls.jsonl");
        List<ChatStreamEvent> streamed;
        try (SwitchboardClient live = Clients.recording(ReplayChatCompletionClient.builder()
                .result(CreateResult.ofText("answered", FinishReason.STOP, RequestUsage.of(4, 1)))
                .stream(List.of(new ChatStreamEvent.TextDelta("str", 0), new ChatStreamEvent.TextDelta("eamed", 0),
                    new ChatStreamEvent.Completed(CreateResult.ofText("streamed", FinishReason.STOP, RequestUsage.of(4, 2)))))
                .build(), file)) {
            assertEquals("answered", live.create(REQUEST).getContent());
            try (Stream<ChatStreamEvent> events = live.createStreamBlocking(REQUEST)) {
                streamed = events.collect(Collectors.toList());
            }
        }
        try (SwitchboardClient replay = Clients.replayFromFile(file)) {
            assertEquals("answered", replay.create(REQUEST).getContent());
            try (Stream<ChatStreamEvent> events = replay.createStreamBlocking(REQUEST)) {
                assertEquals(streamed, events.collect(Collectors.toList()));
            }
        }
    }

    @Test
    void aMissingReplayFileIsAnIOException(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> Clients.replayFromFile(dir.resolve("missing.jsonl")));
    }

    @Test
    void replayFromResourceReadsTheClasspath() {
        try (SwitchboardClient client = Clients.replayFromResource("replays/greeting.jsonl")) {
            assertEquals("Hello from a recording", client.create(REQUEST).getContent());
            try (Stream<ChatStreamEvent> events = client.createStreamBlocking(REQUEST)) {
                List<ChatStreamEvent> all = events.collect(Collectors.toList());
                assertEquals(List.of(new ChatStreamEvent.TextDelta("Streamed", 0), new ChatStreamEvent.TextDelta(" hello", 0)),
                    all.subList(0, 2));
                assertEquals("Streamed hello", ((ChatStreamEvent.Completed) all.get(2)).getResult().getContent());
            }
        }
    }

    @Test
    void aMissingResourceIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Clients.replayFromResource("replays/nothing-here.jsonl"));
        assertTrue(e.getMessage().contains("replays/nothing-here.jsonl"), e.getMessage());
    }

    @Test
    void replayOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Clients.replay(List.of()));
    }

    @Test
    void openAiFromTheEnvironmentNeedsTheKey() {
        assumeTrue(System.getenv("OPENAI_API_KEY") == null, "OPENAI_API_KEY is set here");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Clients.openAi("gpt-4o-mini"));
        assertTrue(e.getMessage().contains("OPENAI_API_KEY"), e.getMessage());
    }

    @Test
    void aLocalCompatibleServerNeedsNoKey() {
        try (SwitchboardClient client = Clients.openAiCompatible(OpenAiCompatible.OLLAMA, "llama3.2")) {
            assertEquals("llama3.2", client.getModel());
            assertTrue(client.toString().contains("localhost:11434"), client.toString());
        }
    }

    @Test
    void aHostedCompatibleServiceNeedsItsKey() {
        assumeTrue(System.getenv("GROQ_API_KEY") == null, "GROQ_API_KEY is set here");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Clients.openAiCompatible(OpenAiCompatible.GROQ, "llama-3.3-70b-versatile"));
        assertTrue(e.getMessage().contains("GROQ_API_KEY"), e.getMessage());
    }

    @Test
    void nullsAreRefusedUpFront() {
        assertThrows(NullPointerException.class, () -> Clients.wrap(null));
        assertThrows(NullPointerException.class, () -> Clients.openAi(null));
        assertThrows(NullPointerException.class, () -> Clients.openAiCompatible(null, "m"));
    }
}
