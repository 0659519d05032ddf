package org.errandless.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.errandless.identity.verification.ProviderClient;

/**
 * A local stand-in for an outside JSON service (a verification provider, a partner department): answers what the test
 * scripts (one-off behaviours first, then the default), records every request, on a free port of the loopback
 * interface. Every path is served; {@link #uri()} is the verification providers' endpoint, {@link #baseUri()} the base
 * the partner departments' paths are appended to.
 */
public final class ProviderStub implements AutoCloseable {

    public static final String API_KEY = "test-api-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the stub does with one request. */
    public interface Behaviour {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** A request as the stub saw it. */
    public record Request(String method, String path, String authorization, String contentType, JsonNode body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Queue<Behaviour> next = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Behaviour fallback = answer(200, "{\"match\": true, \"live\": true}");

    private ProviderStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                json = null;
            }
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), json));
            Behaviour behaviour = next.poll();
            (behaviour == null ? fallback : behaviour).handle(exchange);
        });
        server.start();
    }

    public static ProviderStub start() {
        return new ProviderStub();
    }

    public URI uri() {
        return URI.create(baseUri() + "/verify");
    }

    /** {@code http://127.0.0.1:<port>}, without a path. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A client of this stub with the stub's API key. */
    public ProviderClient client(String provider, Duration requestTimeout) {
        return new ProviderClient(provider, uri(), API_KEY, Duration.ofSeconds(2), requestTimeout, JSON);
    }

    /** What every request not scripted otherwise gets. */
    public ProviderStub byDefault(Behaviour behaviour) {
        fallback = behaviour;
        return this;
    }

    /** What the next request gets (one-off; several queue up in order). */
    public ProviderStub then(Behaviour behaviour) {
        next.add(behaviour);
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public static Behaviour answer(int status, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        };
    }

    public static Behaviour verdict(Map<String, Boolean> fields) {
        try {
            return answer(200, JSON.writeValueAsString(fields));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the connection without any answer (a transport error for the client). */
    public static Behaviour dropConnection() {
        return HttpExchange::close;
    }

    /** Holds the request until the stub is closed (a timeout for the client). */
    public Behaviour hang() {
        return exchange -> {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        };
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
