package dev.switchboard.bench.server;

import static dev.switchboard.bench.server.RequestScan.CRLF;
import static dev.switchboard.bench.server.RequestScan.CRLFCRLF;
import static dev.switchboard.bench.server.RequestScan.chunkedEnd;
import static dev.switchboard.bench.server.RequestScan.indexOf;
import static dev.switchboard.bench.server.RequestScan.streamFlag;

import dev.switchboard.bench.server.Payloads.Format;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A loopback HTTP/1.1 server that answers chat calls from precomputed bytes, on one thread with one
 * selector, so that it costs far less than any client it serves.
 *
 * <p>Paths are {@code /<mode>/<events>/<api path>}: the mode is {@code fast} (a stream is written as fast as
 * the client reads) or {@code slow} (one event every interval, 100 ms by default); {@code events} is the
 * number of events (SSE events or NDJSON lines) a stream holds. The API path picks the format: any path
 * ending in {@code /chat/completions} is OpenAI Chat Completions (Azure and compatible servers included),
 * {@code /messages} is Anthropic, {@code /api/chat} is Ollama, {@code /responses} OpenAI's Responses API,
 * {@code :generateContent} / {@code :streamGenerateContent} Gemini, {@code /v2/chat} Cohere, {@code /converse} /
 * {@code /converse-stream} Bedrock. A request streams when its JSON body says {@code "stream": true} (Ollama: unless
 * it says {@code false}; Gemini and Bedrock: by the path). {@code GET /stats} answers the server's
 * process CPU time in nanoseconds. Connections are kept alive.
 *
 * <p>Run it as its own process with {@link #main}: it prints {@code port=<n>} and stops when its standard
 * input closes.
 */
public final class MockServer implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final long intervalNanos;
    private final Thread thread;
    /** Slow streams waiting for their next event, in order of due time (every wait is the same interval). */
    private final ArrayDeque<Conn> slow = new ArrayDeque<>();
    private final Map<String, Object> cache = new HashMap<>();
    private volatile boolean stopped;

    private MockServer(int port, long intervalMillis) throws IOException {
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.selector = Selector.open();
        this.listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("127.0.0.1", port), 16384);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        this.thread = new Thread(this::loop, "mock-server");
        thread.setDaemon(true);
    }

    /** Starts a server on [port] (0: any free port) sending a slow stream's events every [intervalMillis]. */
    public static MockServer start(int port, long intervalMillis) throws IOException {
        MockServer server = new MockServer(port, intervalMillis);
        server.thread.start();
        return server;
    }

    /** The port it listens on (127.0.0.1). */
    public int port() {
        return listener.socket().getLocalPort();
    }

    /** The base URL for [mode] ("fast" or "slow") and [events] events per stream, without an API path. */
    public String url(String mode, int events) {
        return "http://127.0.0.1:" + port() + "/" + mode + "/" + events;
    }

    @Override
    public void close() throws IOException {
        stopped = true;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) key.channel().close();
        selector.close();
    }

    /** Serves until standard input closes: {@code MockServer [port] [intervalMillis]}. */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        long interval = args.length > 1 ? Long.parseLong(args[1]) : 100;
        MockServer server = start(port, interval);
        System.out.println("port=" + server.port());
        System.out.flush();
        InputStream in = System.in;
        byte[] sink = new byte[256];
        while (in.read(sink) >= 0) {
            // the parent keeps stdin open while it needs the server
        }
        server.close();
    }

    // ------------------------------------------------------------------------------------------------

    private static final class Conn {
        final SocketChannel ch;
        SelectionKey key;
        byte[] in = new byte[4096];
        ByteBuffer inBuf = ByteBuffer.wrap(in);
        ByteBuffer out;
        byte[][] chunks;
        int next;
        long due;
        boolean closeAfter;
        boolean closed;
        boolean continued;

        Conn(SocketChannel ch) {
            this.ch = ch;
        }
    }

    private void loop() {
        try {
            while (!stopped) {
                long timeout = 0;
                Conn head = slow.peekFirst();
                if (head != null) {
                    long wait = head.due - System.nanoTime();
                    timeout = wait <= 0 ? -1 : Math.max(1, wait / 1_000_000L);
                }
                if (timeout < 0) {
                    selector.selectNow(this::ready);
                } else {
                    selector.select(this::ready, timeout);
                }
                tick();
            }
        } catch (IOException | RuntimeException e) {
            if (!stopped) {
                System.err.println("mock server failed: " + e);
                e.printStackTrace();
            }
        }
    }

    private void ready(SelectionKey key) {
        try {
            if (key.isAcceptable()) {
                SocketChannel ch;
                while ((ch = listener.accept()) != null) {
                    ch.configureBlocking(false);
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    Conn c = new Conn(ch);
                    c.key = ch.register(selector, SelectionKey.OP_READ, c);
                }
                return;
            }
            Conn c = (Conn) key.attachment();
            if (key.isValid() && key.isWritable()) {
                flush(c);
                serve(c);
            }
            if (key.isValid() && key.isReadable()) read(c);
        } catch (IOException e) {
            Object a = key.attachment();
            if (a instanceof Conn) close((Conn) a);
        }
    }

    private void read(Conn c) throws IOException {
        if (!c.inBuf.hasRemaining()) {
            byte[] bigger = new byte[c.in.length * 2];
            System.arraycopy(c.in, 0, bigger, 0, c.inBuf.position());
            ByteBuffer buf = ByteBuffer.wrap(bigger);
            buf.position(c.inBuf.position());
            c.in = bigger;
            c.inBuf = buf;
        }
        int n = c.ch.read(c.inBuf);
        if (n < 0) {
            close(c);
            return;
        }
        serve(c);
    }

    /** Answers the buffered requests, one at a time, while no response is being written. */
    private void serve(Conn c) throws IOException {
        while (!c.closed && c.out == null && c.chunks == null) {
            if (!request(c, c.inBuf.position())) return;
        }
    }

    /**
     * Parses one request from the first [len] bytes of the connection's buffer, takes it out of the buffer
     * and starts its response; returns false when it is not complete yet.
     */
    private boolean request(Conn c, int len) throws IOException {
        byte[] b = c.in;
        int headEnd = indexOf(b, 0, len, CRLFCRLF);
        if (headEnd < 0) return false;
        int lineEnd = indexOf(b, 0, headEnd + 2, CRLF);
        String requestLine = new String(b, 0, lineEnd, StandardCharsets.ISO_8859_1);
        long contentLength = 0;
        boolean chunked = false;
        boolean expect = false;
        boolean close = false;
        int p = lineEnd + 2;
        while (p < headEnd + 2) {
            int e = indexOf(b, p, headEnd + 2, CRLF);
            String header = new String(b, p, e - p, StandardCharsets.ISO_8859_1);
            int colon = header.indexOf(':');
            if (colon > 0) {
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("content-length")) contentLength = Long.parseLong(value);
                else if (name.equalsIgnoreCase("transfer-encoding")) chunked = value.toLowerCase().contains("chunked");
                else if (name.equalsIgnoreCase("expect")) expect = value.equalsIgnoreCase("100-continue");
                else if (name.equalsIgnoreCase("connection")) close = value.equalsIgnoreCase("close");
            }
            p = e + 2;
        }
        int bodyStart = headEnd + 4;
        int bodyEnd;
        if (chunked) {
            bodyEnd = chunkedEnd(b, bodyStart, len);
        } else {
            bodyEnd = bodyStart + (int) contentLength <= len ? bodyStart + (int) contentLength : -1;
        }
        if (bodyEnd < 0) {
            if (expect && !c.continued) {
                c.continued = true;
                c.ch.write(ByteBuffer.wrap(CONTINUE));
            }
            return false;
        }
        c.continued = false;
        c.closeAfter = close;
        Boolean stream = streamFlag(b, bodyStart, bodyEnd);
        System.arraycopy(b, bodyEnd, b, 0, len - bodyEnd);
        c.inBuf.position(len - bodyEnd);
        respond(c, requestLine, stream);
        return true;
    }

    private void respond(Conn c, String requestLine, Boolean stream) throws IOException {
        String[] parts = requestLine.split(" ");
        String method = parts[0];
        String path = parts.length > 1 ? parts[1] : "/";
        int q = path.indexOf('?');
        String route = q < 0 ? path : path.substring(0, q);
        if (method.equals("GET") && route.equals("/stats")) {
            long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            byte[] body = Payloads.utf8(Long.toString(cpu));
            send(c, Payloads.concat(Payloads.utf8("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                    + "\r\n\r\n"), body));
            return;
        }
        String[] seg = route.split("/", 4);   // "", mode, events, rest
        final Format format = seg.length == 4 ? formatOf("/" + seg[3]) : null;
        int events;
        try {
            events = seg.length == 4 ? Integer.parseInt(seg[2]) : -1;
        } catch (NumberFormatException e) {
            events = -1;
        }
        if (!method.equals("POST") || format == null || events < 8 || !(seg[1].equals("fast") || seg[1].equals("slow"))) {
            send(c, Payloads.error(404, "Not Found", "No route for " + method + " " + route
                    + " (expected POST /{fast|slow}/{events>=8}/ and an API path: .../chat/completions, /messages, /api/chat, /responses,"
                    + " :generateContent, :streamGenerateContent, /v2/chat, /converse or /converse-stream)"));
            return;
        }
        boolean streaming = streaming(format, route, stream);
        if (!streaming) {
            send(c, (byte[]) cache.computeIfAbsent("completion/" + format, k -> Payloads.completionResponse(format)));
        } else if (seg[1].equals("fast")) {
            int n = events;
            send(c, (byte[]) cache.computeIfAbsent("stream/" + format + "/" + n, k -> Payloads.streamResponse(format, n)));
        } else {
            int n = events;
            byte[] head = (byte[]) cache.computeIfAbsent("head/" + format, k -> Payloads.streamHead(format));
            byte[][] chunks = (byte[][]) cache.computeIfAbsent("slow/" + format + "/" + n, k -> Payloads.slowChunks(format, n));
            c.chunks = chunks;
            c.next = 1;
            send(c, Payloads.concat(head, chunks[0]));
        }
    }

    /** Whether a request in [format] to [route] whose body says "stream": [stream] (null: says nothing) asks for a stream. */
    private static boolean streaming(Format format, String route, Boolean stream) {
        return format == Format.OLLAMA ? !Boolean.FALSE.equals(stream)
                : format == Format.GEMINI ? route.endsWith(":streamGenerateContent")
                : format == Format.BEDROCK ? route.endsWith("/converse-stream")
                : Boolean.TRUE.equals(stream);
    }

    /** Whether a request in [format] to [route] with [body] asks for a stream, as this server decides it. */
    public static boolean streams(Format format, String route, byte[] body) {
        return streaming(format, route, body == null ? null : RequestScan.streamFlag(body, 0, body.length));
    }

    /** The wire format an API path asks for, or null when none matches. */
    public static Format formatOf(String apiPath) {
        if (apiPath.endsWith("/chat/completions")) return Format.OPENAI;
        if (apiPath.endsWith("/messages")) return Format.ANTHROPIC;
        if (apiPath.endsWith("/api/chat")) return Format.OLLAMA;
        if (apiPath.endsWith("/responses")) return Format.RESPONSES;
        if (apiPath.endsWith(":generateContent") || apiPath.endsWith(":streamGenerateContent")) return Format.GEMINI;
        if (apiPath.endsWith("/v2/chat")) return Format.COHERE;
        if (apiPath.endsWith("/converse") || apiPath.endsWith("/converse-stream")) return Format.BEDROCK;
        return null;
    }

    /** Starts writing [bytes] to [c]; the rest is written when the socket can take it. */
    private void send(Conn c, byte[] bytes) throws IOException {
        c.out = ByteBuffer.wrap(bytes);
        flush(c);
    }

    private void flush(Conn c) throws IOException {
        ByteBuffer out = c.out;
        if (out == null) {
            c.key.interestOps(SelectionKey.OP_READ);
            return;
        }
        c.ch.write(out);
        if (out.hasRemaining()) {
            c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            return;
        }
        c.out = null;
        c.key.interestOps(SelectionKey.OP_READ);
        if (c.chunks != null) {
            if (c.next < c.chunks.length) {
                c.due = System.nanoTime() + intervalNanos;
                slow.addLast(c);
                return;
            }
            c.chunks = null;
        }
        if (c.closeAfter) close(c);
    }

    /** Writes the next event of every slow stream that is due. */
    private void tick() {
        long now = System.nanoTime();
        Conn c;
        while ((c = slow.peekFirst()) != null && c.due - now <= 0) {
            slow.pollFirst();
            if (c.closed) continue;
            try {
                send(c, c.chunks[c.next++]);
                serve(c);
            } catch (IOException e) {
                close(c);
            }
        }
    }

    private void close(Conn c) {
        c.closed = true;
        c.chunks = null;
        c.out = null;
        try {
            c.key.cancel();
            c.ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static final byte[] CONTINUE = Payloads.utf8("HTTP/1.1 100 Continue\r\n\r\n");
}
