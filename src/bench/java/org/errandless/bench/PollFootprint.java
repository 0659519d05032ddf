package org.errandless.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Footprint of open long-polls: opens POLLS long-polls of one application's timeline
 * ({@code GET /applications/{id}/timeline?after=<last>&waitSeconds=30}, each on its own HTTP/1.1 connection) and
 * samples the application's {@code VmRSS} and {@code Threads} (from {@code /proc/<pid>/status}) every 250 ms until all
 * of them have answered. Run by {@code src/bench/hot-paths.sh}; see {@code src/bench/README.md}.
 *
 * <p>Prints the idle figures, those at the moment the most polls were open at once, the peak RSS, and how the polls
 * ended (status codes; a poll answered within 20 s did not wait). Nothing happens to the application meanwhile, so
 * every poll should end empty at its 30 s timeout.
 *
 * <p>Usage: {@code PollFootprint <base URL> <citizen token> <application id> <polls> <pid>}
 */
public final class PollFootprint {

    private static final Pattern LAST_SEQ = Pattern.compile("\"lastSeq\"\\s*:\\s*(\\d+)");

    private PollFootprint() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        String timeline = base + "/api/v1/applications/" + args[2] + "/timeline";
        int polls = Integer.parseInt(args[3]);
        Path status = Path.of("/proc", args[4], "status");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(60)).build();

        String first = http.send(get(timeline, token), HttpResponse.BodyHandlers.ofString()).body();
        Matcher last = LAST_SEQ.matcher(first);
        int lastSeq = last.find() ? Integer.parseInt(last.group(1)) : 0;
        long[] idle = sample(status);

        AtomicInteger open = new AtomicInteger();
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        CompletableFuture<?>[] all = new CompletableFuture<?>[polls];
        long start = System.nanoTime();
        for (int i = 0; i < polls; i++) {
            open.incrementAndGet();
            long sent = System.nanoTime();
            all[i] = http.sendAsync(get(timeline + "?after=" + lastSeq + "&waitSeconds=30", token),
                    HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
                        open.decrementAndGet();
                        long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sent);
                        String outcome = failure != null ? "failed: " + failure.getClass().getSimpleName()
                                : response.statusCode() + (waited < 20 ? " (early)" : "");
                        outcomes.computeIfAbsent(outcome, key -> new AtomicInteger()).incrementAndGet();
                        return null;
                    });
        }
        long sentAll = System.nanoTime();
        int peakOpen = 0;
        long[] atPeak = idle;
        long peakRss = idle[0];
        CompletableFuture<Void> done = CompletableFuture.allOf(all);
        while (!done.isDone() && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(5)) {
            Thread.sleep(250);
            long[] now = sample(status);
            int current = open.get();
            peakRss = Math.max(peakRss, now[0]);
            if (current >= peakOpen) {
                peakOpen = current;
                atPeak = now;
            }
        }
        System.out.printf("sent %d polls in %.1f s%n", polls, (sentAll - start) / 1e9);
        System.out.printf("idle:                 RSS %d MiB, threads %d%n", idle[0] / 1024, idle[1]);
        System.out.printf("most open at once:    %d polls, RSS %d MiB, threads %d%n", peakOpen, atPeak[0] / 1024,
                atPeak[1]);
        System.out.printf("peak RSS while open:  %d MiB%n", peakRss / 1024);
        System.out.printf("outcomes: %s%n", new TreeMap<>(outcomes));
        System.out.printf("RESULT open=%d idle_rss_kib=%d rss_kib=%d peak_rss_kib=%d idle_threads=%d threads=%d%n",
                peakOpen, idle[0], atPeak[0], peakRss, idle[1], atPeak[1]);
        System.exit(0);
    }

    private static HttpRequest get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(120)).GET().build();
    }

    /** VmRSS (KiB) and Threads of the process. */
    private static long[] sample(Path status) throws IOException {
        long rss = 0;
        long threads = 0;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return new long[] { rss, threads };
    }
}
