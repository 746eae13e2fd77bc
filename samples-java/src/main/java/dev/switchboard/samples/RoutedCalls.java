package dev.switchboard.samples;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.ChatCompletionClient;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.HttpOptions;
import dev.switchboard.java.Clients;
import dev.switchboard.java.SwitchboardClient;
import dev.switchboard.openai.OpenAiConfig;
import dev.switchboard.router.DeploymentStats;
import dev.switchboard.router.Router;
import dev.switchboard.router.RoutingStrategy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A router over two deployments of one model group: {@code east}, an OpenAI-compatible server on this machine that
 * answers 503 on cue, and {@code west}, answers recorded earlier. The router tries east first, hears the 503, and
 * sends the call to west, whose answer the caller gets as if nothing had happened; then it says who answered and who
 * failed. Runs offline: both deployments are on this machine.
 */
public final class RoutedCalls {
    private RoutedCalls() {
    }

    /** Tries the deployments in the order they were declared: the first available one takes the call. */
    private static final RoutingStrategy IN_ORDER = (candidates, request, streaming) -> candidates.get(0);

    /** Runs the sample. */
    public static void main(String[] args) throws IOException {
        HttpServer overloaded = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        overloaded.createContext("/", exchange -> {
            byte[] body = "{\"error\":{\"message\":\"The server is overloaded\",\"type\":\"server_error\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        overloaded.start();
        System.out.println("Offline: east is a server on this machine that answers 503, west replays recorded answers"
                + " from replay/quickstart.jsonl");
        try {
            ChatCompletionClient east = Clients.openAi("gpt-4o-mini", OpenAiConfig.builder()
                    .baseUrl("http://127.0.0.1:" + overloaded.getAddress().getPort() + "/v1")
                    .apiKey("sk-" + "offline-sample")
                    .httpOptions(HttpOptions.builder().maxRetries(0).build()) // the router retries, on another deployment
                    .build()).unwrap();
            ChatCompletionClient west = Clients.replayFromResource("replay/quickstart.jsonl").unwrap();
            Router router = Router.builder()
                    .group("gpt", group -> group.strategy(IN_ORDER).deployment("east", east).deployment("west", west))
                    .build();

            try (SwitchboardClient client = Clients.wrap(router)) {
                CreateRequest request = CreateRequest.builder()
                        .system("You are a concise assistant.")
                        .user("In one sentence: why do JVM programs need a common client for language models?")
                        .build();
                CreateResult result = client.create(request);
                System.out.println("Answer: " + result.getContent());
                for (DeploymentStats d : router.getDeployments()) {
                    System.out.println(d.getGroup() + "/" + d.getName() + ": " + d.getCalls() + " answered, "
                            + d.getFailures() + " failed, " + d.getUsage().getTotalTokens() + " tokens");
                }
                DeploymentStats answered = router.getDeployments().stream().filter(d -> d.getCalls() > 0).findFirst().orElseThrow();
                System.out.println("Answered by: " + answered.getGroup() + "/" + answered.getName());
            }
        } finally {
            overloaded.stop(0);
        }
    }
}
