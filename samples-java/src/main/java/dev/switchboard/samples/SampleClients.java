package dev.switchboard.samples;

import dev.switchboard.java.Clients;
import dev.switchboard.java.SwitchboardClient;

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

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
