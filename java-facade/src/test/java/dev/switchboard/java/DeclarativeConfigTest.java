package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.FinishReason;
import dev.switchboard.RequestUsage;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigList;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.Switchboard;
import dev.switchboard.router.Router;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a Java program types to get its clients from YAML and JSON documents. */
class DeclarativeConfigTest {
    private static final CreateRequest HI = CreateRequest.builder().user("hi").build();

    @TempDir
    Path dir;

    @Test
    void aYamlFileBecomesAJavaClientWhoseCallsGoToTheProviderItNames() throws Exception {
        String key = "test-" + "java-config-key";
        try (LoopbackOpenAi server = new LoopbackOpenAi()) {
            server.respond(LoopbackOpenAi.json(200, LoopbackOpenAi.completion("hello from yaml")));
            Path doc = dir.resolve("llm.yaml");
            Files.writeString(doc, String.join("\n",
                    "provider: cache",
                    "config:",
                    "  client:",
                    "    provider: openai",
                    "    config:",
                    "      model: gpt-4o-mini",
                    "      base_url: " + server.baseUrl(),
                    "      api_key: ${MY_OPENAI_KEY}",
                    "      http: { max_retries: 0 }",
                    ""));
            ConfigLoader loader = Switchboard.loader().environment(Map.of("MY_OPENAI_KEY", key)).build();
            try (SwitchboardClient client = Clients.wrap(loader.load(doc))) {
                CreateResult first = client.create(HI);
                assertEquals("hello from yaml", first.getContent());
                assertEquals("Bearer " + key, server.takeRequestHeaders().getFirst("Authorization"));
                assertEquals("POST /v1/chat/completions", server.takeRequestLine());
                assertTrue(client.create(HI).isCached(), "the second call is answered by the cache");
                assertEquals(0, server.requestsWaiting());
                String described = Switchboard.describeJson(client.unwrap());
                assertFalse(described.contains(key), described);
                assertTrue(described.contains("${MY_OPENAI_KEY}"), described);
            }
        }
    }

    @Test
    void aWrongDocumentIsAConfigExceptionThatNamesThePath() {
        ConfigException e = assertThrows(ConfigException.class, () -> Switchboard.load(
                "{provider: router, config: {groups: [{name: main, deployments: [{name: a, provider: opena1}]}]}}", "yaml"));
        assertEquals("config.groups[0].deployments[0].provider", e.getPath());
        assertTrue(e.getProblem().startsWith("unknown provider \"opena1\" (known: "), e.getProblem());
        assertTrue(e.getProblem().contains("openai"), e.getProblem());
        assertThrows(IOException.class, () -> Switchboard.load(dir.resolve("missing.yaml")));
    }

    @Test
    void aRouterFromJsonAndAListFilteredByTags() throws Exception {
        Path replay = dir.resolve("answers.jsonl");
        try (SwitchboardClient recorder = Clients.recording(Clients.replay(List.of(
                CreateResult.ofText("routed", FinishReason.STOP, RequestUsage.of(1, 1)))).unwrap(), replay)) {
            recorder.create(HI);
        }
        String router = "{\"provider\": \"router\", \"config\": {\"groups\": [{\"name\": \"main\", \"deployments\": ["
                + "{\"name\": \"a\", \"provider\": \"replay\", \"config\": {\"file\": \"" + replay + "\"}}]}]}}";
        try (SwitchboardClient client = Clients.wrap(Switchboard.loadJson(router))) {
            assertInstanceOf(Router.class, client.unwrap());
            assertEquals("routed", client.create(HI).getContent());
        }
        Path list = dir.resolve("OAI_CONFIG_LIST"); // AutoGen's file name: no extension, read as JSON
        Files.writeString(list, "[{\"provider\": \"replay\", \"config\": {\"file\": \"" + replay + "\", \"model\": \"small\"}, \"tags\": [\"cheap\"]},"
                + " {\"provider\": \"replay\", \"config\": {\"file\": \"" + replay + "\", \"model\": \"large\"}, \"tags\": [\"smart\"]}]");
        ConfigList entries = ConfigList.fromFile(list);
        assertEquals(2, entries.getEntries().size());
        try (SwitchboardClient client = Clients.wrap(entries.withTags("smart").first())) {
            assertEquals("large", client.getModel());
            assertEquals("routed", client.create(HI).getContent());
        }
    }
}
