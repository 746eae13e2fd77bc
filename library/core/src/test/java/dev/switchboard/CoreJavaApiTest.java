package dev.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ChatCodec;
import dev.switchboard.spi.CodecClients;
import dev.switchboard.spi.PreparedCall;
import dev.switchboard.spi.EngineProvider;
import dev.switchboard.spi.HttpExchanger;
import dev.switchboard.spi.KtorExchanger;
import dev.switchboard.spi.HttpErrors;
import dev.switchboard.spi.HttpRequestSpec;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.ResponseHeaders;
import dev.switchboard.spi.StreamDecoder;
import dev.switchboard.spi.StreamFrame;
import dev.switchboard.spi.StreamFraming;
import io.ktor.client.engine.cio.CIO;
import kotlin.Unit;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The public model of switchboard-core used the way a Java caller writes it: every type built without
 * passing the arguments that have defaults, through constructors or factories.
 */
class CoreJavaApiTest {
    @Test
    void resultsAndChoicesAreBuiltAndChangedThroughBuilders() {
        Choice choice = Choice.builder().content("Paris").finishReason(FinishReason.LENGTH).build();
        CreateResult result = CreateResult.builder().choices(List.of(choice)).usage(RequestUsage.of(3, 1)).id("r-1").build();
        assertEquals("Paris", result.getContent());
        assertEquals(FinishReason.LENGTH, result.getFinishReason());
        assertFalse(result.isCached());
        CreateResult cached = result.newBuilder().cached(true).build();
        assertTrue(cached.isCached());
        assertEquals("r-1", cached.getId());
        assertEquals(result.getChoices(), cached.getChoices());
        assertEquals(result, cached.newBuilder().cached(false).build());
        Choice longer = choice.newBuilder().content("Paris, France").build();
        assertEquals("Paris, France", longer.getContent());
        assertEquals(FinishReason.LENGTH, longer.getFinishReason());
        assertThrows(IllegalArgumentException.class, () -> CreateResult.builder().build());
    }

    @Test
    void messagesAreBuiltWithoutOptionalArguments() {
        UserMessage user = new UserMessage(List.of(new TextPart("Hi")));
        assertNull(user.getName());
        assertEquals("Hi", UserMessage.of("Hi").getText());
        assertEquals("Hi", new AssistantMessage("Hi").getContent());
        FunctionCall call = new FunctionCall("call_1", "weather", "{}");
        AssistantMessage calls = new AssistantMessage(null, List.of(call));
        assertEquals(List.of(call), calls.getToolCalls());
        assertEquals(List.of(call), AssistantMessage.ofToolCalls(List.of(call)).getToolCalls());
        FunctionExecutionResult result = FunctionExecutionResult.of("call_1", null, "sunny");
        assertFalse(result.isError());
        assertNull(result.getName());
        assertTrue(FunctionExecutionResult.error("call_1", "weather", "no such city").isError());
        assertEquals(1, ToolResultMessage.of(result).getResults().size());
        assertEquals("Be brief", SystemMessage.of("Be brief").getContent());
        assertThrows(IllegalArgumentException.class, () -> new AssistantMessage());
    }

    @Test
    void aToolResultIsBuiltOnlyThroughFactoriesTakingCallIdNameContentInThatOrder() {
        FunctionExecutionResult ok = FunctionExecutionResult.of("call_1", "get_weather", "18C and sunny");
        assertEquals("call_1", ok.getCallId());
        assertEquals("get_weather", ok.getName());
        assertEquals("18C and sunny", ok.getContent());
        assertFalse(ok.isError());
        FunctionExecutionResult failed = FunctionExecutionResult.error("call_2", "get_weather", "no such city");
        assertEquals("call_2", failed.getCallId());
        assertEquals("get_weather", failed.getName());
        assertEquals("no such city", failed.getContent());
        assertTrue(failed.isError());
        // No constructor Java source can call with the arguments in another order: the one Kotlin adds
        // for the companion's access is synthetic, which javac does not let source code call.
        assertTrue(Arrays.stream(FunctionExecutionResult.class.getDeclaredConstructors())
                .allMatch(c -> Modifier.isPrivate(c.getModifiers()) || c.isSynthetic()));
    }

