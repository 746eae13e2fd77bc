package dev.switchboard.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.CacheMarker;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.ModelInfo;
import dev.switchboard.SystemMessage;
import dev.switchboard.azure.identity.AzureIdentityTokens;
import dev.switchboard.azure.inference.AzureAiInferenceConfig;
import dev.switchboard.java.Clients;
import dev.switchboard.java.SwitchboardClient;
import dev.switchboard.ollama.OllamaChatCompletionClient;
import dev.switchboard.ollama.OllamaConfig;
import dev.switchboard.ollama.OllamaModel;
import dev.switchboard.openai.AzureOpenAiConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-provider Java examples of README.md, section "Providers". They call real services (keys from the
 * environment, Azure credentials), so here they are compiled, not run: a renamed method or a changed signature
 * fails the build, and {@link #theExamplesHereAreTheReadmeExamples} fails when the README's text and these differ.
 * What each example does is tested against loopback servers in {@code ProviderFactoriesTest}.
 */
class ReadmeProviderExamplesTest {
    private static final Map<String, String> SECTIONS = Map.of(
        "Anthropic", "anthropic", "Ollama", "ollama", "Azure OpenAI", "azureOpenAi",
        "Azure AI Inference and GitHub Models", "azureAiInference");

    @Test
    void theExamplesHereAreTheReadmeExamples() throws IOException {
        Path root = Path.of(System.getProperty("switchboard.repoRoot", ".."));
        String readme = Files.readString(root.resolve("README.md"));
        String source = Files.readString(root.resolve("java-facade/src/test/java/dev/switchboard/readme/ReadmeProviderExamplesTest.java"));
        for (String section : SECTIONS.keySet()) {
            assertEquals(readmeBlock(readme, section), sourceBlock(source, section), "README.md, section " + section);
        }
    }

    private static String readmeBlock(String readme, String section) {
        int heading = readme.indexOf("\n### " + section + "\n");
        if (heading < 0) throw new AssertionError("README.md has no section " + section);
        int start = readme.indexOf("```java\n", heading) + "```java\n".length();
        return readme.substring(start, readme.indexOf("\n```", start));
    }

    private static String sourceBlock(String source, String section) {
        String begin = "// README.md \"" + section + "\" begins\n";
        int start = source.indexOf(begin) + begin.length();
        int end = source.lastIndexOf("\n", source.indexOf("// README.md \"" + section + "\" ends"));
        return source.substring(start, end).lines().map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
            .reduce((a, b) -> a + "\n" + b).orElse("");
    }

    /** README.md, "Anthropic". */
    static void anthropic() {
        // README.md "Anthropic" begins
        try (SwitchboardClient claude = Clients.anthropic("claude-sonnet-4-5")) {               // key from ANTHROPIC_API_KEY
            CreateResult r = claude.create(CreateRequest.builder()
                    .message(new SystemMessage("You are terse.").withCache(CacheMarker.DEFAULT))  // cache_control: cache up to here
                    .user("Is 1,000,003 prime?")
                    .thinkingBudget(2048)                                                   // extended thinking
                    .maxTokens(4096)
                    .build());
            System.out.println(r.getThought());   // the reasoning; r.toAssistantMessage() keeps its signed blocks for the next turn
            System.out.println(r.getContent() + " (" + r.getUsage().getCachedTokens() + " prompt tokens read from the cache)");
        }
        // README.md "Anthropic" ends
    }

    /** README.md, "Ollama". */
    static void ollama() {
        // README.md "Ollama" begins
        OllamaConfig config = OllamaConfig.fromEnvironment().keepAlive(Duration.ofMinutes(10)).build();  // OLLAMA_HOST
        try (SwitchboardClient local = Clients.ollamaDiscovered("llama3.2", config).join()) {  // asks /api/show first
            System.out.println(local.create(CreateRequest.builder().user("Hi").topK(40).build()).getContent());
        }
        List<OllamaModel> models = Clients.ollamaModels(config).join();                          // /api/tags
        // README.md "Ollama" ends
    }

    /** README.md, "Azure OpenAI". */
    static void azureOpenAi() {
        // README.md "Azure OpenAI" begins
        AzureOpenAiConfig config = AzureOpenAiConfig.builder()
                .endpoint("https://my-resource.openai.azure.com")
                .tokenProvider(AzureIdentityTokens.defaultCredential())   // Entra ID, from switchboard-azure-identity; or .apiKey(..)
                .build();                                                 // fromEnvironment(): AZURE_OPENAI_ENDPOINT, _API_KEY, OPENAI_API_VERSION
        try (SwitchboardClient azure = Clients.azureOpenAi("my-gpt-4o-deployment", config)) {
            CreateResult r = azure.create(CreateRequest.builder().user("Hi").build());
            System.out.println(r.getContent() + " " + r.getContentFilter());   // Azure's content-filter verdicts
        }
        // README.md "Azure OpenAI" ends
    }

    /** README.md, "Azure AI Inference and GitHub Models". */
    static void azureAiInference() {
        // README.md "Azure AI Inference and GitHub Models" begins
        ModelInfo llama = ModelInfo.builder().functionCalling(true).jsonOutput(true).family("llama").build();
        try (SwitchboardClient foundry = Clients.azureAiInference("Llama-3.3-70B-Instruct",
                     AzureAiInferenceConfig.fromEnvironment().modelInfo(llama).build());    // AZURE_AI_CHAT_ENDPOINT, _KEY
             SwitchboardClient github = Clients.githubModels("openai/gpt-4o-mini", ModelInfo.ALL_CAPABILITIES)) {  // GITHUB_TOKEN
            System.out.println(foundry.create(CreateRequest.builder().user("Hi").build()).getContent());
            System.out.println(github.create(CreateRequest.builder().user("Hi").build()).getContent());
        }
        // README.md "Azure AI Inference and GitHub Models" ends
    }
}
