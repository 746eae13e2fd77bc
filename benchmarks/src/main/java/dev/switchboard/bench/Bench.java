package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs every row against the mock server in one run and prints the table of ratios to the floor.
 *
 * <p>The mock server and every measurement run in their own JVMs. Each row's JVM gets the runtime classpath a
 * user of that client has (resolved by Maven into {@code benchmarks/target/classpaths/<name>.txt} by
 * {@code scripts/bench.sh}) plus the harness classes. Repetitions are interleaved (every row once, then every
 * row again) so that a change of background load touches all rows alike; the table shows medians.
 *
 * <p>Options: {@code --reps N} (3), {@code --hold-reps N} (1), {@code --hold N} (streams held at once, 10,000; each needs a
 * file descriptor here and in the mock server, so at most the open-files limit), {@code --rows a,b,...}, {@code --scenarios
 * calls,hold,cold,jars} ({@code calls} is {@code stream} and {@code create} in one JVM), {@code --quick} (tiny sizes, for a functional check), {@code --out FILE}.
 */
public final class Bench {
    /** One client under measurement. */
    record RowDef(String name, String label, String cls, String variant, String classpath) {
    }

    static final List<RowDef> ROWS = List.of(
            new RowDef("floor", "floor: JDK HttpClient, bytes read and discarded", "dev.switchboard.bench.rows.FloorRow", "-", null),
            new RowDef("floor-cio", "floor of the cio engine: Ktor CIO client, bytes read and discarded", "dev.switchboard.bench.rows.CioFloorRow", "-", "kotlin-cio"),
            new RowDef("kotlin-java", "Switchboard Kotlin API, java engine (default)", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "java", "kotlin-java"),
            new RowDef("kotlin-okhttp", "Switchboard Kotlin API, okhttp engine", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "okhttp", "kotlin-okhttp"),
            new RowDef("kotlin-apache5", "Switchboard Kotlin API, apache5 engine", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "apache5", "kotlin-apache5"),
            new RowDef("kotlin-cio", "Switchboard Kotlin API, cio engine", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "cio", "kotlin-cio"),
            new RowDef("kotlin-events-off", "Switchboard Kotlin API, java engine, call events with the logger off", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "java/events-off", "kotlin-wrappers"),
            new RowDef("kotlin-events-on", "Switchboard Kotlin API, java engine, call events on (Logback, formatted, discarded)", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "java/events-on", "kotlin-wrappers"),
            new RowDef("kotlin-cache-hit", "Switchboard Kotlin API, java engine, every answer from a memory cache", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "java/cache-hit", "kotlin-wrappers"),
            new RowDef("kotlin-traced", "Switchboard Kotlin API, java engine, OpenTelemetry GenAI spans and metrics (SDK)", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "java/traced", "kotlin-wrappers"),
            new RowDef("kotlin-router", "Switchboard Kotlin API, java engine, a router over two deployments of the same client", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "java/router", "kotlin-wrappers"),
            new RowDef("kotlin-cache-miss", "Switchboard Kotlin API, java engine, a cache that misses every time (key, encode, store)", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "java/cache-miss", "kotlin-wrappers"),
            new RowDef("kotlin-rate-limit", "Switchboard Kotlin API, java engine, a rate limit that never binds (count, reserve, settle)", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "java/rate-limit", "kotlin-wrappers"),
            new RowDef("kotlin-anthropic", "Switchboard Kotlin API, java engine, Anthropic Messages wire format", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "java/anthropic", "kotlin-wrappers"),
            new RowDef("kotlin-ollama", "Switchboard Kotlin API, java engine, Ollama /api/chat (NDJSON) wire format", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "java/ollama", "kotlin-wrappers"),
            new RowDef("kotlin-responses", "Switchboard Kotlin API, java engine, OpenAI Responses API wire format", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "java/responses", "kotlin-wrappers"),
            new RowDef("kotlin-gemini", "Switchboard Kotlin API, java engine, Gemini streamGenerateContent wire format", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "java/gemini", "kotlin-wrappers"),
            new RowDef("kotlin-cohere", "Switchboard Kotlin API, java engine, Cohere v2 chat wire format", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "java/cohere", "kotlin-wrappers"),
            new RowDef("kotlin-bedrock", "Switchboard Kotlin API, java engine, Bedrock ConverseStream (binary event stream) wire format", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "java/bedrock", "kotlin-wrappers"),
            new RowDef("kotlin-memory", "Switchboard Kotlin API, no network (memory engine): the library's own path", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "memory", "kotlin-java"),
            new RowDef("kotlin-memory-anthropic", "Switchboard Kotlin API, no network, Anthropic Messages wire format", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "memory/anthropic", "kotlin-wrappers"),
            new RowDef("kotlin-memory-ollama", "Switchboard Kotlin API, no network, Ollama /api/chat (NDJSON) wire format", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "memory/ollama", "kotlin-wrappers"),
            new RowDef("kotlin-memory-responses", "Switchboard Kotlin API, no network, OpenAI Responses API wire format", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "memory/responses", "kotlin-wrappers"),
            new RowDef("kotlin-memory-gemini", "Switchboard Kotlin API, no network, Gemini streamGenerateContent wire format", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "memory/gemini", "kotlin-wrappers"),
            new RowDef("kotlin-memory-cohere", "Switchboard Kotlin API, no network, Cohere v2 chat wire format", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "memory/cohere", "kotlin-wrappers"),
            new RowDef("kotlin-memory-bedrock", "Switchboard Kotlin API, no network, Bedrock ConverseStream wire format", "dev.switchboard.bench.rows.SwitchboardKotlinRow", "memory/bedrock", "kotlin-wrappers"),
            new RowDef("java-memory", "Switchboard Java facade, Flow.Publisher, no network (memory engine)", "dev.switchboard.bench.rows.SwitchboardJavaRow", "memory", "java-java"),
            new RowDef("java-memory-blocking", "Switchboard Java facade, createStreamBlocking, no network", "dev.switchboard.bench.rows.SwitchboardJavaRow", "memory/blocking", "java-java"),
            new RowDef("java-memory-listener", "Switchboard Java facade, StreamListener, no network", "dev.switchboard.bench.rows.SwitchboardJavaRow", "memory/listener", "java-java"),
            new RowDef("java-memory-reactive", "Switchboard Java facade, Reactive Streams Publisher, no network", "dev.switchboard.bench.rows.SwitchboardJavaRow", "memory/reactive", "java-java"),
            new RowDef("java-java", "Switchboard Java facade, java engine (default)", "dev.switchboard.bench.rows.SwitchboardJavaRow", "java", "java-java"),
            new RowDef("java-blocking", "Switchboard Java facade, createStreamBlocking, java engine", "dev.switchboard.bench.rows.SwitchboardJavaRow", "java/blocking", "java-java"),
            new RowDef("java-listener", "Switchboard Java facade, StreamListener, java engine", "dev.switchboard.bench.rows.SwitchboardJavaRow", "java/listener", "java-java"),
            new RowDef("java-reactive", "Switchboard Java facade, Reactive Streams Publisher, java engine", "dev.switchboard.bench.rows.SwitchboardJavaRow", "java/reactive", "java-java"),
            new RowDef("java-future", "Switchboard Java facade, createAsync(...).get() one at a time, java engine", "dev.switchboard.bench.rows.SwitchboardJavaRow", "java/future", "java-java"),
            new RowDef("java-okhttp", "Switchboard Java facade, okhttp engine", "dev.switchboard.bench.rows.SwitchboardJavaRow", "okhttp", "java-okhttp"),
            new RowDef("java-apache5", "Switchboard Java facade, apache5 engine", "dev.switchboard.bench.rows.SwitchboardJavaRow", "apache5", "java-apache5"),
            new RowDef("java-cio", "Switchboard Java facade, cio engine", "dev.switchboard.bench.rows.SwitchboardJavaRow", "cio", "java-cio"),
            new RowDef("openai-java", "openai-java 4.101.0 (OkHttp)", "dev.switchboard.bench.rows.OpenAiJavaRow", "-", "openai-java"),
            new RowDef("langchain4j", "langchain4j-open-ai 1.19.0 (JDK HttpClient)", "dev.switchboard.bench.rows.LangChain4jRow", "-", "langchain4j"));

