package dev.switchboard.samples;

import dev.switchboard.java.Clients;
import dev.switchboard.java.SwitchboardClient;
import java.util.function.Supplier;

/**
 * How every sample gets its client: the real OpenAI API (or a compatible server) when
 * {@code OPENAI_API_KEY} or {@code OPENAI_BASE_URL} is set, otherwise answers recorded earlier and
 * shipped with the samples, so that each sample runs offline.
 */
final class SampleClients {
    private SampleClients() {
    }

    /**
     * The client for a sample; prints, as the sample's first line, whether it is online or offline.
     *
     * @param replayResource the classpath resource with the recorded answers for offline runs
     */
    static SwitchboardClient open(String replayResource) {
        boolean offline = Boolean.getBoolean("switchboard.samples.offline")
                || (isBlank(System.getenv("OPENAI_API_KEY")) && isBlank(System.getenv("OPENAI_BASE_URL")));
        if (offline) {
            System.out.println("Offline: replaying recorded answers from " + replayResource
                    + " (set OPENAI_API_KEY, or OPENAI_BASE_URL for a compatible server, to call a real model)");
            return Clients.replayFromResource(replayResource);
        }
        String model = System.getenv().getOrDefault("OPENAI_MODEL", "gpt-4o-mini");
        SwitchboardClient client = Clients.openAi(model);
        System.out.println("Online: calling " + model + " (set OPENAI_MODEL to choose another model)");
        return client;
    }

    /**
     * The client for a sample of another provider: {@code online} when the environment variable {@code variable}
     * is set, the recorded answers in {@code replayResource} otherwise. Prints which, as the sample's first line.
     *
     * @param online builds the real client; {@code description} says what it calls
     */
    static SwitchboardClient open(String replayResource, String variable, String description, Supplier<SwitchboardClient> online) {
        if (Boolean.getBoolean("switchboard.samples.offline") || isBlank(System.getenv(variable))) {
            System.out.println("Offline: replaying recorded answers from " + replayResource
                    + " (set " + variable + " to call " + description + ")");
            return Clients.replayFromResource(replayResource);
        }
        SwitchboardClient client = online.get();
        System.out.println("Online: calling " + description + " (" + client.getModel() + ")");
        return client;
    }

    /** The environment variable {@code name}, or {@code fallback} when it is not set. */
    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return isBlank(value) ? fallback : value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
