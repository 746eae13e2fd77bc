package dev.switchboard.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.ChatCompletionClient;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.Switchboard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example document in README.md (a fenced block marked {@code yaml config} or {@code json config}) loads into a
 * client with every module the samples have on their class path. Loading builds the clients, their wrappers and token
 * providers, and makes no call.
 */
class ReadmeConfigDocumentsTest {
    private static final Pattern BLOCK = Pattern.compile("```(yaml|json) config\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void everyExampleDocumentInTheReadmeLoads() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("switchboard.repoRoot", "..")).resolve("README.md"));
        Matcher m = BLOCK.matcher(readme);
        List<String> loaded = new ArrayList<>();
        ConfigLoader loader = Switchboard.loader().environment(Map.of(
                "OPENAI_API_KEY", "test-openai-readme-key",
                "ANTHROPIC_API_KEY", "test-anthropic-readme-key",
                "GROQ_API_KEY", "test-groq-readme-key",
                "AZURE_OPENAI_ENDPOINT", "https://readme.openai.azure.com")).build();
        int n = 0;
        while (m.find()) {
            // Relative file names (a disk cache) resolve against the document's directory: a temporary one here.
            Path doc = dir.resolve("readme-" + (n++) + "." + m.group(1));
            Files.writeString(doc, m.group(2));
            try (ChatCompletionClient client = loader.load(doc)) {
                String described = Switchboard.describeJson(client);
                assertFalse(described.contains("readme-key"), described);
                loaded.add(m.group(1) + ":" + client.getModel());
            }
        }
        assertEquals(2, loaded.size(), "the README's example documents: " + loaded);
        assertTrue(loaded.contains("json:llama-3.3-70b-versatile"), loaded.toString());
    }
}
