package dev.switchboard.samples;

import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.java.SwitchboardClient;
import java.util.Map;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application whose client comes from properties: {@code switchboard.clients.assistant.*} in
 * {@code springboot-chat.properties} (its own config name, so that it does not clash with the other samples) gives a
 * {@code SwitchboardClient} bean, which a {@link CommandLineRunner} asks one question.
 */
@SpringBootApplication
public class SpringBootChat {
    /** The question, asked by the runner; the properties name the client (replay, offline). */
    @Bean
    CommandLineRunner ask(SwitchboardClient assistant) {
        return args -> {
            CreateRequest request = CreateRequest.builder()
                    .system("You are a concise assistant.")
                    .user("In one sentence: why do JVM programs need a common client for language models?")
                    .build();
            CreateResult result = assistant.create(request);
            System.out.println("Answer: " + result.getContent());
            System.out.println("Tokens: " + result.getUsage().getPromptTokens() + " prompt + "
                    + result.getUsage().getCompletionTokens() + " completion");
        };
    }

    /**
     * Runs the sample: offline with {@code springboot-chat.properties}, or, when {@code OPENAI_API_KEY} is set, with
     * {@code springboot-chat-openai.properties}, whose client is OpenAI's (a config name of its own rather than a
     * profile, since a profile's properties are added to the default ones, and a replay key under an OpenAI client
     * is an unknown key).
     */
    public static void main(String[] args) {
        boolean online = !Boolean.getBoolean("switchboard.samples.offline") && !SampleClients.env("OPENAI_API_KEY", "").isBlank();
        if (online) {
            System.out.println("Online: calling OpenAI (switchboard.clients.assistant in springboot-chat-openai.properties)");
        } else {
            System.out.println("Offline: replaying recorded answers from replay/quickstart.jsonl "
                    + "(switchboard.clients.assistant in springboot-chat.properties; set OPENAI_API_KEY for springboot-chat-openai.properties)");
        }
        new SpringApplicationBuilder(SpringBootChat.class)
                .web(WebApplicationType.NONE)
                .properties(Map.of("spring.config.name", online ? "springboot-chat-openai" : "springboot-chat", "spring.main.banner-mode", "off"))
                .run(args)
                .close();
    }
}
