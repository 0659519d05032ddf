package org.errandless.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for an SMS provider's or a push service's HTTP API, on a free port. It records every request and
 * answers per recipient (an SMS's {@code to}, a push's {@code alias}) as a test tells it (accept, fail, refuse, or
 * hold the answer until released), and, like a real provider, it delivers a message once per
 * {@code Idempotency-Key}: a request under a key it has accepted before is answered 200 and not delivered again.
 */
final class DeliveryProviderStub implements AutoCloseable {

    /** How the stub answers requests to one recipient. */
    enum Behaviour {
        ACCEPT, FAIL_500, REFUSE_400, HOLD
    }

    /** One request as the provider saw it; {@code delivered} when it reached the recipient (a new key, accepted). */
    record Received(String to, String text, String id, String purpose, String authorization, String idempotencyKey,
            JsonNode body, boolean delivered) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<String> acceptedKeys = ConcurrentHashMap.newKeySet();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Duration slowness = Duration.ZERO;

    DeliveryProviderStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/send");
    }

    /** Sets how requests to a recipient (E.164, or an account id) are answered. */
    void answer(String to, Behaviour behaviour) {
        behaviours.put(to, behaviour);
    }

    /**
     * Makes every accepted request take up to this long before its answer (a slow provider); {@link #releaseHeld}
     * ends the slowness at once.
     */
    void slow(Duration perRequest) {
        slowness = perRequest;
    }

    /** Lets held and slow requests answer. */
    void releaseHeld() {
        release.countDown();
    }

    /** The requests to a recipient, in arrival order, repeated keys included. */
    List<Received> to(String to) {
        return received.stream().filter(request -> to.equals(request.to())).toList();
    }

    /** What reached a recipient: one entry per key the provider accepted. */
    List<Received> deliveredTo(String to) {
        return to(to).stream().filter(Received::delivered).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            JsonNode request = json.readTree(body.readAllBytes());
            String to = request.has("alias") ? request.path("alias").asText() : request.path("to").asText();
            String text = request.has("body") ? request.path("body").asText() : request.path("text").asText();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            Behaviour behaviour = behaviours.getOrDefault(to, Behaviour.ACCEPT);
            int status = switch (behaviour) {
                case ACCEPT -> {
                    await(slowness);
                    yield 200;
                }
                case FAIL_500 -> 500;
                case REFUSE_400 -> 400;
                case HOLD -> {
                    // bounded, so a forgotten release cannot hang the build
                    await(Duration.ofSeconds(60));
                    yield 200;
                }
            };
            // a key seen before is a duplicate: answered as accepted, not delivered again
            boolean delivered = status == 200 && key != null && acceptedKeys.add(key);
            received.add(new Received(to, text, request.path("id").asText(), request.path("purpose").asText(),
                    exchange.getRequestHeaders().getFirst("Authorization"), key, request, delivered));
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private void await(Duration atMost) {
        if (atMost.isZero()) {
            return;
        }
        try {
            release.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
