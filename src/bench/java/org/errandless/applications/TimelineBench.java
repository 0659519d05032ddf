package org.errandless.applications;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmarks of the timeline long-poll over HTTP against a running application (see src/bench/README.md). Plain JDK,
 * run with {@code java TimelineBench.java <mode> ...}:
 *
 * <ul>
 * <li>{@code latency <base> <citizenToken> <officerToken> <applicationId> <events>}: per round the citizen's long-poll
 * ({@code after=lastSeq, waitSeconds=30}) is sent and given 200 ms to be registered, then the officer's transition
 * (suspend or resume, alternately) is sent. Measures the time from sending the transition to the poll's answer
 * (wake-up) and to the transition's own answer (the baseline: the request that commits the event).</li>
 * <li>{@code footprint <base> <citizenToken> <applicationId> <polls> <pid>}: the application's VmRSS and Threads
 * idle, then with {@code polls} long-polls open (waitSeconds=30), then after they all answered.</li>
 * </ul>
 */
public final class TimelineBench {

    private static final Pattern LAST_SEQ = Pattern.compile("\"lastSeq\"\\s*:\\s*(\\d+)");
    private static final Pattern SEQS = Pattern.compile("\"seq\"\\s*:\\s*(\\d+)");

    private TimelineBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "latency" -> latency(args[1], args[2], args[3], args[4], Integer.parseInt(args[5]));
            case "footprint" -> footprint(args[1], args[2], args[3], Integer.parseInt(args[4]), args[5]);
            default -> throw new IllegalArgumentException("mode: latency | footprint");
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static void latency(String base, String citizen, String officer, String id, int events) throws Exception {
        HttpClient http = client();
        String application = base + "/api/v1/applications/" + id;
        int lastSeq = lastSeq(http.send(get(application + "/timeline", citizen), HttpResponse.BodyHandlers.ofString())
                .body());
        List<Double> wake = new ArrayList<>();
        List<Double> commit = new ArrayList<>();
        int warmUp = 10;
        for (int round = 0; round < warmUp + events; round++) {
            HttpResponse<String> current = http.send(get(application, officer), HttpResponse.BodyHandlers.ofString());
            String status = current.body();
            String etag = current.headers().firstValue("ETag").orElseThrow();
            String action = status.contains("\"status\":\"SUSPENDED\"") ? "resume" : "suspend";
            String body = action.equals("suspend") ? "{\"reason\":\"bench\"}" : "{}";
            CompletableFuture<HttpResponse<String>> poll = http.sendAsync(
                    get(application + "/timeline?after=" + lastSeq + "&waitSeconds=30", citizen),
                    HttpResponse.BodyHandlers.ofString());
            // the poll must be registered before the event commits; a bench may wait where a test may not
            Thread.sleep(200);
            HttpRequest transition = HttpRequest.newBuilder(URI.create(application + "/" + action))
                    .header("Authorization", "Bearer " + officer).header("If-Match", etag)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(60)).build();
            long sent = System.nanoTime();
            CompletableFuture<Long> answered = poll.thenApply(response -> System.nanoTime());
            HttpResponse<String> changed = http.send(transition, HttpResponse.BodyHandlers.ofString());
            long committed = System.nanoTime();
            if (changed.statusCode() != 200) {
                throw new IllegalStateException(action + " answered " + changed.statusCode() + ": " + changed.body());
            }
            long woke = answered.get(60, TimeUnit.SECONDS);
            HttpResponse<String> answer = poll.get();
            if (answer.statusCode() != 200 || !SEQS.matcher(answer.body()).find()) {
                throw new IllegalStateException("the poll did not return the event: " + answer.body());
            }
            lastSeq = lastSeq(answer.body());
            if (round >= warmUp) {
                wake.add((woke - sent) / 1e6);
                commit.add((committed - sent) / 1e6);
            }
        }
        System.out.printf("wake-up (transition sent -> poll answered), %d events: median %.2f ms, p99 %.2f ms, "
                + "max %.2f ms%n", events, percentile(wake, 50), percentile(wake, 99), percentile(wake, 100));
        System.out.printf("baseline (transition sent -> its own answer):     median %.2f ms, p99 %.2f ms, "
                + "max %.2f ms%n", percentile(commit, 50), percentile(commit, 99), percentile(commit, 100));
        System.out.printf("ratio wake-up / transition: median %.2f, p99 %.2f%n",
                percentile(wake, 50) / percentile(commit, 50), percentile(wake, 99) / percentile(commit, 99));
    }

    private static void footprint(String base, String citizen, String id, int polls, String pid) throws Exception {
        HttpClient http = client();
        String timeline = base + "/api/v1/applications/" + id + "/timeline";
        int lastSeq = lastSeq(http.send(get(timeline, citizen), HttpResponse.BodyHandlers.ofString()).body());
        String idle = status(pid);
        System.out.println("idle:                       " + idle);
        List<CompletableFuture<HttpResponse<String>>> open = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < polls; i++) {
            open.add(http.sendAsync(get(timeline + "?after=" + lastSeq + "&waitSeconds=30", citizen),
                    HttpResponse.BodyHandlers.ofString()));
        }
        // the polls are waiting once the app has read the timeline for each; give it a few seconds (no answer yet)
        Thread.sleep(8000);
        long answeredEarly = open.stream().filter(CompletableFuture::isDone).count();
        String busy = status(pid);
        System.out.println("with " + polls + " polls open:    " + busy + " (answered already: " + answeredEarly
                + ")");
        int empty = 0;
        for (CompletableFuture<HttpResponse<String>> poll : open) {
            HttpResponse<String> response = poll.get(120, TimeUnit.SECONDS);
            if (response.statusCode() == 200 && response.body().contains("\"items\":[]")) {
                empty++;
            }
        }
        System.out.printf("all %d answered after %.1f s, %d of them empty at the timeout%n", polls,
                (System.nanoTime() - start) / 1e9, empty);
        System.out.println("after:                      " + status(pid));
        System.out.printf("RSS ratio open/idle %.2f, threads %+d%n", (double) rss(busy) / rss(idle),
                threads(busy) - threads(idle));
    }

    private static HttpRequest get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(120)).GET().build();
    }

    private static int lastSeq(String body) {
        Matcher matcher = LAST_SEQ.matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("no lastSeq in " + body);
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static String status(String pid) throws IOException {
        long rss = 0;
        int threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        return String.format("RSS %d MiB, %d threads", rss / 1024, threads);
    }

    private static long rss(String status) {
        return Long.parseLong(status.replaceAll("^RSS (\\d+) MiB.*$", "$1"));
    }

    private static int threads(String status) {
        return Integer.parseInt(status.replaceAll("^.*, (\\d+) threads$", "$1"));
    }

    private static double percentile(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