    @Test
    void resultsAndStreamEventsAreBuiltWithoutOptionalArguments() {
        RequestUsage usage = new RequestUsage(10, 5);
        assertEquals(0, usage.getCachedTokens());
        assertEquals(15, new RequestUsage(10, 5, 2).plus(RequestUsage.ZERO).getTotalTokens());
        Choice choice = new Choice(0, FinishReason.STOP, "stop", "Hello");
        assertEquals(List.of(), choice.getToolCalls());
        CreateResult created = new CreateResult(List.of(choice), usage);
        assertFalse(created.isCached());
        assertEquals("Hello", created.getContent());
        assertEquals("Hello", CreateResult.ofText("Hello", FinishReason.STOP, usage).getContent());
        assertFalse(created.hasToolCalls());
        assertFalse(UserMessage.of("Hi").hasImages());
        TokenLogprob logprob = new TokenLogprob("Hel", -0.25);
        assertEquals(List.of(), logprob.getTopLogprobs());
        assertNull(new TopLogprob("He", -1.5).getBytes());

        List<ChatStreamEvent> events = List.of(
            new ChatStreamEvent.TextDelta("Hel"),
            new ChatStreamEvent.ThoughtDelta("hmm"),
            new ChatStreamEvent.ToolCallStart(0, "call_1", "weather"),
            new ChatStreamEvent.ToolCallDelta(0, "{}"),
            new ChatStreamEvent.ToolCallEnd(0, new FunctionCall("call_1", "weather", "{}")),
            new ChatStreamEvent.Completed(created));
        assertEquals(0, ((ChatStreamEvent.TextDelta) events.get(0)).getChoiceIndex());
        assertEquals(0, ((ChatStreamEvent.ToolCallEnd) events.get(4)).getChoiceIndex());
    }

    @Test
    void toolsFormatsAndModelInfoAreBuiltWithoutOptionalArguments() {
        Tool tool = Tool.of("weather", "The weather in a city", "{\"type\":\"object\",\"properties\":{}}");
        assertFalse(tool.isStrict());
        assertFalse(new Tool("t", null, tool.getParameters()).isStrict());
        ResponseFormat.JsonSchema schema = new ResponseFormat.JsonSchema("answer", tool.getParameters());
        assertTrue(schema.isStrict());
        assertNull(schema.getDescription());
        ModelInfo info = new ModelInfo(true, true, true, true, ModelFamily.GPT_4O);
        assertNull(info.getContextWindow());
        assertEquals(128_000, ModelInfo.builder().contextWindow(128_000).build().getContextWindow());
        assertEquals(ToolChoice.auto(), ToolChoice.Auto.INSTANCE);
        CreateRequest request = CreateRequest.builder().system("Be brief").user("Hi").tool(tool)
            .toolChoice(ToolChoice.named("weather")).responseFormat(ResponseFormat.jsonObject()).build();
        assertEquals(2, request.getMessages().size());
        CreateRequest literals = CreateRequest.builder().user("Hi").temperature(1).topP(1).seed(42)
            .presencePenalty(0).frequencyPenalty(1).maxTokens(200).n(1).build();
        assertEquals(1.0, literals.getTemperature());
        assertEquals(42L, literals.getSeed());
        assertEquals(null, literals.newBuilder().temperature((Double) null).build().getTemperature());
        assertEquals(Image.fromUrl("https://example.test/a.png"), Image.fromUrl("https://example.test/a.png", ImageDetail.AUTO));
    }

    @Test
    void documentsAreBuiltFromBytesTextAndFiles() throws Exception {
        Document pdf = Document.fromBytes(new byte[] {1, 2, 3}, "application/pdf", "report.pdf");
        assertEquals(3, pdf.getSize());
        assertFalse(pdf.isText());
        Document text = Document.fromText("hello", "notes.txt");
        assertEquals("hello", text.text());
        java.nio.file.Path file = java.nio.file.Files.createTempFile("report", ".csv");
        try {
            java.nio.file.Files.writeString(file, "a,b");
            assertEquals("text/csv", Document.fromPath(file).getMediaType());
        } finally {
            java.nio.file.Files.delete(file);
        }
        UserMessage message = UserMessage.of(new TextPart("Summarise"), new DocumentPart(pdf));
        assertEquals(pdf, ((DocumentPart) message.getContent().get(1)).getDocument());
    }

    @Test
    void optionsErrorsAndSpiValuesAreBuiltWithoutOptionalArguments() {
        HttpOptions options = HttpOptions.builder().requestTimeout(Duration.ofSeconds(30)).maxRetries(1).build();
        assertEquals(1, options.getMaxRetries());
        HttpRequestSpec spec = new HttpRequestSpec("https://api.example/v1", new byte[0]);
        assertEquals("POST", spec.getMethod());
        assertEquals("GET", new HttpRequestSpec("https://api.example/v1", null, Map.of(), "GET").getMethod());
        assertNull(new StreamFrame(null, "{}").getId());
        ResponseHeaders headers = name -> name.equalsIgnoreCase("x-request-id") ? "req_1" : null;
        SwitchboardException error = HttpErrors.map("p", 429, headers, "{}");
        assertTrue(error instanceof RateLimitException);
        assertEquals("req_1", error.getRequestId());
        assertEquals(401, new AuthenticationException("bad key", "p").getStatusCode());
        assertEquals(RequestTimeoutException.Kind.IDLE, new RequestTimeoutException("quiet", "p", RequestTimeoutException.Kind.IDLE).getKind());
    }