    /** The sizes of one run. */
    record Sizes(int streamWarm, int streams, int events, int createWarm, int seq, int par, int inFlight,
                 int hold, int holdEvents, int coldReps, int streamWarmMs, int createWarmMs) {
        static final Sizes FULL = new Sizes(10, 200, 2000, 500, 2000, 4000, 64, 10_000, 60, 3, 6000, 12000);
        static final Sizes QUICK = new Sizes(2, 3, 40, 20, 20, 40, 8, 50, 10, 1, 300, 300);

        /** These sizes with [n] streams held at once (each needs a file descriptor in this process and the server's). */
        Sizes withHold(int n) {
            return new Sizes(streamWarm, streams, events, createWarm, seq, par, inFlight, n, holdEvents, coldReps, streamWarmMs, createWarmMs);
        }
    }

    private final Path classes;
    private final Path classpaths;
    private final Sizes sizes;
    private final int reps;
    private final int holdReps;
    private final List<RowDef> rows;
    private final List<String> scenarios;
    private final PrintStream log;
    /** Results: scenario → row → one map per repetition. */
    private final Map<String, Map<String, List<Map<String, String>>>> results = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();
    private String serverUrl;
    private Process server;
    private final HttpClient stats = HttpClient.newHttpClient();
    private final long childTimeoutSeconds;

