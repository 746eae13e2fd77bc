package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.CapabilityMissingException;
import dev.switchboard.CreateRequest;
import dev.switchboard.GuidedDecoding;
import dev.switchboard.HttpOptions;
import dev.switchboard.openai.GuidedDecodingDialect;
import dev.switchboard.openai.InferenceProvider;
import dev.switchboard.openai.OpenAiCompatible;
import dev.switchboard.openai.OpenAiConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a Java user types for guided decoding and for the Hugging Face router, against a server on 127.0.0.1. */
class HuggingFaceAndGuidedDecodingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpOptions NO_RETRIES = HttpOptions.builder().maxRetries(0).build();

    private LoopbackOpenAi server;

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackOpenAi();
        server.respond(LoopbackOpenAi.json(200, LoopbackOpenAi.completion("555-1234")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aVllmClientSendsTheRegexAsStructuredOutputs() throws Exception {
        OpenAiConfig config = OpenAiCompatible.VLLM.config().baseUrl(server.baseUrl()).httpOptions(NO_RETRIES).build();
        try (SwitchboardClient client = Clients.openAi("Qwen/Qwen2.5-1.5B-Instruct", config)) {
            CreateRequest request = CreateRequest.builder()
                .user("A phone number?")
                .guidedDecoding(GuidedDecoding.regex("\\d{3}-\\d{4}"))
                .build();
            assertEquals("555-1234", client.create(request).getContent());
        }
        JsonNode sent = JSON.readTree(server.takeRequestBody());
        assertEquals("\\d{3}-\\d{4}", sent.get("structured_outputs").get("regex").asText());
    }

    @Test
    void anOlderVllmTakesTheGuidedFieldsWhenTheConfigSaysSo() throws Exception {
        OpenAiConfig config = OpenAiCompatible.VLLM.config()
            .baseUrl(server.baseUrl())
            .guidedDecoding(GuidedDecodingDialect.VLLM_GUIDED)
            .httpOptions(NO_RETRIES)
            .build();
        try (SwitchboardClient client = Clients.openAi("Qwen/Qwen2.5-1.5B-Instruct", config)) {
            client.create(CreateRequest.builder().user("Agree?").guidedDecoding(GuidedDecoding.choice("yes", "no")).build());
        }
        JsonNode sent = JSON.readTree(server.takeRequestBody());
        assertEquals(List.of("yes", "no"), List.of(sent.get("guided_choice").get(0).asText(), sent.get("guided_choice").get(1).asText()));
        assertFalse(sent.has("structured_outputs"));
    }

    @Test
    void aServerThatTakesNoGuidedDecodingFailsBeforeSending() {
        OpenAiConfig config = OpenAiConfig.builder().apiKey("test-key-123").baseUrl(server.baseUrl()).httpOptions(NO_RETRIES).build();
        try (SwitchboardClient client = Clients.openAi("some-model", config)) {
            CreateRequest request = CreateRequest.builder().user("x").guidedDecoding(GuidedDecoding.grammar("root ::= \"a\"")).build();
            CapabilityMissingException e = assertThrows(CapabilityMissingException.class, () -> client.create(request));
            assertEquals("guided_decoding_grammar", e.getCapability());
            assertTrue(e.getMessage().contains("a grammar"), e.getMessage());
        }
        assertEquals(0, server.requestsWaiting());
        assertEquals(GuidedDecoding.Kind.GRAMMAR, GuidedDecoding.grammar("g").getKind());
        assertTrue(GuidedDecodingDialect.TGI.getKinds().contains(GuidedDecoding.Kind.REGEX));
    }

    @Test
    void theRouterGetsTheModelWithItsProviderSuffixAndTheToken() throws Exception {
        OpenAiConfig config = OpenAiCompatible.HUGGING_FACE.config()
            .apiKey("test-key-123")
            .baseUrl(server.baseUrl())
            .httpOptions(NO_RETRIES)
            .build();
        String model = InferenceProvider.CEREBRAS.modelId("meta-llama/Llama-3.1-8B-Instruct");
        try (SwitchboardClient client = Clients.openAi(model, config)) {
            assertEquals("meta-llama/Llama-3.1-8B-Instruct:cerebras", client.getModel());
            client.create(CreateRequest.builder().user("Hi").build());
        }
        assertEquals("Bearer test-key-123", server.takeRequestHeaders().getFirst("Authorization"));
        assertEquals("meta-llama/Llama-3.1-8B-Instruct:cerebras", JSON.readTree(server.takeRequestBody()).get("model").asText());
        assertEquals("https://router.huggingface.co/v1", OpenAiCompatible.HUGGING_FACE.getDefaultBaseUrl());
    }

    @Test
    void theHuggingFaceFactoryReadsHfTokenAndChecksTheModel() {
        assertThrows(IllegalArgumentException.class, () -> InferenceProvider.of("Not An Id"));
        assertThrows(IllegalArgumentException.class, () -> Clients.huggingFace("openai/gpt-oss-20b:groq", InferenceProvider.CEREBRAS));
        if (System.getenv("HF_TOKEN") == null) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Clients.huggingFace("meta-llama/Llama-3.1-8B-Instruct", InferenceProvider.CHEAPEST));
            assertTrue(e.getMessage().contains("HF_TOKEN"), e.getMessage());
        } else {
            try (SwitchboardClient client = Clients.huggingFace("meta-llama/Llama-3.1-8B-Instruct", InferenceProvider.CHEAPEST)) {
                assertEquals("meta-llama/Llama-3.1-8B-Instruct:cheapest", client.getModel());
            }
        }
    }
}
