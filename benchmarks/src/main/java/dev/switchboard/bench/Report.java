package dev.switchboard.bench;

import dev.switchboard.bench.Bench.RowDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the results of a run into Markdown tables: medians, and ratios to the floor of the same run. */
final class Report {
    private final Bench bench;
    private final StringBuilder md = new StringBuilder();

    private Report(Bench bench) {
        this.bench = bench;
    }

    static String markdown(Bench bench, String started, String loadBefore, String loadAfter, String duration) throws IOException {
        return new Report(bench).render(started, loadBefore, loadAfter, duration);
    }

    private String render(String started, String loadBefore, String loadAfter, String duration) throws IOException {
        Bench.Sizes s = bench.sizes();
        md.append("Run ").append(started).append(", ").append(duration).append(" on ").append(machine())
                .append("; load average ").append(loadBefore).append(" before, ").append(loadAfter).append(" after.\n\n");
        md.append(String.format(Locale.ROOT, "Each client runs in its own JVM on its own runtime classpath. Streaming: %d sequential "
                        + "streams × %,d chunks, after warm-up passes of %d streams repeated until the JIT is quiet (at most %.0f s). "
                        + "Non-streaming, in the same JVM: %,d calls one at a time and %,d with %d in flight, after warm-up passes of %,d "
                        + "calls in flight (at most %.0f s). CPU is the client process's (every thread, GC and JIT included; the mock "
                        + "server is another process); allocation is the heap the collector saw allocated. Each figure is the median "
                        + "of %d measurement windows; × is the ratio to the floor of the same run.%n%n",
                s.streams(), s.events(), s.streamWarm(), s.streamWarmMs() / 1000.0, s.seq(), s.par(), s.inFlight(), s.createWarm(),
                s.createWarmMs() / 1000.0, bench.reps()));
        perCall();
        md.append('\n');
        md.append(String.format(Locale.ROOT, "Concurrency: %,d streams started at once against the slow mode (one chunk every 100 ms, "
                        + "%d chunks each), after bursts of short streams that warm the JIT; \"open at once\" counts streams past "
                        + "their first chunk and not ended; threads are the peak of live threads; heap is the growth of the heap "
                        + "after a full GC, taken when the first stream ends (or all are open), divided by the streams then in "
                        + "progress; RSS is taken at that moment (%d run%s). Cold start: process spawn to the first completed call, "
                        + "no JVM flags (median of %d). Jars: the runtime classpath Maven resolves for the artifacts a user adds "
                        + "for OpenAI with that client.%n%n",
                s.hold(), s.holdEvents(), bench.holdReps(), bench.holdReps() == 1 ? "" : "s, medians", Math.max(bench.reps(), s.coldReps())));
        concurrency();
        md.append('\n');
        targets();
        if (!bench.notes().isEmpty()) {
            md.append("\nFailures:\n\n");
            for (Map.Entry<String, String> e : bench.notes().entrySet()) md.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        return md.toString();
    }

    private void perCall() {
        md.append("| Client | Stream CPU/chunk | × floor | Alloc/chunk | Call CPU, 1 in flight | × floor | Call CPU, ")
                .append(bench.sizes().inFlight()).append(" in flight | × floor | Alloc/call |\n");
        md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (RowDef row : bench.rows()) {
            md.append("| ").append(row.label())
                    .append(" | ").append(micros(median("stream", row, "cpuNsPerChunk")))
                    .append(" | ").append(ratio("stream", row, "cpuNsPerChunk"))
                    .append(" | ").append(bytes(median("stream", row, "allocPerChunk")))
                    .append(" | ").append(micros(median("create", row, "seqCpuNsPerCall")))
                    .append(" | ").append(ratio("create", row, "seqCpuNsPerCall"))
                    .append(" | ").append(micros(median("create", row, "parCpuNsPerCall")))
                    .append(" | ").append(ratio("create", row, "parCpuNsPerCall"))
                    .append(" | ").append(bytes(median("create", row, "seqAllocPerCall")))
                    .append(" |\n");
        }
    }

    private void concurrency() throws IOException {
        md.append("| Client | Slow streams completed | Open at once (most) | Peak threads | Heap/stream | RSS | Cold start | × floor | Runtime jars |\n");
        md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (RowDef row : bench.rows()) {
            double completed = median("hold", row, "completed");
            double jars = jarBytes(row);
            md.append("| ").append(row.label())
                    .append(" | ").append(Double.isNaN(completed) ? "–" : String.format(Locale.ROOT, "%,d of %,d", (long) completed, bench.sizes().hold()))
                    .append(" | ").append(integer(median("hold", row, "maxOpen")))
                    .append(" | ").append(integer(median("hold", row, "peakThreads")))
                    .append(" | ").append(kb(median("hold", row, "heapPerStreamKb")))
                    .append(" | ").append(mb(median("hold", row, "rssHeldMb")))
                    .append(" | ").append(millis(median("cold", row, "coldMs")))
                    .append(" | ").append(ratio("cold", row, "coldMs"))
                    .append(" | ").append(Double.isNaN(jars) ? "–" : String.format(Locale.ROOT, "%.1f MB", jars / 1e6))
                    .append(" |\n");
        }
    }

    private void targets() throws IOException {
        List<RowDef> ours = new ArrayList<>();
        for (RowDef r : bench.rows()) if (r.name().equals("kotlin-java") || r.name().equals("java-java")) ours.add(r);
        if (ours.isEmpty()) return;
        md.append("| Target (default engine) |");
        for (RowDef r : ours) md.append(' ').append(r.name().startsWith("kotlin") ? "Kotlin API" : "Java facade").append(" |");
        md.append("\n|---|");
        for (int i = 0; i < ours.size(); i++) md.append("--:|");
        md.append('\n');
        // The targets of the performance issue: the Kotlin API's first, then the facade's where they differ.
        target(ours, "Streaming CPU/chunk ≤ 1.5× / ≤ 1.7× floor", "stream", "cpuNsPerChunk", 1.5, 1.7);
        target(ours, "Call CPU ≤ 1.0× floor, 1 in flight", "create", "seqCpuNsPerCall", 1.0, 1.0);
        target(ours, "Call CPU ≤ 1.0× floor, " + bench.sizes().inFlight() + " in flight", "create", "parCpuNsPerCall", 1.0, 1.0);
        target(ours, "Cold start ≤ 1.3× floor", "cold", "coldMs", 1.3, 1.3);
        double floorHeap = median("hold", bench.rows().stream().filter(r -> r.name().equals("floor")).findFirst().orElse(ours.get(0)), "heapPerStreamKb");
        md.append("| ").append(String.format(Locale.ROOT, "%,d", bench.sizes().hold()))
            .append(" slow streams complete, ≤ 100 threads, heap ≤ 4 KB/stream above the floor's |");
        for (RowDef r : ours) {
            double completed = median("hold", r, "completed");
            double threads = median("hold", r, "peakThreads");
            double heap = median("hold", r, "heapPerStreamKb");
            if (Double.isNaN(completed)) {
                md.append(" – |");
                continue;
            }
            double above = Double.isNaN(floorHeap) ? heap : heap - floorHeap;
            boolean ok = completed == bench.sizes().hold() && threads <= 100 && above <= 4;
            md.append(String.format(Locale.ROOT, " %s %,d done, %d threads, %.1f KB (%+.1f) |", ok ? "met:" : "MISSED:", (long) completed,
                (long) threads, heap, above));
        }
        md.append('\n');
        md.append("| Runtime jars ≤ 8 MB / ≤ 10 MB |");
        for (RowDef r : ours) {
            double jars = jarBytes(r);
            if (Double.isNaN(jars)) {
                md.append(" – |");
                continue;
            }
            double limit = r.name().startsWith("kotlin") ? 8e6 : 10e6;
            md.append(String.format(Locale.ROOT, " %s %.1f MB |", jars <= limit ? "met:" : "MISSED:", jars / 1e6));
        }
        md.append('\n');
    }

    private void target(List<RowDef> ours, String title, String scenario, String key, double kotlinLimit, double facadeLimit) {
        md.append("| ").append(title).append(" |");
        for (RowDef r : ours) {
            double limit = r.name().startsWith("kotlin") ? kotlinLimit : facadeLimit;
            double x = ratioValue(scenario, r, key);
            if (Double.isNaN(x)) md.append(" – |");
            else md.append(String.format(Locale.ROOT, " %s %.2f× |", x <= limit ? "met:" : "MISSED:", x));
        }
        md.append('\n');
    }

    double median(String scenario, RowDef row, String key) {
        Map<String, List<Map<String, String>>> byRow = bench.results().get(scenario);
        if (byRow == null || !byRow.containsKey(row.name())) return Double.NaN;
        List<Double> values = new ArrayList<>();
        for (Map<String, String> r : byRow.get(row.name())) {
            String v = r.get(key);
            if (v != null) values.add(Double.parseDouble(v));
        }
        if (values.isEmpty()) return Double.NaN;
        Collections.sort(values);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private double ratioValue(String scenario, RowDef row, String key) {
        double floor = median(scenario, Bench.ROWS.get(0), key);
        return median(scenario, row, key) / floor;
    }

    private String ratio(String scenario, RowDef row, String key) {
        double x = ratioValue(scenario, row, key);
        return Double.isNaN(x) || Double.isInfinite(x) ? "–" : String.format(Locale.ROOT, "%.2f×", x);
    }

    private double jarBytes(RowDef row) throws IOException {
        if (!bench.scenarios().contains("jars")) return Double.NaN;
        long sum = 0;
        for (Path jar : bench.jars(row)) sum += Files.size(jar);
        return sum;
    }

    private static String micros(double ns) {
        return Double.isNaN(ns) ? "–" : ns < 10_000 ? String.format(Locale.ROOT, "%.2f µs", ns / 1000) : String.format(Locale.ROOT, "%.0f µs", ns / 1000);
    }

    private static String bytes(double b) {
        return Double.isNaN(b) ? "–" : b < 10_000 ? String.format(Locale.ROOT, "%.0f B", b) : String.format(Locale.ROOT, "%.1f KB", b / 1024);
    }

    private static String kb(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f KB", v);
    }

    private static String mb(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f MB", v);
    }

    private static String millis(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f ms", v);
    }

    private static String integer(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,d", (long) v);
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // keep unknown
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), JDK " + System.getProperty("java.version");
    }
}