    @Test
    void aProviderCanBeWrittenInJava() {
        ChatCodec codec = new ChatCodec() {
            @Override public String getProvider() { return "java-codec"; }
            @Override public PreparedCall prepare(String model, CreateRequest request, boolean stream) {
                HttpRequestSpec spec = new HttpRequestSpec("http://127.0.0.1:9/v1", new byte[0]);
                return new PreparedCall() {
                    @Override public HttpRequestSpec getSpec() { return spec; }
                    @Override public StreamFraming getFraming() { return StreamFraming.NDJSON; }
                    @Override public CreateResult decodeResponse(byte[] body, String requestId) {
                        return CreateResult.ofText(new String(body), FinishReason.STOP, RequestUsage.ZERO);
                    }
                    @Override public StreamDecoder newStreamDecoder(String requestId) {
                        throw new UnsupportedOperationException();
                    }
                };
            }
            @Override public SwitchboardException decodeError(int status, ResponseHeaders headers, String body) {
                return HttpErrors.map(getProvider(), status, headers, body);
            }
        };
        PreparedCall call = codec.prepare("m", CreateRequest.builder().user("Hi").build(), false);
        assertEquals("req_9", call.requestId(name -> name.equalsIgnoreCase("x-request-id") ? "req_9" : null));
        EngineProvider engine = new EngineProvider() {
            @Override public String getName() { return "cio-from-java"; }
            @Override public int getPriority() { return 0; }
            @Override public HttpExchanger create(HttpOptions options) { return KtorExchanger.over(CIO.INSTANCE.create(config -> Unit.INSTANCE), "cio-from-java"); }
        };
        HttpTransport transport = new HttpTransport("java-codec", HttpOptions.builder().engine(engine).build());
        assertEquals("cio-from-java", transport.getEngineName());
        try (ChatCompletionClient client = CodecClients.create("m", ModelInfo.ALL_CAPABILITIES, codec, transport)) {
            assertEquals("java-codec(m)", client.toString());
            assertTrue(client.countTokens(List.of(UserMessage.of("How are you today?"))) > 0);
            assertEquals(RequestUsage.ZERO, client.getTotalUsage());
        }
    }

    @Test
    void aModelClientOfYourOwnChecksCapabilitiesAndEstimatesTokensWithoutTheSpi() {
        ModelInfo textOnly = ModelInfo.builder().build();
        CreateRequest withTool = CreateRequest.builder().user("Hi")
            .tool(Tool.of("weather", "The weather in a city", "{\"type\":\"object\",\"properties\":{}}")).build();
        CapabilityMissingException missing = assertThrows(CapabilityMissingException.class,
            () -> Capabilities.check("acme", "tiny-1", textOnly, withTool));
        assertEquals("function_calling", missing.getCapability());
        Capabilities.check("acme", "big-1", ModelInfo.ALL_CAPABILITIES, withTool);
        assertTrue(TokenCounter.ESTIMATE.count(List.of(UserMessage.of("How are you today?")), List.of()) > 0);
    }

    @Test
    void anHttpEventListenerIsWrittenInJavaByOverridingOnlyWhatItNeeds() {
        int[] retries = {0};
        HttpEventListener listener = new HttpEventListener() {
            @Override
            public void retryScheduled(int attempt, Duration delay, SwitchboardException cause) {
                retries[0]++;
            }
        };
        HttpOptions options = HttpOptions.builder().eventListener(listener).build();
        assertTrue(options.getEventListener() == listener);
        assertTrue(options.newBuilder().build().getEventListener() == listener);
        listener.attemptStarted(1, "POST", "https://api.example/v1");
        listener.retryScheduled(1, Duration.ofMillis(5), new ServerException("busy", "p", 503));
        assertEquals(1, retries[0]);
        assertNull(HttpOptions.DEFAULT.getEventListener());
        ChatCompletionClient replay = dev.switchboard.replay.ReplayChatCompletionClient.of(
            CreateResult.ofText("x", FinishReason.STOP, RequestUsage.ZERO));
        assertEquals("replay", replay.getProvider());
    }
}
