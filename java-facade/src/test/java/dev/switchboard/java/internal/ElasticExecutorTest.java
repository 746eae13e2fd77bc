package dev.switchboard.java.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When the callback pool adds a thread: soon when every worker is blocked, only after a longer wait when a worker is
 * runnable (computing, or waiting for a processor), so that a machine short of cores does not grow the pool.
 */
class ElasticExecutorTest {
    private static final long TEN_MS = TimeUnit.MILLISECONDS.toNanos(10);

    private static ElasticExecutor pool(String name) {
        return new ElasticExecutor(name, 2, TEN_MS, TimeUnit.SECONDS.toNanos(60));
    }

    @Test
    void workersThatComputeGetNoThirdThreadWhileTheyDoSo() throws Exception {
        ElasticExecutor pool = pool("computing");
        CountDownLatch started = new CountDownLatch(2);
        Set<String> spinners = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> {
                spinners.add(Thread.currentThread().getName());
                started.countDown();
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150);
                while (System.nanoTime() < end) Thread.onSpinWait();
            });
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        CompletableFuture<String> third = new CompletableFuture<>();
        pool.execute(() -> third.complete(Thread.currentThread().getName()));
        String ranOn = third.get(10, TimeUnit.SECONDS);
        // 150 ms of stall with both workers runnable is under the longer wait (20 intervals of 10 ms): no thread added.
        assertTrue(spinners.contains(ranOn), "the waiting task ran on an added thread " + ranOn + ", not on " + spinners);
    }

    @Test
    void workersBlockedOnALockOrSleepingGetAThreadWithinTheShortWait() throws Exception {
        ElasticExecutor pool = pool("sleeping");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        long start = System.nanoTime();
        CompletableFuture<Long> third = new CompletableFuture<>();
        pool.execute(() -> third.complete(System.nanoTime()));
        long waited = third.get(10, TimeUnit.SECONDS) - start;
        release.countDown();
        // Two intervals of 10 ms; the longer wait, for runnable workers, would be 200 ms.
        assertTrue(waited < TimeUnit.MILLISECONDS.toNanos(190),
            "a task behind two blocked workers waited " + waited / 1_000_000 + " ms");
    }

    @Test
    void workersBlockedInASocketReadReadAsRunnableAndStillGetAThread() throws Exception {
        ElasticExecutor pool = pool("reading");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> sockets = new ArrayList<>();
            CountDownLatch started = new CountDownLatch(2);
            CompletableFuture<String> third = new CompletableFuture<>();
            try {
                for (int i = 0; i < 2; i++) {
                    Socket socket = new Socket(server.getInetAddress(), server.getLocalPort());
                    sockets.add(socket);
                    pool.execute(() -> {
                        started.countDown();
                        try (InputStream in = socket.getInputStream()) {
                            assertEquals(-1, in.read()); // the server never writes: blocked until the socket closes
                        } catch (IOException closed) {
                            // closed by the test
                        }
                    });
                }
                assertTrue(started.await(10, TimeUnit.SECONDS));
                pool.execute(() -> third.complete(Thread.currentThread().getName()));
                String ranOn = third.get(10, TimeUnit.SECONDS);
                assertTrue(ranOn.startsWith("reading-"), ranOn);
            } finally {
                for (Socket socket : sockets) socket.close();
            }
        }
    }
}
