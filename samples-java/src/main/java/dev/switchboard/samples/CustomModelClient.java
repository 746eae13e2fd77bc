package dev.switchboard.samples;

import dev.switchboard.ChatStreamEvent;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.FinishReason;
import dev.switchboard.LlmMessage;
import dev.switchboard.ModelInfo;
import dev.switchboard.RequestUsage;
import dev.switchboard.TextPart;
import dev.switchboard.UserMessage;
import dev.switchboard.java.Clients;
import dev.switchboard.java.ModelClient;
import dev.switchboard.java.StreamListener;
import dev.switchboard.java.SwitchboardClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model of your own, written in Java, behind the same API as every provider: a rule-based "model" that adds
 * numbers and otherwise echoes. It streams word by word through a {@link SubmissionPublisher}; a real one would call
 * its inference there. Runs offline: it is its own model.
 */
public final class CustomModelClient {
    private CustomModelClient() {
    }

    /** Adds "a + b" questions, echoes anything else; its work runs on its own threads, never the caller's. */
    static final class RuleBasedModel extends ModelClient {
        private static final Pattern SUM = Pattern.compile("(-?\\d+)\\s*\\+\\s*(-?\\d+)");
        private final ExecutorService inference = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "rule-based-model");
            thread.setDaemon(true);
            return thread;
        });

        RuleBasedModel() {
            super("rules-1", ModelInfo.builder().vision(false).functionCalling(false).build());
        }

        @Override
        public CompletableFuture<CreateResult> createAsync(CreateRequest request) {
            return CompletableFuture.supplyAsync(() -> answer(request), inference);
        }

        @Override
        public Flow.Publisher<ChatStreamEvent> createStream(CreateRequest request) {
            // Cold: every subscription computes the answer anew. SubmissionPublisher honours demand and cancellation.
            return subscriber -> {
                SubmissionPublisher<ChatStreamEvent> events = new SubmissionPublisher<>(inference, 16);
                events.subscribe(subscriber);
                inference.execute(() -> {
                    CreateResult result = answer(request);
                    for (String word : result.getContent().split("(?<= )")) {
                        if (!events.hasSubscribers()) return; // cancelled: stop generating
                        events.submit(new ChatStreamEvent.TextDelta(word, 0));
                    }
                    events.submit(new ChatStreamEvent.Completed(result));
                    events.close();
                });
            };
        }

        @Override
        public void close() {
            inference.shutdownNow();
        }

        private CreateResult answer(CreateRequest request) {
            String question = lastUserText(request.getMessages());
            Matcher sum = SUM.matcher(question);
            String text = sum.find()
                ? sum.group(1) + " + " + sum.group(2) + " = " + (Long.parseLong(sum.group(1)) + Long.parseLong(sum.group(2)))
                : "You said: " + question;
            int prompt = countTokens(request.getMessages(), request.getTools());
            return CreateResult.ofText(text, FinishReason.STOP, RequestUsage.of(prompt, text.split(" ").length));
        }

        private static String lastUserText(List<LlmMessage> messages) {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i) instanceof UserMessage user) {
                    StringBuilder text = new StringBuilder();
                    user.getContent().forEach(part -> {
                        if (part instanceof TextPart t) text.append(t.getText());
                    });
                    return text.toString();
                }
            }
            return "";
        }
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        try (SwitchboardClient client = Clients.custom(new RuleBasedModel())) {
            System.out.println("Offline: a rule-based model written in Java (" + client.getModel() + ")");

            CreateResult sum = client.create(CreateRequest.builder().user("What is 19 + 23?").build());
            System.out.println("Answer: " + sum.getContent());

            System.out.print("Streamed: ");
            CreateResult echoed = client.createStream(CreateRequest.builder().user("Hello from Java").build(),
                new StreamListener() {
                    @Override
                    public void onText(String text) {
                        System.out.print("[" + text + "]");
                    }
                }).join();
            System.out.println();
            System.out.println("Finish reason: " + echoed.getFinishReason() + ", tokens so far: "
                + client.getTotalUsage().getPromptTokens() + " prompt + " + client.getTotalUsage().getCompletionTokens()
                + " completion");
        }
    }
}
