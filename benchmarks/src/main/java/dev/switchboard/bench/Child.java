package dev.switchboard.bench;

import dev.switchboard.bench.server.Payloads;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measurement in its own JVM, so that the JIT and heap of one client never weigh on another:
 * {@code Child <scenario> <row class> <variant> <server url> [key=value ...]}. It prints one line
 * {@code RESULT key=value ...} and exits.
 *
 * <ul>
 *   <li>{@code calls ...}: {@code stream}, then {@code create}, in one JVM;</li>
 *   <li>{@code stream streamWarm=W n=N events=E}: CPU and bytes allocated per chunk over N sequential streams of E events, after passes of W streams until the JIT is quiet;</li>
 *   <li>{@code create createWarm=W seq=S par=P inflight=K}: CPU and bytes per non-streaming call, one at a time and K in flight;</li>
 *   <li>{@code hold n=N events=E}: N slow streams at once: how many complete, threads, heap per stream, RSS;</li>
 *   <li>{@code cold}: one non-streaming call, as early as possible (the parent times spawn to this line).</li>
 * </ul>
 */
public final class Child {
    private Child() {
    }

    /** Runs one scenario; see the class documentation. */
    public static void main(String[] args) throws Exception {
        String scenario = args[0];
        String rowClass = args[1];
        String variant = args[2];
        String server = args[3];
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 4; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            opts.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        int events = Integer.parseInt(opts.getOrDefault("events", "2000"));
        streamWarmMs = Long.parseLong(opts.getOrDefault("streamWarmMs", "3000"));
        createWarmMs = Long.parseLong(opts.getOrDefault("createWarmMs", "5000"));
        windows = Integer.parseInt(opts.getOrDefault("windows", "3"));
        String mode = scenario.equals("hold") ? "slow" : "fast";
        Row row = newRow(rowClass, server + "/" + mode + "/" + events, variant);
        Map<String, Object> out = new LinkedHashMap<>();
        if (!scenario.equals("cold")) Probe.init();
        try {
            switch (scenario) {
                case "cold":
                    check("cold call", row.create(1, 1), answerSize(row));
                    break;
                case "stream":
                    stream(row, opts, events, out);
                    break;
                case "calls":
                    stream(row, opts, events, out);
                    create(row, opts, out);
                    break;
                case "create":
                    create(row, opts, out);
                    break;
                case "hold":
                    hold(row, rowClass, variant, server, opts, events, out);
                    break;
                default:
                    throw new IllegalArgumentException("unknown scenario " + scenario);
            }
        } catch (Throwable t) {
            System.out.println("RESULT error=" + oneLine(t.toString()));
            t.printStackTrace();
            System.out.flush();
            System.exit(2);
        }
        StringBuilder line = new StringBuilder("RESULT ok=true");
        for (Map.Entry<String, Object> e : out.entrySet()) line.append(' ').append(e.getKey()).append('=').append(e.getValue());
        System.out.println(line);
        System.out.flush();
        if (!scenario.equals("cold")) {
            try {
                row.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }
        System.exit(0);
    }

    private static void stream(Row row, Map<String, String> opts, int events, Map<String, Object> out) throws Exception {
        int warm = Integer.parseInt(opts.getOrDefault("streamWarm", "10"));
        int n = Integer.parseInt(opts.getOrDefault("n", "200"));
        long per = row.countsBytes() ? Payloads.streamBodyBytes(row.format(), events) : Payloads.streamText(row.format(), events).length();
        out.put("streamWarmPasses", warmUp(streamWarmMs, () -> check("warm-up streams", row.stream(warm), per * warm)));
        double chunks = (double) n * events;
        measure(windows, out, "", chunks, () -> check("streams", row.stream(n), per * n), "cpuNsPerChunk", "allocPerChunk", "wallMs");
    }

    private static void create(Row row, Map<String, String> opts, Map<String, Object> out) throws Exception {
        int warm = Integer.parseInt(opts.getOrDefault("createWarm", "500"));
        int seq = Integer.parseInt(opts.getOrDefault("seq", "3000"));
        int par = Integer.parseInt(opts.getOrDefault("par", "6000"));
        int inFlight = Integer.parseInt(opts.getOrDefault("inflight", "64"));
        long per = answerSize(row);
        // Warm-up passes are mostly calls in flight together: they reach the JIT's thresholds sooner.
        out.put("createWarmPasses", warmUp(createWarmMs, () -> {
            check("warm-up calls in flight", row.create(warm, inFlight), per * warm);
            check("warm-up calls", row.create(warm / 5, 1), per * (warm / 5));
        }));
        // The windows alternate between the two ways, so that a change of background load touches both alike.
        double[][] seqResults = new double[windows][];
        double[][] parResults = new double[windows][];
        for (int w = 0; w < windows; w++) {
            seqResults[w] = window(seq, () -> check("1 in flight", row.create(seq, 1), per * seq));
            parResults[w] = window(par, () -> check(inFlight + " in flight", row.create(par, inFlight), per * par));
        }
        report(out, seqResults, "seqCpuNsPerCall", "seqAllocPerCall", "seqWallMs");
        report(out, parResults, "parCpuNsPerCall", "parAllocPerCall", "parWallMs");
    }

    /** Runs [windows] measurement windows of [work] (which does [units] units) and reports their medians. */
    private static void measure(int windows, Map<String, Object> out, String prefix, double units, Pass work,
                                String cpuKey, String allocKey, String wallKey) throws Exception {
        double[][] results = new double[windows][];
        for (int w = 0; w < windows; w++) results[w] = window(units, work);
        report(out, results, prefix + cpuKey, prefix + allocKey, prefix + wallKey);
    }

    /** One window: CPU and allocation per unit, wall milliseconds, and milliseconds the JIT spent compiling meanwhile. */
    private static double[] window(double units, Pass work) throws Exception {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long jit0 = jit.getTotalCompilationTime();
        long alloc0 = Probe.allocatedBytes();
        long cpu0 = Probe.cpuNanos();
        long t0 = System.nanoTime();
        work.run();
        long t1 = System.nanoTime();
        long cpu1 = Probe.cpuNanos();
        long alloc1 = Probe.allocatedBytes();
        long jit1 = jit.getTotalCompilationTime();
        return new double[] {(cpu1 - cpu0) / units, (alloc1 - alloc0) / units, (t1 - t0) / 1e6, jit1 - jit0};
    }

    /**
     * The medians of the windows under the keys, every window's CPU figure under the CPU key plus "All", and the JIT's
     * compiling time in each window under the CPU key plus "JitMs".
     */
    private static void report(Map<String, Object> out, double[][] results, String cpuKey, String allocKey, String wallKey) {
        StringBuilder jitAll = new StringBuilder();
        for (double[] r : results) jitAll.append(jitAll.length() == 0 ? "" : "/").append((long) r[3]);
        out.put(cpuKey + "JitMs", jitAll);
        String[] keys = {cpuKey, allocKey, wallKey};
        for (int k = 0; k < 3; k++) {
            double[] values = new double[results.length];
            for (int w = 0; w < results.length; w++) values[w] = results[w][k];
            double[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            int n = sorted.length;
            out.put(keys[k], fmt(n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2));
            if (k == 0) {
                StringBuilder all = new StringBuilder();
                for (double v : values) all.append(all.length() == 0 ? "" : "/").append(fmt(v));
                out.put(cpuKey + "All", all);
            }
        }
    }

    private static void hold(Row row, String rowClass, String variant, String server, Map<String, String> opts, int events,
                             Map<String, Object> out) throws Exception {
        int n = Integer.parseInt(opts.getOrDefault("n", "10000"));
        long timeoutMs = Long.parseLong(opts.getOrDefault("timeoutMs", "90000"));
        long per = row.countsBytes() ? Payloads.streamBodyBytes(row.format(), events) : Payloads.streamText(row.format(), events).length();
        // Warm up first, with a client of its own: bursts of short streams at once, so that the JIT has compiled the
        // path of a call (10,000 streams opened at once by code that is still interpreted measure the JIT, not the
        // client), and the baseline holds the classes.
        int burst = Integer.parseInt(opts.getOrDefault("warmBurst", "2000"));
        try (Row warmRow = newRow(rowClass, server + "/fast/8", variant)) {
            long warmPer = row.countsBytes() ? Payloads.streamBodyBytes(row.format(), 8) : Payloads.streamText(row.format(), 8).length();
            for (int round = 0; round < 3; round++) {
                Tracker warm = new Tracker(burst, warmPer);
                warmRow.openStreams(burst, warm);
                if (!warm.await(timeoutMs) || warm.completed() != burst) throw new IllegalStateException("warm-up streams failed: " + warm.firstError());
            }
        }
        long heap0 = Probe.settledHeap(15_000);
        // histogram=<prefix>: class histograms at the baseline and at the measurement, <prefix>-base.txt and -held.txt
        String histogram = opts.get("histogram");
        if (histogram != null) Probe.classHistogram(java.nio.file.Path.of(histogram + "-base.txt"));
        int threads0 = Probe.threads();
        long rss0 = Probe.rssKb();
        Probe.resetPeakThreads();
        Tracker tracker = new Tracker(n, per);
        long t0 = System.nanoTime();
        row.openStreams(n, tracker);
        long opened = System.nanoTime();
        int maxOpen = 0;
        boolean measured = false;
        long deadline = t0 + timeoutMs * 1_000_000L;
        long halfStartedMs = -1;
        long allStartedMs = -1;
        while (!tracker.await(50) && System.nanoTime() < deadline) {
            int started = tracker.started();
            if (halfStartedMs < 0 && started >= n / 2) halfStartedMs = (System.nanoTime() - t0) / 1_000_000;
            if (allStartedMs < 0 && started == n) allStartedMs = (System.nanoTime() - t0) / 1_000_000;
            int open = tracker.open();
            maxOpen = Math.max(maxOpen, open);
            // Measure when every stream is open, or when the first ones end: the most that were in progress together.
            if (!measured && (open == n || tracker.completed() + tracker.failed() > 0)) {
                measured = true;
                int inProgress = n - tracker.completed() - tracker.failed();
                out.put("openAtMeasure", open);
                out.put("inProgressAtMeasure", inProgress);
                out.put("measuredAfterMs", (System.nanoTime() - t0) / 1_000_000);
                out.put("threadsHeld", Probe.threads());
                out.put("rssHeldMb", fmt(Probe.rssKb() / 1024.0));
                long heap = Probe.heapAfterGc();
                out.put("heapPerStreamKb", fmt(inProgress == 0 ? 0 : (heap - heap0) / 1024.0 / inProgress));
                if (histogram != null) Probe.classHistogram(java.nio.file.Path.of(histogram + "-held.txt"));
                // jfr=<file>, with -XX:StartFlightRecording: the recording so far, with the old objects' paths to their roots
                String jfr = opts.get("jfr");
                if (jfr != null) Probe.jfrDump(java.nio.file.Path.of(jfr));
                // heapDump=<file.hprof>: the live objects at the measurement, for a heap analyser
                String heapDump = opts.get("heapDump");
                if (heapDump != null) {
                    java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).dumpHeap(heapDump, true);
                }
            }
        }
        long t1 = System.nanoTime();
        out.put("n", n);
        out.put("maxOpen", Math.max(maxOpen, tracker.open()));
        out.put("completed", tracker.completed());
        out.put("failed", tracker.failed());
        out.put("unfinished", n - tracker.completed() - tracker.failed());
        out.put("peakThreads", Probe.peakThreads());
        out.put("threadsBefore", threads0);
        out.put("rssBeforeMb", fmt(rss0 / 1024.0));
        out.put("peakRssMb", fmt(Probe.peakRssKb() / 1024.0));
        out.put("openMs", (opened - t0) / 1_000_000);
        // When half and all of the streams had received their first chunk (how fast a burst gets going)
        out.put("halfStartedMs", halfStartedMs);
        out.put("allStartedMs", allStartedMs);
        out.put("wallMs", (t1 - t0) / 1_000_000);
        if (tracker.firstError() != null) out.put("firstError", oneLine(tracker.firstError()));
    }

    /** Work the warm-up repeats. */
    private interface Pass {
        void run() throws Exception;
    }

    /**
     * Repeats [pass] until the JIT is quiet: for at least 2 seconds, then until the compilers spent less than 3%
     * of the last second compiling, for at most [warmMaxMs]. Returns the passes run.
     */
    private static int warmUp(long warmMaxMs, Pass pass) throws Exception {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        long windowStart = start;
        long windowCompile = jit.getTotalCompilationTime();
        int passes = 0;
        while (true) {
            pass.run();
            passes++;
            long now = System.nanoTime();
            long elapsedMs = (now - start) / 1_000_000;
            long windowMs = (now - windowStart) / 1_000_000;
            if (elapsedMs >= warmMaxMs) return passes;
            if (windowMs >= 1000) {
                long compileMs = jit.getTotalCompilationTime() - windowCompile;
                if (elapsedMs >= 2000 && compileMs * 100 < windowMs * 3) return passes;
                windowStart = now;
                windowCompile = jit.getTotalCompilationTime();
            }
        }
    }

    private static long streamWarmMs = 3000;
    private static long createWarmMs = 5000;
    private static int windows = 3;

    private static Row newRow(String rowClass, String url, String variant) throws ReflectiveOperationException {
        return (Row) Class.forName(rowClass).getConstructor(String.class, String.class).newInstance(url, variant);
    }

    private static long answerSize(Row row) {
        return row.countsBytes() ? Payloads.completion(row.format()).length : Payloads.ANSWER_TEXT.length();
    }

    private static void check(String what, long got, long expected) {
        if (got != expected) throw new IllegalStateException(what + ": received " + got + ", expected " + expected);
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", "_").substring(0, Math.min(300, s.replaceAll("\\s+", "_").length()));
    }
}
