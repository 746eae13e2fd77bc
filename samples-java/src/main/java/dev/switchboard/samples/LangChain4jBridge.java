package dev.switchboard.samples;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import dev.switchboard.java.SwitchboardClient;
import dev.switchboard.langchain4j.SwitchboardChatModel;
import java.util.Locale;

/**
 * A LangChain4j {@code AiServices} interface with a tool, answered through a Switchboard client: LangChain4j runs
 * the tool loop, Switchboard makes the calls (with its retries, usage accounting and any wrappers).
 */
public final class LangChain4jBridge {
    private LangChain4jBridge() {
    }

    /** The AI service: LangChain4j implements it over any ChatModel, here Switchboard's. */
    interface RunningCoach {
        @SystemMessage("You answer running questions. Use the tools for unit conversions.")
        String ask(String question);
    }

    /** The tool LangChain4j offers the model and runs when the model asks for it. */
    static final class Units {
        @Tool("Converts miles to kilometres")
        double milesToKilometres(@P(name = "miles", value = "a distance in miles") double miles) {
            double km = miles * 1.609344;
            System.out.println(String.format(Locale.ROOT, "Tool milesToKilometres(%s) = %.2f", miles, km));
            return km;
        }
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        try (SwitchboardClient client = SampleClients.open("replay/langchain4j-bridge.jsonl")) {
            RunningCoach coach = AiServices.builder(RunningCoach.class)
                    .chatModel(new SwitchboardChatModel(client.unwrap()))
                    .tools(new Units())
                    .build();
            System.out.println("Answer: " + coach.ask("How many kilometres is a marathon of 26.2 miles?"));
            System.out.println("Tokens: " + client.getTotalUsage().getTotalTokens());
        }
    }
}
