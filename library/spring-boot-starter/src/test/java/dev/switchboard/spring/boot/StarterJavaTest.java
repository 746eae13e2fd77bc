package dev.switchboard.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.CreateRequest;
import dev.switchboard.java.SwitchboardClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What a Java user of the starter types: properties in, a SwitchboardClient bean out. */
class StarterJavaTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SwitchboardAutoConfiguration.class));

    @Test
    void aConfiguredClientIsASwitchboardClientBean() {
        runner.withPropertyValues(
                "switchboard.clients.assistant.provider=replay",
                "switchboard.clients.assistant.config.resource=replay/quickstart.jsonl")
            .run(context -> {
                SwitchboardClient client = context.getBean(SwitchboardClient.class);
                CreateRequest request = CreateRequest.builder().system("Be brief.").user("Why?").build();
                assertTrue(client.create(request).getContent().toString().startsWith("Because"));
                assertEquals("gpt-4o-mini-2024-07-18", client.getModel());
            });
    }

    @Test
    void aBadPropertyFailsStartupNamingIt() {
        runner.withPropertyValues("switchboard.clients.assistant.provider=replay")
            .run(context -> {
                Throwable failure = context.getStartupFailure();
                while (failure != null && !(failure instanceof SwitchboardConfigurationException)) failure = failure.getCause();
                SwitchboardConfigurationException e = (SwitchboardConfigurationException) failure;
                assertEquals("switchboard.clients.assistant.config", e.getProperty());
            });
    }
}
