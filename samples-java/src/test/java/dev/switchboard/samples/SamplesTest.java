package dev.switchboard.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * README.md, "Set up": {@code mvn -pl samples-java exec:java} runs the quickstart and
     * {@code -Dexec.mainClass=dev.switchboard.samples.<Name>} runs the samples it names. The plugin's own
     * {@code <mainClass>} would win over the command line, so the default must be the property.
     */
    @Test
    void theReadmeCommandRunsTheQuickstartOrTheSampleNamedOnTheCommandLine() throws Exception {
        Path root = Path.of(System.getProperty("switchboard.repoRoot", ".."));
        String pom = Files.readString(root.resolve("samples-java/pom.xml"));
        assertTrue(pom.contains("<exec.mainClass>dev.switchboard.samples.Quickstart</exec.mainClass>"), pom);
        assertFalse(pom.contains("<mainClass>"), "a <mainClass> in the plugin configuration ignores -Dexec.mainClass");

        String readme = Files.readString(root.resolve("README.md"));
        assertTrue(readme.contains("mvn -q -B -pl samples-java exec:java"), "the README's command");
        Matcher samples = Pattern.compile("`([A-Z][a-z]\\w*)`").matcher(
            readme.substring(readme.indexOf("-Dexec.mainClass=dev.switchboard.samples.<Name>"), readme.indexOf("(all in `samples-java/`)")));
        List<String> named = new ArrayList<>();
        while (samples.find()) named.add(samples.group(1));
        assertEquals(List.of("StreamingWithPublisher", "ToolCallRoundTrip", "StructuredOutputRecord", "ClaudeThinking",
            "ResponsesApi", "OllamaLocalModel", "AzureOpenAiEntraId", "AzureAiInferenceModel", "HuggingFaceRouter",
            "CohereChat", "MistralChat", "GeminiChat", "BedrockConverse", "LocalModel", "CustomModelClient", "CustomModelClientKotlin",
            "CachedCalls", "ObservedCalls", "RoutedCalls", "FromConfig", "LangChain4jBridge",
            "SpringBootChat"),
            named);
        for (String name : named) {
            Method main = Class.forName("dev.switchboard.samples." + name).getMethod("main", String[].class);
            assertTrue(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers()), name);
        }
    }

    @Test
    void springBootChatStartsOfflineAndPrintsTheAnswerOfItsConfiguredClient() {
        SpringBootChat.main(new String[0]);
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("Offline: replaying recorded answers"), lines.get(0));
        String out = String.join("\n", lines);
        assertTrue(out.contains("Answer: Because every model service"), out);
        assertTrue(out.contains("Tokens: 39 prompt + 31 completion"), out);
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
    void cachedCallsReplaysTheSecondStreamFromTheCacheEventByEvent() throws Exception {
        CachedCalls.main(new String[0]);
        List<String> lines = lines();
        assertEquals("First stream: 7 text events, then Completed (cached=false)", lines.get(2));
        assertEquals("Second stream: 7 text events, then Completed (cached=true)", lines.get(3));
        assertEquals("create() of the same request: cached=true, 87 characters", lines.get(4));
        assertEquals("Tokens spent: 37, tokens answered: 111", lines.get(5));
    }

    @Test
    void observedCallsPrintsACallEventAndAGenAiSpanForEachCall() {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        try {
            ObservedCalls.main(new String[0]);
        } finally {
            System.setErr(originalErr);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        String events = errors.toString(StandardCharsets.UTF_8);
        assertEquals(2, out.split("span 'chat gpt-4o-mini-2024-07-18' CLIENT", -1).length - 1, out);
        assertTrue(out.contains("gen_ai.provider.name = replay"), out);
        assertTrue(out.contains("gen_ai.usage.output_tokens = 22"), out);
        assertTrue(out.contains("gen_ai.response.time_to_first_chunk = "), out);
        assertTrue(out.contains("Streamed: Tokens drift one by one,"), out);
        assertTrue(events.contains("event=LLMCall provider=replay"), events);
        assertTrue(events.contains("event=LLMStreamStart"), events);
        assertTrue(events.contains("event=LLMStreamEnd") && events.contains("completion_tokens=22"), events);
    }

    @Test
    void routedCallsPassesOverTheFailingDeploymentAndTheOtherAnswers() throws Exception {
        RoutedCalls.main(new String[0]);
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("Offline: east is a server on this machine that answers 503"), lines.get(0));
        assertTrue(lines.get(1).startsWith("Answer: Because every model service"), lines.get(1));
        assertEquals("gpt/east: 0 answered, 1 failed, 0 tokens", lines.get(2));
        assertEquals("gpt/west: 1 answered, 0 failed, 70 tokens", lines.get(3));
        assertEquals("Answered by: gpt/west", lines.get(4));
    }

    @Test
    void fromConfigLoadsTheYamlRouterBehindACacheAndDescribesItBack() throws Exception {
        FromConfig.main(new String[0]);
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("Offline: loading config/assistant.yaml"), lines.get(0));
        assertTrue(lines.get(1).startsWith("Answer: Because every model service"), lines.get(1));
        assertEquals("Asked again: cached=true, same answer=true", lines.get(2));
        String described = String.join("\n", lines.subList(3, lines.size()));
        assertTrue(described.contains("\"provider\": \"router\""), described);
        assertTrue(described.contains("\"fallbacks\""), described);
    }

    @Test
    void fromConfigLoadsTheFileNamedOnTheCommandLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path doc = dir.resolve("mine.json");
        Files.writeString(doc, "{\"provider\": \"cache\", \"config\": {\"client\": "
            + "{\"provider\": \"replay\", \"config\": {\"resource\": \"replay/quickstart.jsonl\"}}}}");
        FromConfig.main(new String[] {doc.toString()});
        List<String> lines = lines();
        assertEquals("Loading " + doc, lines.get(0));
        assertTrue(lines.get(1).startsWith("Answer: Because every model service"), lines.get(1));
    }

    @Test
    void toolCallRoundTripRunsTheToolAndSendsItsResultBack() {
        ToolCallRoundTrip.main(new String[0]);
        List<String> lines = lines();
        assertEquals("Model called get_weather with {\"city\":\"Paris\"}", lines.get(1));
        assertEquals("Answer: It's 18 °C and partly cloudy in Paris right now.", lines.get(2));
    }

    @Test
    void langChain4jBridgeRunsAnAiServicesToolLoopThroughSwitchboard() {
        LangChain4jBridge.main(new String[0]);
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("Offline: replaying recorded answers from replay/langchain4j-bridge.jsonl"), lines.get(0));
        assertEquals("Tool milesToKilometres(26.2) = 42.16", lines.get(1));
        assertEquals("Answer: A marathon, 26.2 miles, is about 42.2 kilometres.", lines.get(2));
        assertEquals("Tokens: 237", lines.get(3));
        assertEquals(4, lines.size(), String.join("\n", lines));
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

    @Test
    void claudeThinkingStreamsTheReasoningThenTheAnswer() {
        ClaudeThinking.main(new String[0]);
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("Offline: replaying recorded answers from replay/claude-thinking.jsonl (set ANTHROPIC_API_KEY"), lines.get(0));
        assertEquals("Thinking: Let the ball cost x. Then the bat costs x + 1.00, so 2x + 1.00 = 1.10 and x = 0.05.", lines.get(1));
        assertEquals("Answer: The ball costs 5 cents ($0.05).", lines.get(2));
        assertEquals("Finish reason: STOP, signed thinking blocks kept for the next turn: 1", lines.get(3));
    }

    @Test
    void responsesApiStreamsTheReasoningSummaryThenContinuesFromTheResponseId() {
        ResponsesApi.main(new String[0]);
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("Offline: replaying recorded answers from replay/responses.jsonl (set OPENAI_API_KEY"), lines.get(0));
        assertEquals("Thinking: **Comparing distances** The Moon is about 384,400 km away; light covers that in about 1.28 seconds.", lines.get(1));
        assertEquals("Answer: Light takes about 1.3 seconds to reach the Moon.", lines.get(2));
        assertEquals("Response id: resp_replay_1, reasoning items kept for the next turn: 1", lines.get(3));
        assertEquals("Follow-up: About 8 minutes and 20 seconds.", lines.get(4));
        assertEquals(5, lines.size());
    }

    @Test
    void ollamaLocalModelPrintsTheModelsCapabilitiesAndItsAnswer() {
        OllamaLocalModel.main(new String[0]);
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("Offline: replaying recorded answers from replay/ollama.jsonl (set OLLAMA_HOST"), lines.get(0));
        assertEquals("Model: llama3.2 (tools: true, vision: true)", lines.get(1));
        assertEquals("Answer: Seine, Loire, Rhône", lines.get(2));
        assertEquals("Tokens: 36 prompt + 9 completion", lines.get(3));
    }

    @Test
    void cohereChatPrintsTheAnswerAndTheCitedSpansWithTheirDocuments() {
        CohereChat.main(new String[0]);
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("Offline: replaying recorded answers from replay/cohere-chat.jsonl (set CO_API_KEY"), lines.get(0));
        assertEquals("Answer: The Lisbon office opened first, in March 2019; the Oslo office followed in September 2021.", lines.get(1));
        assertEquals("  \"Lisbon office\" [4, 17) from lisbon", lines.get(2));
        assertEquals("  \"March 2019\" [35, 45) from lisbon", lines.get(3));
        assertEquals("  \"September 2021\" [75, 89) from oslo", lines.get(4));
        assertEquals(5, lines.size());
    }

    @Test
    void geminiChatPrintsTheThoughtSummaryTheAnswerAndItsThinkingTokensThenFollowsUp() {
        GeminiChat.main(new String[0]);
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("Offline: replaying recorded answers from replay/gemini-chat.jsonl (set GEMINI_API_KEY"), lines.get(0));
        assertEquals("Thought summary: Counting sevens. Ones place: 7, 17, ..., 97 is ten; tens place: 70 to 79 is ten, and 77 counts in both.",
            lines.get(1));
        assertEquals("Answer: The digit 7 appears 20 times from 1 to 100: ten times in the ones place and ten times in the tens place.",
            lines.get(2));
        assertEquals("Tokens: 24 prompt, 211 completion, of which 184 thinking", lines.get(3));
        assertEquals("Thought blocks sent back: 2", lines.get(4));
        assertEquals("Follow-up: The digit 0 appears 11 times: once in each of 10, 20, ..., 90 and twice in 100.", lines.get(5));
        assertEquals(6, lines.size());
    }

    @Test
    void bedrockConversePrintsTheAnswerTheStopReasonAndTheUsage() {
        BedrockConverse.main(new String[0]);
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("Offline: replaying recorded answers from replay/bedrock-converse.jsonl (set AWS_"), lines.get(0));
        assertEquals("Answer: The Tagus river flows through Lisbon into the Atlantic.", lines.get(1));
        assertEquals("Stop reason: end_turn (STOP)", lines.get(2));
        assertEquals("Tokens: 19 prompt (0 cached) + 12 completion", lines.get(3));
        assertEquals(4, lines.size());
    }

    @Test
    void mistralChatStreamsTheAnswerThenItsUsage() {
        MistralChat.main(new String[0]);
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("Offline: replaying recorded answers from replay/mistral-chat.jsonl (set MISTRAL_API_KEY"), lines.get(0));
        assertEquals("Beacon, Foghorn, Wick", lines.get(1));
        assertEquals("Finish reason: STOP, tokens: 21 prompt + 7 completion", lines.get(2));
        assertEquals(3, lines.size());
    }

    @Test
    void localModelRunsAGeneratedRandomModelOfflineAndItsConstrainedAnswerIsAChoice() {
        LocalModel.run(); // main() ends the JVM after it (see its documentation)
        // java-llama.cpp prints where it unpacked its native library when it first loads it; the sample's own lines follow.
        List<String> lines = lines().stream().filter(l -> !l.startsWith("Extracted 'libjllama")).toList();
        assertTrue(lines.get(0).startsWith("Offline: running a tiny random model generated to "), lines.get(0));
        assertTrue(lines.get(1).equals("Answer (yes or no): yes") || lines.get(1).equals("Answer (yes or no): no"), lines.get(1));
        assertTrue(lines.get(2).matches("Streamed ([1-9]|1[0-6]) tokens \\(finish: (STOP|LENGTH)\\): .*"), lines.get(2));
    }

    @Test
    void huggingFaceRouterPrintsTheSuffixedModelItsAnswerAndTheRefusedGuidedDecoding() {
        HuggingFaceRouter.main(new String[0]);
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("Offline: replaying recorded answers from replay/hugging-face.jsonl (set HF_TOKEN"), lines.get(0));
        assertEquals("Model id sent: meta-llama/Llama-3.1-8B-Instruct:cerebras", lines.get(1));
        assertEquals("Answer: Mercury, Venus, Earth", lines.get(2));
        assertEquals("Tokens: 45 prompt + 7 completion", lines.get(3));
        assertEquals("Guided decoding by regex: refused before sending (guided_decoding_regex)", lines.get(4));
        assertEquals(5, lines.size());
    }

    @Test
    void azureOpenAiPrintsTheAnswerAndTheContentFilterVerdicts() {
        AzureOpenAiEntraId.main(new String[0]);
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("Offline: replaying recorded answers from replay/azure-openai.jsonl (set AZURE_OPENAI_ENDPOINT"), lines.get(0));
        assertTrue(lines.get(1).startsWith("Answer: A token is a chunk of text"), lines.get(1));
        assertEquals("Content filter hate: passed (severity safe)", lines.get(2));
        assertEquals(6, lines.size()); // the offline line, the answer, four categories
    }

    @Test
    void azureAiInferenceStreamsFromGitHubModels() {
        AzureAiInferenceModel.main(new String[0]);
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("Offline: replaying recorded answers from replay/azure-ai-inference.jsonl (set GITHUB_TOKEN"), lines.get(0));
        assertEquals("Spring, summer, autumn, winter", lines.get(1));
        assertEquals("Tokens: 16 prompt + 8 completion", lines.get(2));
    }

    @Test
    void aModelWrittenInJavaAnswersAndStreamsThroughTheFacade() {
        CustomModelClient.main(new String[0]);
        List<String> lines = lines();
        assertEquals("Offline: a rule-based model written in Java (rules-1)", lines.get(0));
        assertEquals("Answer: 19 + 23 = 42", lines.get(1));
        assertEquals("Streamed: [You ][said: ][Hello ][from ][Java]", lines.get(2));
        assertTrue(lines.get(3).startsWith("Finish reason: STOP, tokens so far: "), lines.get(3));
        assertTrue(lines.get(3).endsWith(" prompt + 10 completion"), lines.get(3));
    }

    @Test
    void aModelWrittenInKotlinIsAChatCompletionClient() throws Exception {
        Class.forName("dev.switchboard.samples.CustomModelClientKotlin").getMethod("main", String[].class)
            .invoke(null, (Object) new String[0]);
        List<String> lines = lines();
        assertEquals("Offline: a model written in Kotlin (reverse-1)", lines.get(0));
        assertEquals("Answer: three two one", lines.get(1));
        assertEquals("Streamed: [flows] [cold] [are] [streams]", lines.get(2));
        assertEquals("Tokens: 7 completion", lines.get(3));
    }
}
