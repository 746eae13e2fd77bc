package dev.switchboard.samples;

import dev.switchboard.ContentFilterResult;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.azure.identity.AzureIdentityTokens;
import dev.switchboard.java.Clients;
import dev.switchboard.java.SwitchboardClient;
import dev.switchboard.openai.AzureOpenAiConfig;

/**
 * Calls an Azure OpenAI deployment, authenticated with Microsoft Entra ID ({@code DefaultAzureCredential}: Azure
 * CLI login, managed identity, environment service principal, ...) unless {@code AZURE_OPENAI_API_KEY} is set, and
 * prints Azure's content-filter verdicts. Runs against Azure when {@code AZURE_OPENAI_ENDPOINT} is set
 * ({@code AZURE_OPENAI_DEPLOYMENT} names the deployment, default {@code gpt-4o-mini}), offline otherwise.
 */
public final class AzureOpenAiEntraId {
    private AzureOpenAiEntraId() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        try (SwitchboardClient client = SampleClients.open("replay/azure-openai.jsonl", "AZURE_OPENAI_ENDPOINT", "Azure OpenAI", () -> {
            AzureOpenAiConfig.Builder config = AzureOpenAiConfig.fromEnvironment();     // endpoint, key, api-version
            if (System.getenv("AZURE_OPENAI_API_KEY") == null) {
                config.tokenProvider(AzureIdentityTokens.defaultCredential());          // Entra ID bearer tokens, refreshed before expiry
            }
            return Clients.azureOpenAi(SampleClients.env("AZURE_OPENAI_DEPLOYMENT", "gpt-4o-mini"), config.build());
        })) {
            CreateResult result = client.create(CreateRequest.builder()
                    .user("In one sentence: what is a token in a language model?")
                    .build());
            System.out.println("Answer: " + result.getContent());
            for (ContentFilterResult verdict : result.getContentFilter()) {
                System.out.println("Content filter " + verdict.getCategory() + ": " + (verdict.isFiltered() ? "filtered" : "passed")
                        + (verdict.getSeverity() == null ? "" : " (severity " + verdict.getSeverity() + ")"));
            }
        }
    }
}
