package dev.switchboard.samples;

import dev.switchboard.Citation;
import dev.switchboard.CitationSource;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.cohere.CohereDocument;
import dev.switchboard.cohere.CohereDocuments;
import dev.switchboard.java.Clients;
import dev.switchboard.java.SwitchboardClient;
import java.util.List;

/**
 * Asks Cohere a question about two documents sent with the request, and prints the answer with the spans Cohere
 * cites and the documents behind each. Runs against Cohere when {@code CO_API_KEY} is set ({@code COHERE_MODEL}
 * picks the model, default {@code command-a-03-2025}), offline otherwise.
 */
public final class CohereChat {
    private CohereChat() {
    }

    /** Runs the sample. */
    public static void main(String[] args) {
        try (SwitchboardClient client = SampleClients.open("replay/cohere-chat.jsonl", "CO_API_KEY", "Cohere",
                () -> Clients.cohere(SampleClients.env("COHERE_MODEL", "command-a-03-2025")))) {
            CreateRequest.Builder request = CreateRequest.builder()
                    .user("Which of our two offices opened first, and when?");
            CohereDocuments.attach(request, List.of(
                    CohereDocument.of("lisbon", "Lisbon office", "The Lisbon office opened in March 2019 with twelve people."),
                    CohereDocument.of("oslo", "Oslo office", "The Oslo office opened in September 2021.")));
            CreateResult result = client.create(request.build());
            System.out.println("Answer: " + result.getContent());
            for (Citation citation : result.getCitations()) {
                StringBuilder sources = new StringBuilder();
                for (CitationSource source : citation.getSources()) sources.append(sources.length() == 0 ? "" : ", ").append(source.getId());
                System.out.println("  \"" + citation.getText() + "\" [" + citation.getStart() + ", " + citation.getEnd() + ") from " + sources);
            }
        }
    }
}
