package org.errandless.applications;

import static org.errandless.applications.Apps.APPLICATIONS;
import static org.errandless.applications.Apps.STATION;
import static org.errandless.applications.Apps.act;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.errandless.common.live.LiveFeed;
import org.errandless.common.security.Roles;
import org.errandless.support.ProxiedDatabaseProfile;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * An event stream with nothing to send costs the database nothing: its heartbeats are writes to the socket only, and
 * it reads the timeline only when the live feed says the application changed. Counted as connection acquisitions of
 * the pool (the profile has its own database and no background jobs), over several heartbeats (300 ms apart here).
 */
@QuarkusTest
@TestProfile(ProxiedDatabaseProfile.class)
class QuietEventStreamTest {

    @TestHTTPResource("/")
    URL base;
    @Inject
    LiveFeed feed;
    @Inject
    AgroalDataSource dataSource;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void listenerIsUp() throws Exception {
        feed.whenListening().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    void heartbeatsReadNothingAndANewEventIsStillDelivered() throws Exception {
        var applicant = Apps.applicant();
        String id = Apps.submittedAddressChange(applicant);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + APPLICATIONS
                + "/" + id + "/events")).header("Authorization", "Bearer " + applicant.token())
                .header("Accept", "text/event-stream").header("Last-Event-ID", "2").GET().build();
        HttpResponse<java.io.InputStream> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .get(60, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            // the first heartbeat comes after the stream's first read: from here on, nothing new happens
            readUntil(lines, ":keep-alive");
            long acquiredBefore = dataSource.getMetrics().acquireCount();
            for (int beat = 0; beat < 5; beat++) {
                readUntil(lines, ":keep-alive");
            }
            assertEquals(acquiredBefore, dataSource.getMetrics().acquireCount(),
                    "five heartbeats of a quiet stream took database connections");

            act(TestTokens.staff(Roles.OFFICER, STATION).accessToken(), id, "accept").then().statusCode(200);
            assertTrue(readUntil(lines, "id:3").startsWith("id:3"), "the next event still arrives");
        }
    }

    /** The next line starting with {@code prefix}; bounded. */
    private static String readUntil(BufferedReader lines, String prefix) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    // "field:value" and "field: value" are the same line in SSE
                    String normalised = line.replaceFirst("^([a-z]*):\\s*", "$1:");
                    if (normalised.startsWith(prefix)) {
                        return normalised;
                    }
                }
                throw new AssertionError("the stream ended before " + prefix);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }).get(90, TimeUnit.SECONDS);
    }
}
