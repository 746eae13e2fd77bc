package dev.switchboard.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.CreateRequest;
import dev.switchboard.CreateResult;
import dev.switchboard.bedrock.BedrockConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The Bedrock factories as a Java user calls them, against a loopback server speaking Converse. */
class BedrockFactoryTest {
    private static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final String CONVERSE = "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Hello from Bedrock\"}]}},"
        + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":5,\"outputTokens\":3,\"totalTokens\":8},\"metrics\":{\"latencyMs\":12}}";

    @Test
    void awsCredentialsSignTheConverseCallWithSigV4() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        HttpServer server = serve(seen);
        // The facade brings no AWS SDK (switchboard-bedrock signs with its own SigV4 code): this test runs without it.
        assertThrows(ClassNotFoundException.class, () -> Class.forName("software.amazon.awssdk.auth.credentials.AwsCredentialsProvider"));
        BedrockConfig config = BedrockConfig.builder().region("us-west-2").baseUrl(url(server))
            .credentials("AKIDEXAMPLE", "test-secret-123", "test-session-123").build();
        try (SwitchboardClient client = Clients.bedrock(MODEL, config)) {
            CreateResult result = client.create(CreateRequest.builder().user("Hi").build());
            assertEquals("Hello from Bedrock", result.getContent());
            assertEquals(8, result.getUsage().getTotalTokens());
            assertEquals("/model/" + MODEL + "/converse", seen.get("path"));
            String auth = seen.get("authorization");
            assertTrue(auth.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), auth);
            assertTrue(auth.contains("/us-west-2/bedrock/aws4_request"), auth);
            assertTrue(auth.matches(".*SignedHeaders=[^,]*host[^,]*x-amz-content-sha256[^,]*x-amz-date[^,]*, Signature=[0-9a-f]{64}"), auth);
            assertEquals(sha256(seen.get("body")), seen.get("x-amz-content-sha256"));
            assertEquals("test-session-123", seen.get("x-amz-security-token"));
            assertNotNull(seen.get("x-amz-date"));
            assertFalse(client.toString().contains("test-secret-123"), client.toString());
            assertFalse(config.toString().contains("test-secret-123") || config.toString().contains("test-session-123"), config.toString());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aBedrockApiKeyIsSentAsBearerWithoutSigning() throws IOException {
        Map<String, String> seen = new ConcurrentHashMap<>();
        HttpServer server = serve(seen);
        BedrockConfig config = BedrockConfig.builder().apiKey("test-key-123").region("us-east-1").baseUrl(url(server)).build();
        try (SwitchboardClient client = Clients.bedrock("amazon.nova-lite-v1:0", config)) {
            assertEquals("Hello from Bedrock", client.create(CreateRequest.builder().user("Hi").build()).getContent());
            assertEquals("/model/amazon.nova-lite-v1:0/converse", seen.get("path"));
            assertEquals("Bearer test-key-123", seen.get("authorization"));
            assertFalse(seen.containsKey("x-amz-date"), seen.toString());
            assertFalse(client.toString().contains("test-key-123"), client.toString());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void blankModelsAndMissingRegionsAreRefusedWithTheReason() {
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
            () -> Clients.bedrock(" ", BedrockConfig.builder().apiKey("test-key-123").region("us-east-1").build()));
        assertTrue(blank.getMessage().contains("blank"), blank.getMessage());
        IllegalArgumentException region = assertThrows(IllegalArgumentException.class, () -> BedrockConfig.builder().build());
        assertTrue(region.getMessage().contains("AWS_REGION"), region.getMessage());
        assertThrows(NullPointerException.class, () -> Clients.bedrock(MODEL, null));
    }

    private static HttpServer serve(Map<String, String> seen) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.put("path", exchange.getRequestURI().getPath());
            exchange.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(), values.get(0)));
            seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = CONVERSE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("x-amzn-RequestId", "req-1");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String sha256(String body) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
