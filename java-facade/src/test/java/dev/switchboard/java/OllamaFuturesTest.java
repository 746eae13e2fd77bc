package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.HttpOptions;
import dev.switchboard.ServerException;
import dev.switchboard.ollama.OllamaConfig;
import dev.switchboard.ollama.OllamaModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Ollama's calls that are not model calls, as the facade bridges them to futures ({@code Clients.ollamaModels},
 * {@code Clients.ollamaDiscovered}): completed on the callback pool, failed with typed errors, cancelled with the
 * future.
 */
class OllamaFuturesTest {
    private static final HttpOptions NO_RETRIES = HttpOptions.builder().maxRetries(0).build();

    @Test
    void ollamaModelsListsTheServersModelsAndCompletesOnTheCallbackPool() throws Exception {
        try (LoopbackOpenAi server = new LoopbackOpenAi()) {
            server.respond(LoopbackOpenAi.json(200, "{\"models\":[{\"name\":\"qwen3:8b\",\"size\":5200000000,"
                + "\"details\":{\"family\":\"qwen3\",\"parameter_size\":\"8.2B\"}},{\"name\":\"llama3.2\",\"size\":2000000000}]}"));
            OllamaConfig config = OllamaConfig.builder().baseUrl(server.rootUrl()).build();
            AtomicReference<String> thread = new AtomicReference<>();
            List<OllamaModel> models = Clients.ollamaModels(config)
                .thenApply(m -> { thread.set(Thread.currentThread().getName()); return m; })
                .get(10, TimeUnit.SECONDS);
            assertEquals(List.of("qwen3:8b", "llama3.2"), models.stream().map(OllamaModel::getName).toList());
            assertEquals(5_200_000_000L, models.get(0).getSize());
            assertEquals("8.2B", models.get(0).getParameterSize());
            // The dependent action ran where the future completed (the callback pool), or here if it was already done.
            assertTrue(thread.get().startsWith("switchboard-callback-") || thread.get().equals(Thread.currentThread().getName()),
                thread.get());
            assertTrue(server.takeRequestLine().startsWith("GET /api/tags"));
        }
    }

    @Test
    void ollamaModelsFailsWithTheTypedError() throws Exception {
        try (LoopbackOpenAi server = new LoopbackOpenAi()) {
            server.respond(LoopbackOpenAi.json(500, "{\"error\":\"the server is loading\"}"));
            OllamaConfig config = OllamaConfig.builder().baseUrl(server.rootUrl()).httpOptions(NO_RETRIES).build();
            CompletionException e = assertThrows(CompletionException.class, () -> Clients.ollamaModels(config).join());
            ServerException cause = assertInstanceOf(ServerException.class, e.getCause());
            assertTrue(cause.getMessage().contains("the server is loading"), cause.getMessage());
        }
    }

    @Test
    void cancellingADiscoveryClosesItsConnection() throws Exception {
        try (LoopbackOpenAi server = new LoopbackOpenAi()) {
            LoopbackOpenAi.Hang hang = new LoopbackOpenAi.Hang(false, List.of());
            server.respond(hang);
            OllamaConfig config = OllamaConfig.builder().baseUrl(server.rootUrl()).httpOptions(NO_RETRIES).build();
            CompletableFuture<SwitchboardClient> discovery = Clients.ollamaDiscovered("llama3.2", config);
            hang.awaitOpen();
            long cancelledAt = System.nanoTime();
            assertTrue(discovery.cancel(true));
            hang.closedWithin(cancelledAt, Duration.ofSeconds(2));
            assertTrue(discovery.isCancelled());
        }
    }
}
