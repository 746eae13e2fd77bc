package dev.switchboard.llamacpp;

import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.FinishReason;
import dev.switchboard.GuidedDecoding;
import dev.switchboard.NotFoundException;
import dev.switchboard.ResponseFormat;
import kotlinx.coroutines.BuildersKt;
import kotlinx.coroutines.Dispatchers;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a Java user types to configure the client and run a constrained request (the facade adds futures on top). */
class LlamaCppJavaApiTest {
    @Test
    void configuresAndRunsAGrammarConstrainedRequest() throws Exception {
        Path file = RandomGgufModel.writeTemp();
        LlamaCppConfig config = LlamaCppConfig.builder(file).contextSize(512).parallel(2).threads(1).promptCache(false).build();
        assertEquals(2, config.getParallel());
        assertTrue(config.toString().contains("parallel=2"));
        try (LlamaCppChatCompletionClient client = LlamaCppChatCompletionClient.open(config)) {
            assertEquals(2, client.getSlots());
            assertEquals(256, client.getModelInfo().getContextWindow());
            CreateRequest request = CreateRequest.builder()
                .user("Pick one")
                .guidedDecoding(GuidedDecoding.choice("left", "right"))
                .seed(1L)
                .maxTokens(8)
                .build();
            CreateResult result = BuildersKt.runBlocking(Dispatchers.getIO(), (scope, continuation) -> client.create(request, continuation));
            assertTrue(List.of("left", "right").contains(result.getContent()));
            assertEquals(FinishReason.STOP, result.getFinishReason());
            assertTrue(client.getModelInfo().isStructuredOutput());
            assertTrue(ResponseFormat.jsonSchema("x", "{\"type\":\"object\"}") instanceof ResponseFormat.JsonSchema);
        }
    }

    @Test
    void aMissingFileIsNotFoundNamingThePath() {
        Path missing = Path.of("does-not-exist.gguf");
        NotFoundException e = assertThrows(NotFoundException.class, () -> LlamaCppChatCompletionClient.open(missing));
        assertTrue(e.getMessage().contains("does-not-exist.gguf"), e.getMessage());
    }
}
