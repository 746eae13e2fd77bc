package dev.switchboard.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * What a child process measures about itself: process CPU time (every thread, GC and JIT included),
 * bytes allocated (from the garbage collector's own accounting, so threads that come and go are counted),
 * resident memory, heap in use and live threads.
 */
public final class Probe {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final Set<String> HEAP_POOLS = new HashSet<>();
    /** Bytes the collections so far found dead (heap used before minus after, summed over collections). */
    private static final AtomicLong COLLECTED = new AtomicLong();
    private static final AtomicLong NOTIFIED = new AtomicLong();
    /** Collections before the listeners were added (their notifications are not coming). */
    private static final long COLLECTIONS_BEFORE;

    static {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) HEAP_POOLS.add(pool.getName());
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) return;
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                COLLECTED.addAndGet(heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()) - heapUsed(info.getGcInfo().getMemoryUsageAfterGc()));
                NOTIFIED.incrementAndGet();
            }, null, null);
        }
        COLLECTIONS_BEFORE = collections();
    }

    /** Starts listening to the collector; call it before the work whose allocation is measured begins. */
    public static void init() {
        // the static initializer does it
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) n += Math.max(0, gc.getCollectionCount());
        return n;
    }

    private Probe() {
    }

    /** CPU time of the whole process so far, in nanoseconds. */
    public static long cpuNanos() {
        return OS.getProcessCpuTime();
    }

    /**
     * Bytes allocated on the heap by the whole process so far: what collections freed plus what is in use now.
     * Waits for the notifications of collections that already happened, so that none is missed: call it
     * outside the window whose CPU time is measured.
     */
    public static long allocatedBytes() {
        long collections = collections() - COLLECTIONS_BEFORE;
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (NOTIFIED.get() < collections && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (NOTIFIED.get() < collections) throw new IllegalStateException("GC notifications missing: " + NOTIFIED.get() + " of " + collections);
        return COLLECTED.get() + heapUsedNow();
    }

    /** Heap in use now. */
    public static long heapUsedNow() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) used += pool.getUsage().getUsed();
        }
        return used;
    }

    /** Heap in use after a full collection (run twice, so that finalizable garbage goes too). */
    /**
     * Writes the JVM's class histogram of live objects (after a full GC) to {@code file}, as {@code jcmd GC.class_histogram}
     * prints it: the diagnostic for a heap figure, taken at the same instant as the figure when asked for.
     */
    public static void classHistogram(Path file) throws Exception {
        javax.management.ObjectName name = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
        Object text = ManagementFactory.getPlatformMBeanServer().invoke(name, "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Files.writeString(file, String.valueOf(text));
    }

    /**
     * Dumps the running flight recording (started with {@code -XX:StartFlightRecording}) to {@code file}, with the
     * reference chains of the sampled objects still live: what holds them.
     */
    public static void jfrDump(Path file) throws Exception {
        javax.management.ObjectName name = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
        ManagementFactory.getPlatformMBeanServer().invoke(name, "jfrDump",
                new Object[] {new String[] {"filename=" + file, "path-to-gc-roots=true"}}, new String[] {String[].class.getName()});
    }

    public static long heapAfterGc() {
        System.gc();
        System.gc();
        return heapUsedNow();
    }

    /**
     * The heap after GC once it has stopped shrinking (readings every 0.5 s, within 1 MB of each other for 4 s), waiting
     * at most {@code maxMs}. A closed client's HTTP connections are released only after its JDK {@code HttpClient} has
     * been collected and its selector thread has noticed (up to a few seconds later), and until then they keep the last
     * exchange of each; a baseline read before that is too high by as much, and the heap per held stream too low.
     */
    public static long settledHeap(long maxMs) throws InterruptedException {
        long deadline = System.nanoTime() + maxMs * 1_000_000L;
        java.util.ArrayDeque<Long> recent = new java.util.ArrayDeque<>();
        while (true) {
            long now = heapAfterGc();
            recent.addLast(now);
            if (recent.size() > 9) recent.removeFirst();
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (long h : recent) {
                min = Math.min(min, h);
                max = Math.max(max, h);
            }
            if ((recent.size() == 9 && max - min < 1024 * 1024) || System.nanoTime() >= deadline) return now;
            Thread.sleep(500);
        }
    }

    /** Live threads. */
    public static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** The most live threads since the last {@link #resetPeakThreads()}. */
    public static int peakThreads() {
        return ManagementFactory.getThreadMXBean().getPeakThreadCount();
    }

    /** Starts counting the peak of live threads anew. */
    public static void resetPeakThreads() {
        ManagementFactory.getThreadMXBean().resetPeakThreadCount();
    }

    /** Resident set size in KiB ({@code VmRSS}), or -1 off Linux. */
    public static long rssKb() {
        return status("VmRSS:");
    }

    /** Peak resident set size in KiB ({@code VmHWM}), or -1 off Linux. */
    public static long peakRssKb() {
        return status("VmHWM:");
    }

    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static long heapUsed(Map<String, MemoryUsage> usage) {
        long sum = 0;
        for (Map.Entry<String, MemoryUsage> e : usage.entrySet()) if (HEAP_POOLS.contains(e.getKey())) sum += e.getValue().getUsed();
        return sum;
    }
}
