package dev.switchboard.samples;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.java.Clients;
import dev.switchboard.java.SwitchboardClient;
import dev.switchboard.openai.OpenAiApi;
import dev.switchboard.openai.OpenAiConfig;
import dev.switchboard.openai.ResponsesRequests;
import java.util.stream.Stream;

/**
 * Talks to OpenAI over the Responses API: streams a reasoning model's summary of its reasoning, then its answer,
 * and continues the conversation from the response id ({@code previous_response_id}), sending only the new
 * question. Runs against OpenAI when {@code OPENAI_API_KEY} is set ({@code OPENAI_MODEL} picks a reasoning model,
 * default {@code gpt-5-mini}), offline otherwise.
 */
public final class ResponsesApi {
    private ResponsesApi() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        try (SwitchboardClient client = SampleClients.open("replay/responses.jsonl", "OPENAI_API_KEY", "OpenAI's Responses API",
                () -> Clients.openAiResponses(SampleClients.env("OPENAI_MODEL", "gpt-5-mini"),
                        OpenAiConfig.fromEnvironment().api(OpenAiApi.RESPONSES).reasoningSummary("auto").build()))) {
            CreateRequest first = CreateRequest.builder()
                    .system("Answer in one sentence.")
                    .user("How long does light take to reach the Moon?")
                    .reasoningEffort("low")
                    .build();
            CreateResult result = null;
            boolean thinking = false;
            try (Stream<ChatStreamEvent> events = client.createStreamBlocking(first)) {
                for (ChatStreamEvent event : (Iterable<ChatStreamEvent>) events::iterator) {
                    if (event instanceof ChatStreamEvent.ThoughtDelta thought) {
                        if (!thinking) System.out.print("Thinking: ");
                        thinking = true;
                        System.out.print(thought.getText().replace("\n\n", " "));
                    } else if (event instanceof ChatStreamEvent.TextDelta text) {
                        if (thinking) System.out.print("\nAnswer: ");
                        thinking = false;
                        System.out.print(text.getText());
                    } else if (event instanceof ChatStreamEvent.Completed completed) {
                        result = completed.getResult();
                        System.out.println();
                    }
                }
            }
            System.out.println("Response id: " + result.getId() + ", reasoning items kept for the next turn: "
                    + result.getThoughtBlocks().size());

            // The server keeps the conversation: send only what is new, with the id of the answer it follows.
            CreateRequest.Builder next = CreateRequest.builder().user("And to reach the Sun?");
            ResponsesRequests.previousResponseId(next, result.getId());
            CreateResult followUp = client.create(next.build());
            System.out.println("Follow-up: " + followUp.getContent());
        }
    }
}
