package dev.switchboard.java;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.FinishReason;
import dev.switchboard.GuidedDecoding;
import dev.switchboard.NotFoundException;
import dev.switchboard.llamacpp.LlamaCppConfig;
import dev.switchboard.llamacpp.RandomGgufModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code LocalModels.llamaCpp}: a local GGUF model (the random tiny one) through the facade, as a Java user calls it. */
class LlamaCppFactoriesTest {
    record Verdict(boolean answer, int score) {}

    /** Bans whitespace in the random model's answers (its token ids: ▁, and the bytes tab, newline, CR, space), or its noise pads JSON. */
    private static CreateRequest.Builder noWhitespace(CreateRequest.Builder b) {
        for (int id : new int[] {261, 14, 15, 18, 37}) b.logitBias(Integer.toString(id), -100);
        for (int id = 5 + 0x80; id <= 5 + 0xFF; id++) b.logitBias(Integer.toString(id), -100);
        return b;
    }

    @Test
    void aLocalModelAnswersUnderConstraintsStreamsAndFillsARecord() {
        Path file = RandomGgufModel.writeTemp();
        try (SwitchboardClient client = LocalModels.llamaCpp(LlamaCppConfig.builder(file).contextSize(1024).threads(1).build())) {
            CreateRequest yesNo = CreateRequest.builder().user("Is it?").guidedDecoding(GuidedDecoding.choice("yes", "no")).maxTokens(8).build();
            assertTrue(List.of("yes", "no").contains(client.create(yesNo).getContent()));
            assertTrue(List.of("yes", "no").contains(client.createAsync(yesNo).join().getContent()));

            List<ChatStreamEvent> events;
            try (Stream<ChatStreamEvent> stream = client.createStreamBlocking(CreateRequest.builder().user("Hi").maxTokens(6).seed(1L).build())) {
                events = stream.collect(Collectors.toList());
            }
            CreateResult done = ((ChatStreamEvent.Completed) events.get(events.size() - 1)).getResult();
            String text = events.stream().filter(e -> e instanceof ChatStreamEvent.TextDelta)
                .map(e -> ((ChatStreamEvent.TextDelta) e).getText()).collect(Collectors.joining());
            assertEquals(done.getContent(), text);

            CreateRequest ask = noWhitespace(CreateRequest.builder().user("Verdict?").maxTokens(200).seed(2L)).build();
            // Parsing into the record throws unless the answer is JSON of its schema: the grammar guarantees it.
            StructuredResult<Verdict> verdict = client.createStructured(ask, Verdict.class);
            assertEquals(FinishReason.STOP, verdict.result().getFinishReason());
            assertTrue(verdict.result().getContent().contains("\"score\":" + verdict.value().score()), verdict.result().getContent());
        }
    }

    @Test
    void aMissingModelFileIsNotFoundNamingIt() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> LocalModels.llamaCpp(Path.of("no-such-model.gguf")));
        assertTrue(e.getMessage().contains("no-such-model.gguf"), e.getMessage());
    }
}
