package dev.switchboard.java;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on 127.0.0.1 that speaks the OpenAI Chat Completions API the way a test tells it to: a JSON
 * answer, an SSE stream, an error status, or an answer that never ends, whose handler reports when the
 * client's side of the connection is gone.
 */
public final class LoopbackOpenAi implements AutoCloseable {
    /** Answers one exchange. */
    public interface Responder {
        void respond(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-openai");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<String> requestBodies = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> requestLines = new LinkedBlockingQueue<>();
    private final BlockingQueue<com.sun.net.httpserver.Headers> requestHeaders = new LinkedBlockingQueue<>();
    private volatile Responder responder = exchange -> {
        throw new IOException("no responder set");
    };

    public LoopbackOpenAi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                requestLines.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                requestHeaders.add(exchange.getRequestHeaders());
                requestBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                responder.respond(exchange);
            }
        });
        server.start();
    }

    /** The base URL to configure the OpenAI client with. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The server's root URL, for providers whose base URL has no path ({@code http://127.0.0.1:port}). */
    public String rootUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void respond(Responder responder) {
        this.responder = responder;
    }

    /** The body of the next request that arrived. */
    public String takeRequestBody() throws InterruptedException {
        String body = requestBodies.poll(10, TimeUnit.SECONDS);
        if (body == null) throw new AssertionError("no request arrived");
        return body;
    }

    /** The method and URI (path and query) of the next request that arrived. */
    public String takeRequestLine() throws InterruptedException {
        String line = requestLines.poll(10, TimeUnit.SECONDS);
        if (line == null) throw new AssertionError("no request arrived");
        return line;
    }

    /** How many requests arrived and were not taken yet. */
    public int requestsWaiting() {
        return requestLines.size();
    }

    /** The headers of the next request that arrived. */
    public com.sun.net.httpserver.Headers takeRequestHeaders() throws InterruptedException {
        com.sun.net.httpserver.Headers headers = requestHeaders.poll(10, TimeUnit.SECONDS);
        if (headers == null) throw new AssertionError("no request arrived");
        return headers;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- responders ----

    public static Responder json(int status, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("x-request-id", "req-loopback");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    public static Responder sse(List<String> chunks) {
        return exchange -> {
            startSse(exchange);
            OutputStream out = exchange.getResponseBody();
            for (String chunk : chunks) writeEvent(out, chunk);
            writeEvent(out, "[DONE]");
        };
    }

    /** Answers the first exchange with the first of {@code responders}, the second with the second, and so on. */
    public static Responder inOrder(Responder... responders) {
        AtomicInteger next = new AtomicInteger();
        return exchange -> {
            int i = next.getAndIncrement();
            if (i >= responders.length) throw new IOException("no responder left for exchange " + (i + 1));
            responders[i].respond(exchange);
        };
    }

    /**
     * Sends {@code prefix} (SSE data lines, or nothing for a JSON answer) and then keeps the answer open,
     * writing a heartbeat (an SSE comment, or JSON whitespace) every 20 ms until a write fails because the
     * client closed the connection. {@link Hang#disconnected} completes with {@link System#nanoTime()} of
     * that moment; after 30 s without it, with an exception.
     */
    static final class Hang implements Responder {
        final CountDownLatch started = new CountDownLatch(1);
        final CompletableFuture<Long> disconnected = new CompletableFuture<>();
        private final boolean stream;
        private final List<String> prefix;

        Hang(boolean stream, List<String> prefix) {
            this.stream = stream;
            this.prefix = prefix;
        }

        @Override
        public void respond(HttpExchange exchange) throws IOException {
            if (stream) {
                startSse(exchange);
            } else {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
            }
            OutputStream out = exchange.getResponseBody();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            try {
                for (String chunk : prefix) writeEvent(out, chunk);
                out.flush();
                started.countDown();
                byte[] heartbeat = (stream ? ": still thinking\n\n" : " ").getBytes(StandardCharsets.UTF_8);
                while (System.nanoTime() < deadline) {
                    out.write(heartbeat);
                    out.flush();
                    Thread.sleep(20);
                }
                disconnected.completeExceptionally(new AssertionError("the client kept the connection open for 30 s"));
            } catch (IOException e) {
                disconnected.complete(System.nanoTime());
                throw e;
            } catch (InterruptedException e) {
                disconnected.completeExceptionally(e);
                Thread.currentThread().interrupt();
            }
        }

        void awaitStarted() throws InterruptedException {
            if (!started.await(10, TimeUnit.SECONDS)) throw new AssertionError("the request never reached the server");
        }

        /** Waits until the answer has started, and asserts that the client still holds the connection. */
        void awaitOpen() throws InterruptedException {
            awaitStarted();
            assertOpen();
        }

        /** Asserts that the client has not closed the connection yet. */
        void assertOpen() {
            if (disconnected.isDone()) throw new AssertionError("the connection closed before the test cancelled anything");
        }

        /** Asserts that the connection closed within {@code bound} of {@code from} (a {@link System#nanoTime()}). */
        Duration closedWithin(long from, Duration bound) throws Exception {
            long closedAt = disconnected.get(bound.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(closedAt - from);
            if (took.compareTo(bound) > 0) throw new AssertionError("the connection closed only after " + took);
            return took;
        }
    }

    private static void startSse(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("x-request-id", "req-loopback");
        exchange.sendResponseHeaders(200, 0);
    }

    private static void writeEvent(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    // ---- OpenAI payloads ----

    public static String completion(String content) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + quote(content) + "},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4,\"total_tokens\":13}}";
    }

    public static String delta(String content) {
        return "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + quote(content) + "},\"finish_reason\":null}]}";
    }

    public static String finish() {
        return "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
            + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}";
    }

    public static String usage(int prompt, int completion) {
        return "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
            + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
            + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }

    static String error(String message, String type, String code) {
        return "{\"error\":{\"message\":" + quote(message) + ",\"type\":" + quote(type) + ",\"param\":null,\"code\":"
            + quote(code) + "}}";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c == '\n') b.append("\\n");
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
