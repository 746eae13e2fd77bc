package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.FinishReason;
import dev.switchboard.HttpOptions;
import dev.switchboard.ModelInfo;
import dev.switchboard.NotFoundException;
import dev.switchboard.ContentFilterException;
import dev.switchboard.anthropic.AnthropicConfig;
import dev.switchboard.auth.AccessToken;
import dev.switchboard.azure.inference.AzureAiInferenceConfig;
import dev.switchboard.openai.AzureOpenAiConfig;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import dev.switchboard.ollama.OllamaConfig;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each provider's factory in {@link Clients}, as a Java user calls it, against a loopback server speaking that provider's API. */
class ProviderFactoriesTest {
    private static final CreateRequest REQUEST = CreateRequest.builder().system("Be brief.").user("Hello?").build();
    private static final HttpOptions NO_RETRIES = HttpOptions.builder().maxRetries(0).build();

    @Test
    void anthropicAnswersThroughTheMessagesApi() throws Exception {
        try (LoopbackOpenAi server = new LoopbackOpenAi()) {
            server.respond(LoopbackOpenAi.json(200, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"Hello from Claude\"}],"
                + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}"));
            AnthropicConfig config = AnthropicConfig.builder().apiKey("test-" + "anthropic-key").baseUrl(server.rootUrl()).build();
            try (SwitchboardClient client = Clients.anthropic("claude-sonnet-4-5", config)) {
                CreateResult result = client.create(REQUEST);
                assertEquals("Hello from Claude", result.getContent());
                assertEquals(FinishReason.STOP, result.getFinishReason());
                assertEquals(10, result.getUsage().getPromptTokens());
                assertTrue(client.getModelInfo().isVision(), "Claude Sonnet 4.5 sees images");
                assertFalse(client.toString().contains("anthropic-key"), client.toString());
            }
            String body = server.takeRequestBody();
            assertTrue(body.contains("\"system\""), body);
            assertTrue(body.contains("\"max_tokens\""), body);
        }
    }

    @Test
    void anthropicErrorsAreTyped() throws Exception {
        try (LoopbackOpenAi server = new LoopbackOpenAi()) {
            server.respond(LoopbackOpenAi.json(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                + "\"message\":\"invalid x-api-key\"}}"));
            AnthropicConfig config = AnthropicConfig.builder().apiKey("test-" + "anthropic-key").baseUrl(server.rootUrl())
                .httpOptions(NO_RETRIES).build();
            try (SwitchboardClient client = Clients.anthropic("claude-sonnet-4-5", config)) {
                CompletionException e = assertThrows(CompletionException.class, () -> client.createAsync(REQUEST).join());
                AuthenticationException cause = assertInstanceOf(AuthenticationException.class, e.getCause());
                assertEquals("anthropic", cause.getProvider());
                assertTrue(cause.getMessage().contains("invalid x-api-key"), cause.getMessage());
            }
        }
    }

    @Test
    void anthropicNeedsAKey() {
        AnthropicConfig config = AnthropicConfig.builder().apiKey(null).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Clients.anthropic("claude-sonnet-4-5", config));
        assertTrue(e.getMessage().contains("ANTHROPIC_API_KEY"), e.getMessage());
    }

