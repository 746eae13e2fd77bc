package dev.switchboard.samples;

import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.config.Switchboard;
import dev.switchboard.java.Clients;
import dev.switchboard.java.SwitchboardClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A client from a YAML file: a cache in front of a router with two deployments and a fallback group
 * ({@code config/assistant.yaml}, answers recorded earlier; {@code config/assistant-openai.yaml}, the same shape with
 * OpenAI, when {@code OPENAI_API_KEY} is set; or the file named as the first argument). It asks one question twice
 * (the second answer comes from the cache) and prints the client's configuration back, without secrets.
 */
public final class FromConfig {
    private FromConfig() {
    }

    /** Runs the sample; {@code args[0]}, when given, names the YAML or JSON file to load instead. */
    public static void main(String[] args) throws IOException {
        SwitchboardClient client;
        if (args.length > 0) {
            System.out.println("Loading " + args[0]);
            client = Clients.wrap(Switchboard.load(Path.of(args[0])));
        } else {
            boolean online = !Boolean.getBoolean("switchboard.samples.offline")
                    && !SampleClients.env("OPENAI_API_KEY", "").isBlank();
            String resource = online ? "config/assistant-openai.yaml" : "config/assistant.yaml";
            System.out.println((online ? "Online: loading " : "Offline: loading ") + resource
                    + (online ? " (OpenAI deployments)" : " (replayed answers; set OPENAI_API_KEY for config/assistant-openai.yaml)"));
            client = Clients.wrap(Switchboard.load(resourceText(resource), "yaml"));
        }
        try (client) {
            CreateRequest request = CreateRequest.builder()
                    .system("You are a concise assistant.")
                    .user("In one sentence: why do JVM programs need a common client for language models?")
                    .build();
            CreateResult first = client.create(request);
            System.out.println("Answer: " + first.getContent());
            CreateResult again = client.create(request);
            System.out.println("Asked again: cached=" + again.isCached() + ", same answer=" + again.getContent().equals(first.getContent()));
            System.out.println("Configuration, described back without secrets:");
            System.out.println(Switchboard.describeJson(client.unwrap()));
        }
    }

    private static String resourceText(String name) {
        try (InputStream in = FromConfig.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("No resource " + name + " on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
