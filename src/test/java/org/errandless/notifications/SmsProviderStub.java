package org.errandless.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
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
 * A local stand-in for an SMS provider's or a push service's HTTP API, on a free port: records every request and
 * answers per recipient (an SMS's {@code to}, a push's {@code alias}) as a test tells it (accept, fail, refuse, or
 * hold the answer until released).
 */
final class SmsProviderStub implements AutoCloseable {

    /** How the stub answers requests to one recipient. */
    enum Behaviour {
        ACCEPT, FAIL_500, REFUSE_400, HOLD
    }

    /** One request as the provider saw it. */
    record Received(String to, String text, String id, String purpose, String authorization, String idempotencyKey,
            JsonNode body) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    SmsProviderStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sms");
    }

    /** Sets how requests to a recipient (E.164) are answered. */
    void answer(String to, Behaviour behaviour) {
        behaviours.put(to, behaviour);
    }

    /** Lets held requests answer. */
    void releaseHeld() {
        release.countDown();
    }

    /** The requests to a recipient (E.164), in arrival order. */
    List<Received> to(String to) {
        return received.stream().filter(request -> to.equals(request.to())).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            JsonNode request = json.readTree(body.readAllBytes());
            String to = request.has("alias") ? request.path("alias").asText() : request.path("to").asText();
            String text = request.has("body") ? request.path("body").asText() : request.path("text").asText();
            received.add(new Received(to, text, request.path("id").asText(), request.path("purpose").asText(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"), request));
            Behaviour behaviour = behaviours.getOrDefault(to, Behaviour.ACCEPT);
            int status = switch (behaviour) {
                case ACCEPT -> 200;
                case FAIL_500 -> 500;
                case REFUSE_400 -> 400;
                case HOLD -> {
                    try {
                        // bounded, so a forgotten release cannot hang the build
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    yield 200;
                }
            };
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
