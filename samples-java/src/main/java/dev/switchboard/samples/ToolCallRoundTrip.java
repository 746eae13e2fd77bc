package dev.switchboard.samples;

import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.FunctionCall;
import dev.switchboard.FunctionExecutionResult;
import dev.switchboard.LlmMessage;
import dev.switchboard.SystemMessage;
import dev.switchboard.Tool;
import dev.switchboard.ToolResultMessage;
import dev.switchboard.UserMessage;
import dev.switchboard.java.SwitchboardClient;
import java.util.ArrayList;
import java.util.List;

/** The model asks for a tool, the program runs it, and the model answers with its result. */
public final class ToolCallRoundTrip {
    private ToolCallRoundTrip() {
    }

    private static final Tool WEATHER = Tool.of(
            "get_weather",
            "The current weather in a city",
            """
            {"type": "object",
             "properties": {"city": {"type": "string", "description": "The city, e.g. Paris"}},
             "required": ["city"],
             "additionalProperties": false}
            """,
            true);

    /** Our tool: a real program would call a weather service here. */
    static String weatherIn(String argumentsJson) {
        String city = argumentsJson.replaceAll(".*\"city\"\\s*:\\s*\"([^\"]*)\".*", "$1");
        return "{\"city\": \"" + city + "\", \"temperature_c\": 18, \"sky\": \"partly cloudy\"}";
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        try (SwitchboardClient client = SampleClients.open("replay/tool-call.jsonl")) {
            List<LlmMessage> conversation = new ArrayList<>(List.of(
                    SystemMessage.of("Use the tools you have to answer."),
                    UserMessage.of("What's the weather in Paris right now?")));

            CreateResult first = client.create(CreateRequest.builder().messages(conversation).tool(WEATHER).build());
            if (first.getToolCalls().isEmpty()) {
                System.out.println("The model answered without the tool: " + first.getContent());
                return;
            }
            conversation.add(first.toAssistantMessage());

            List<FunctionExecutionResult> results = new ArrayList<>();
            for (FunctionCall call : first.getToolCalls()) {
                System.out.println("Model called " + call.getName() + " with " + call.getArguments());
                results.add(FunctionExecutionResult.of(call.getId(), call.getName(), weatherIn(call.getArguments())));
            }
            conversation.add(ToolResultMessage.of(results));

            CreateResult answer = client.create(CreateRequest.builder().messages(conversation).tool(WEATHER).build());
            System.out.println("Answer: " + answer.getContent());
        }
    }
}
