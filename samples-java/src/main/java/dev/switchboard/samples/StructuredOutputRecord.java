package dev.switchboard.samples;

import dev.switchboard.CreateRequest;
import dev.switchboard.java.StructuredResult;
import dev.switchboard.java.SwitchboardClient;
import java.util.List;

/** The answer comes back as a Java record: the record's JSON schema is sent, the JSON is parsed into it. */
public final class StructuredOutputRecord {
    private StructuredOutputRecord() {
    }

    /** What we want back. */
    public record Recipe(String name, List<String> ingredients, int minutes) {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        try (SwitchboardClient client = SampleClients.open("replay/structured-output.jsonl")) {
            CreateRequest request = CreateRequest.builder()
                    .user("Give me a quick pancake recipe.")
                    .build();

            StructuredResult<Recipe> result = client.createStructured(request, Recipe.class);
            Recipe recipe = result.value();

            System.out.println("Recipe: " + recipe.name() + " (" + recipe.minutes() + " minutes)");
            recipe.ingredients().forEach(i -> System.out.println(" - " + i));
        }
    }
}