    Bench(Path classes, Path classpaths, Sizes sizes, int reps, int holdReps, List<RowDef> rows, List<String> scenarios, PrintStream log) {
        this.classes = classes;
        this.classpaths = classpaths;
        this.sizes = sizes;
        this.reps = reps;
        this.holdReps = holdReps;
        this.rows = rows;
        this.scenarios = scenarios;
        this.log = log;
        this.childTimeoutSeconds = sizes == Sizes.QUICK ? 60 : 300;
    }

    /** Runs the benchmark; see the class documentation for the options. */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) o.put("quick", "true");
            else o.put(args[i].substring(2), args[++i]);
        }
        Path base = Path.of(o.getOrDefault("dir", "benchmarks/target"));
        boolean quick = o.containsKey("quick");
        List<String> only = o.containsKey("rows") ? Arrays.asList(o.get("rows").split(",")) : null;
        List<RowDef> rows = new ArrayList<>();
        for (RowDef r : ROWS) if (only == null || only.contains(r.name()) || r.name().equals("floor")) rows.add(r);
        List<String> scenarios = Arrays.asList(o.getOrDefault("scenarios", "calls,hold,cold,jars").split(","));
        Sizes sizes = quick ? Sizes.QUICK : Sizes.FULL;
        if (o.containsKey("hold")) sizes = sizes.withHold(Integer.parseInt(o.get("hold")));
        Bench bench = new Bench(base.resolve("classes"), base.resolve("classpaths"), sizes,
                Integer.parseInt(o.getOrDefault("reps", quick ? "1" : "3")), Integer.parseInt(o.getOrDefault("hold-reps", "1")),
                rows, scenarios, System.err);
        String table = bench.run();
        System.out.println(table);
        Path out = Path.of(o.getOrDefault("out", base.resolve("bench-results.md").toString()));
        Files.writeString(out, table);
        System.err.println("written to " + out);
        if (bench.failures() > 0) System.exit(1);
    }

    /** Runs every scenario and returns the report in Markdown. */
    String run() throws Exception {
        String started = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16);
        String loadBefore = loadAverage();
        long t0 = System.nanoTime();
        startServer();
        try {
            for (String scenario : scenarios) {
                if (scenario.equals("jars")) continue;
                // calls: one JVM per client, whose child measures several windows after one warm-up
                int n = scenario.equals("hold") ? holdReps : scenario.equals("cold") ? Math.max(reps, sizes.coldReps()) : 1;
                for (int rep = 0; rep < n; rep++) {
                    for (int k = 0; k < rows.size(); k++) {
                        RowDef row = rows.get((k + rep) % rows.size());
                        Map<String, String> r = runChild(scenario, row);
                        for (String key : scenario.equals("calls") ? List.of("stream", "create") : List.of(scenario)) {
                            results.computeIfAbsent(key, s -> new LinkedHashMap<>()).computeIfAbsent(row.name(), x -> new ArrayList<>()).add(r);
                        }
                    }
                }
            }
        } finally {
            stopServer();
        }
        long minutes = (System.nanoTime() - t0) / 60_000_000_000L;
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L % 60;
        return Report.markdown(this, started, loadBefore, loadAverage(), minutes + " min " + seconds + " s");
    }

    int failures() {
        int n = 0;
        for (Map<String, List<Map<String, String>>> byRow : results.values()) {
            for (List<Map<String, String>> list : byRow.values()) for (Map<String, String> r : list) if (r.containsKey("error")) n++;
        }
        return n;
    }

    Map<String, Map<String, List<Map<String, String>>>> results() {
        return results;
    }

    Map<String, String> notes() {
        return notes;
    }

    Sizes sizes() {
        return sizes;
    }

    int reps() {
        return reps;
    }

    int holdReps() {
        return holdReps;
    }

    List<RowDef> rows() {
        return rows;
    }

    List<String> scenarios() {
        return scenarios;
    }

    /** The runtime jars of [row], or an empty list for the floor (the JDK alone). */
    List<Path> jars(RowDef row) throws IOException {
        if (row.classpath() == null) return List.of();
        Path file = classpaths.resolve(row.classpath() + ".txt");
        if (!Files.exists(file)) throw new IllegalStateException("No classpath file " + file + ": run scripts/bench.sh, which resolves them");
        String text = Files.readString(file).trim();
        List<Path> out = new ArrayList<>();
        if (!text.isEmpty()) for (String p : text.split(File.pathSeparator)) out.add(Path.of(p));
        return out;
    }

    private String classpath(RowDef row) throws IOException {
        StringBuilder cp = new StringBuilder(classes.toAbsolutePath().toString());
        for (Path jar : jars(row)) cp.append(File.pathSeparator).append(jar);
        return cp.toString();
    }

    private Map<String, String> runChild(String scenario, RowDef row) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin());
        if (!scenario.equals("cold")) {
            cmd.addAll(List.of("-Xms1g", "-Xmx2g", "-XX:+UseG1GC"));
            if (scenario.equals("hold")) cmd.add("-Xss512k");
        }
        cmd.addAll(List.of("-cp", classpath(row), "dev.switchboard.bench.Child", scenario, row.cls(), row.variant(), serverUrl));
        switch (scenario) {
            case "stream":
            case "create":
            case "calls":
                cmd.addAll(List.of("streamWarm=" + sizes.streamWarm(), "n=" + sizes.streams(), "events=" + sizes.events(),
                        "streamWarmMs=" + sizes.streamWarmMs(), "createWarmMs=" + sizes.createWarmMs(), "windows=" + reps));
                cmd.addAll(List.of("createWarm=" + sizes.createWarm(), "seq=" + sizes.seq(), "par=" + sizes.par(), "inflight=" + sizes.inFlight()));
                break;
            case "hold":
                cmd.addAll(List.of("n=" + sizes.hold(), "events=" + sizes.holdEvents(), "warmBurst=" + Math.min(2000, sizes.hold())));
                break;
            default:
                break;
        }
        long serverCpu0 = serverCpu();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // A child that hangs is killed, and its row reports the error instead of stalling the run.
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(childTimeoutSeconds, TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Map<String, String> result = new LinkedHashMap<>();
        StringBuilder tail = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    if (scenario.equals("cold")) result.put("coldMs", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e6));
                    for (String kv : line.substring(7).split(" ")) {
                        int eq = kv.indexOf('=');
                        if (eq > 0) result.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                } else {
                    tail.append(line).append('\n');
                    if (tail.length() > 20_000) tail.delete(0, tail.length() - 10_000);
                }
            }
        }
        p.waitFor();
        long serverCpu1 = serverCpu();
        if (result.isEmpty()) result.put("error", "no result (exit " + p.exitValue() + (p.exitValue() == 137 ? ", killed after "
                + childTimeoutSeconds + " s" : "") + ")");
        if (serverCpu0 >= 0 && serverCpu1 >= 0) result.put("serverCpuMs", Long.toString((serverCpu1 - serverCpu0) / 1_000_000));
        log.printf(Locale.ROOT, "%-7s %-15s %6.1f s  %s%n", scenario, row.name(), (System.nanoTime() - t0) / 1e9, result);
        if (result.containsKey("error")) {
            log.println(tail);
            notes.putIfAbsent(row.name() + "/" + scenario, result.get("error"));
        }
        return result;
    }

    private long serverCpu() {
        try {
            HttpResponse<String> r = stats.send(HttpRequest.newBuilder(URI.create(serverUrl + "/stats")).build(), HttpResponse.BodyHandlers.ofString());
            return Long.parseLong(r.body().trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void startServer() throws IOException {
        server = new ProcessBuilder(javaBin(), "-Xmx1g", "-XX:+UseSerialGC", "-cp", classes.toAbsolutePath().toString(),
                "dev.switchboard.bench.server.MockServer", "0", "100")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null || !line.startsWith("port=")) throw new IllegalStateException("the mock server did not start: " + line);
        serverUrl = "http://127.0.0.1:" + line.substring(5);
        log.println("mock server at " + serverUrl);
    }

    private void stopServer() throws InterruptedException {
        try {
            OutputStream stdin = server.getOutputStream();
            stdin.close();
        } catch (IOException ignored) {
            // destroyed below
        }
        if (!server.waitFor(10, TimeUnit.SECONDS)) server.destroyForcibly();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
