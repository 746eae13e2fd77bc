package dev.switchboard.bench;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * How many threads the JDK's {@code HttpClient} starts per call, for the blocking {@code send} and for
 * {@code sendAsync}: on one or two processors (a common fork-join pool of one thread) JDK 17 completes every
 * {@code sendAsync} through {@code CompletableFuture}'s thread-per-task executor, which is where the JDK engine's
 * peak of threads comes from on JDK 17 when a burst of streams overflows its blocking senders.
 *
 * <p>Usage: {@code java -cp benchmarks/target/classes dev.switchboard.bench.JdkSendAsyncThreads http://127.0.0.1:PORT}
 * against {@code MockServer} (or any server answering {@code POST /fast/10/v1/chat/completions}).
 */
public final class JdkSendAsyncThreads {
    private JdkSendAsyncThreads() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0] + "/fast/10/v1/chat/completions";
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println("JDK " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " processors");
        for (String mode : new String[] {"send", "sendAsync", "send", "sendAsync"}) {
            long before = threads.getTotalStartedThreadCount();
            for (int i = 0; i < calls; i++) {
                HttpResponse<InputStream> response = mode.equals("send")
                    ? client.send(request, HttpResponse.BodyHandlers.ofInputStream())
                    : client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).get();
                try (InputStream in = response.body()) {
                    in.readAllBytes();
                }
            }
            System.out.printf("%-9s threads started per call: %.3f%n", mode, (threads.getTotalStartedThreadCount() - before) / (double) calls);
        }
    }
}