    @Test
    void ollamaStreamsThroughItsNativeApi() throws Exception {
        try (LoopbackOpenAi server = new LoopbackOpenAi()) {
            server.respond(exchange -> {
                byte[] body = ("{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello \"},\"done\":false}\n"
                    + "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:01Z\",\"message\":{\"role\":\"assistant\",\"content\":\"from Ollama\"},\"done\":false}\n"
                    + "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:02Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
                    + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":8,\"eval_count\":4}\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            });
            OllamaConfig config = OllamaConfig.builder().baseUrl(server.rootUrl())
                .modelInfo(ModelInfo.builder().functionCalling(true).build()).build();
            try (SwitchboardClient client = Clients.ollama("llama3.2", config);
                 Stream<ChatStreamEvent> events = client.createStreamBlocking(REQUEST)) {
                List<ChatStreamEvent> all = events.collect(Collectors.toList());
                String text = all.stream().filter(e -> e instanceof ChatStreamEvent.TextDelta)
                    .map(e -> ((ChatStreamEvent.TextDelta) e).getText()).collect(Collectors.joining());
                assertEquals("Hello from Ollama", text);
                CreateResult done = ((ChatStreamEvent.Completed) all.get(all.size() - 1)).getResult();
                assertEquals(4, done.getUsage().getCompletionTokens());
            }
            String body = server.takeRequestBody();
            assertTrue(body.contains("\"stream\":true"), body);
        }
    }

    @Test
    void ollamaDiscoveredReadsTheModelFromApiShow() throws Exception {
        try (LoopbackOpenAi server = new LoopbackOpenAi()) {
            server.respond(LoopbackOpenAi.json(200, "{\"capabilities\":[\"completion\",\"vision\"],"
                + "\"model_info\":{\"general.architecture\":\"gemma3\",\"gemma3.context_length\":131072}}"));
            OllamaConfig config = OllamaConfig.builder().baseUrl(server.rootUrl()).build();
            java.util.concurrent.atomic.AtomicReference<String> thread = new java.util.concurrent.atomic.AtomicReference<>();
            try (SwitchboardClient client = Clients.ollamaDiscovered("gemma3", config)
                    .thenApply(c -> { thread.set(Thread.currentThread().getName()); return c; }).get()) {
                // a dependent action runs on the callback pool, never on a coroutine worker or the HTTP engine's threads
                assertTrue(thread.get().startsWith("switchboard-callback-") || thread.get().equals(Thread.currentThread().getName()),
                    thread.get());
                assertTrue(client.getModelInfo().isVision());
                assertFalse(client.getModelInfo().isFunctionCalling());
            }
            assertTrue(server.takeRequestBody().contains("gemma3"));
        }
    }

    @Test
    void ollamaDiscoveredFailsForAMissingModel() throws Exception {
        try (LoopbackOpenAi server = new LoopbackOpenAi()) {
            server.respond(LoopbackOpenAi.json(404, "{\"error\":\"model 'nope' not found\"}"));
            OllamaConfig config = OllamaConfig.builder().baseUrl(server.rootUrl()).httpOptions(NO_RETRIES).build();
            CompletionException e = assertThrows(CompletionException.class, () -> Clients.ollamaDiscovered("nope", config).join());
            NotFoundException cause = assertInstanceOf(NotFoundException.class, e.getCause());
            assertTrue(cause.getMessage().contains("ollama pull nope"), cause.getMessage());
        }
    }

    private static final String OPENAI_ANSWER = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello from Azure\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}";

    @Test
    void azureOpenAiCallsTheDeploymentWithAnEntraIdTokenFromAJavaLambda() throws Exception {
        try (LoopbackOpenAi server = new LoopbackOpenAi()) {
            server.respond(LoopbackOpenAi.json(200, OPENAI_ANSWER));
            AtomicInteger fetches = new AtomicInteger();
            AzureOpenAiConfig config = AzureOpenAiConfig.builder()
                .endpoint(server.rootUrl())
                .tokenProvider(() -> new AccessToken("entra-" + fetches.incrementAndGet(), Instant.now().plusSeconds(3600)))
                .build();
            try (SwitchboardClient client = Clients.azureOpenAi("gpt-4o", config)) {
                assertEquals("Hello from Azure", client.create(REQUEST).getContent());
                assertEquals("Hello from Azure", client.create(REQUEST).getContent());
                assertFalse(client.toString().contains("entra-1"), client.toString());
            }
            assertEquals(1, fetches.get(), "the token is fetched once and reused until it nears expiry");
            String line = server.takeRequestLine();
            assertTrue(line.startsWith("POST /openai/deployments/gpt-4o/chat/completions?api-version="), line);
            assertEquals("Bearer entra-1", server.takeRequestHeaders().getFirst("Authorization"));
        }
    }

    @Test
    void azureOpenAiContentFilterRefusalsAreTyped() throws Exception {
        try (LoopbackOpenAi server = new LoopbackOpenAi()) {
            server.respond(LoopbackOpenAi.json(400, "{\"error\":{\"message\":\"The response was filtered due to the prompt triggering "
                + "Azure OpenAI's content management policy.\",\"type\":null,\"param\":\"prompt\",\"code\":\"content_filter\",\"status\":400,"
                + "\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\",\"content_filter_result\":{"
                + "\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"violence\":{\"filtered\":true,\"severity\":\"high\"}}}}}"));
            AzureOpenAiConfig config = AzureOpenAiConfig.builder().endpoint(server.rootUrl()).apiKey("azure-" + "test-key")
                .httpOptions(NO_RETRIES).build();
            try (SwitchboardClient client = Clients.azureOpenAi("gpt-4o", config)) {
                ContentFilterException e = assertThrows(ContentFilterException.class, () -> client.create(REQUEST));
                assertTrue(e.getMessage().contains("violence"), e.getMessage());
            }
            assertEquals("azure-test-key", server.takeRequestHeaders().getFirst("api-key"));
        }
    }

    @Test
    void azureAiInferenceNeedsDeclaredCapabilitiesAndSendsTheApiVersion() throws Exception {
        try (LoopbackOpenAi server = new LoopbackOpenAi()) {
            server.respond(LoopbackOpenAi.json(200, OPENAI_ANSWER));
            AzureAiInferenceConfig.Builder builder = AzureAiInferenceConfig.builder().endpoint(server.rootUrl()).apiKey("foundry-" + "test-key");
            assertThrows(IllegalArgumentException.class, () -> Clients.azureAiInference("Llama-3.3-70B-Instruct", builder.build()));
            AzureAiInferenceConfig config = builder.modelInfo(ModelInfo.builder().functionCalling(true).jsonOutput(true).family("llama").build()).build();
            try (SwitchboardClient client = Clients.azureAiInference("Llama-3.3-70B-Instruct", config)) {
                assertEquals("Hello from Azure", client.create(REQUEST).getContent());
            }
            String line = server.takeRequestLine();
            assertTrue(line.startsWith("POST /chat/completions?api-version="), line);
            assertTrue(server.takeRequestBody().contains("\"model\":\"Llama-3.3-70B-Instruct\""));
        }
    }
}
