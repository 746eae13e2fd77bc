package dev.switchboard.samples;

import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.RequestUsage;
import dev.switchboard.java.Clients;
import dev.switchboard.java.SwitchboardClient;

/**
 * Asks a model on Amazon Bedrock through the Converse API and prints its answer, Bedrock's stop reason and the usage.
 * Runs against Bedrock when {@code AWS_BEARER_TOKEN_BEDROCK} (a Bedrock API key) or AWS credentials
 * ({@code AWS_ACCESS_KEY_ID}, or a profile named by {@code AWS_PROFILE}) are set, with the region of
 * {@code AWS_REGION} ({@code BEDROCK_MODEL} picks the model, default {@code us.amazon.nova-lite-v1:0}); offline
 * otherwise.
 */
public final class BedrockConverse {
    private BedrockConverse() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        String variable = "AWS_BEARER_TOKEN_BEDROCK";
        for (String candidate : new String[] {"AWS_BEARER_TOKEN_BEDROCK", "AWS_ACCESS_KEY_ID", "AWS_PROFILE"}) {
            if (!SampleClients.env(candidate, "").isEmpty()) {
                variable = candidate;
                break;
            }
        }
        try (SwitchboardClient client = SampleClients.open("replay/bedrock-converse.jsonl", variable,
                "Amazon Bedrock (or AWS credentials, with AWS_REGION)",
                () -> Clients.bedrock(SampleClients.env("BEDROCK_MODEL", "us.amazon.nova-lite-v1:0")))) {
            CreateResult result = client.create(CreateRequest.builder()
                    .system("Answer in one short sentence.")
                    .user("Which river flows through Lisbon?")
                    .maxTokens(100)
                    .build());
            System.out.println("Answer: " + result.getContent());
            System.out.println("Stop reason: " + result.getRawFinishReason() + " (" + result.getFinishReason() + ")");
            RequestUsage usage = result.getUsage();
            System.out.println("Tokens: " + usage.getPromptTokens() + " prompt (" + usage.getCachedTokens() + " cached) + "
                    + usage.getCompletionTokens() + " completion");
        }
    }
}
