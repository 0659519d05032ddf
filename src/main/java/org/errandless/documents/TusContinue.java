package org.errandless.documents;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;

import org.errandless.common.problem.ProblemException;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers a tus PATCH's {@code Expect: 100-continue} as soon as its headers are acceptable, on the I/O thread: after
 * Quarkus REST has checked the caller's token and role (it does so before the non-blocking filters), and once the
 * protocol headers ({@code Tus-Resumable}, the content type, {@code Upload-Offset}, {@code Upload-Checksum}) parse.
 * A PATCH whose headers alone decide a refusal (401, 403, 412, 415, 400, and the 413 of {@link TusHeadCheck}) gets that
 * answer instead and its client never sends the body, as RFC 9110 (10.1.1) asks: a final status when the headers
 * determine it, else an immediate 100. What needs the database (the lease: 404, 409, 410, 413 past the length) then
 * runs while the first bytes travel, as it does for the clients that send no {@code Expect} at all (tus-js-client,
 * browsers); a refusal there arrives while the body is in flight, as for those clients. Before, the 100 waited for a
 * worker, the lease's statement and the file's opening: the longest wait of a curl upload (10 ms of 42 at load 18).
 */
public class TusContinue {

    static final String EXPECT = "Expect";

    // non-blocking filters run before all others (Quarkus REST requires it): before the second-factor check too,
    // which concerns staff only, whom this citizens' endpoint refuses earlier, in the role check
    @TusPatch
    @ServerRequestFilter(nonBlocking = true, priority = Priorities.AUTHENTICATION)
    public void continueEarly(HttpServerRequest request) {
        if (request.method() != HttpMethod.PATCH || !"100-continue".equalsIgnoreCase(request.getHeader(EXPECT))
                || !request.path().startsWith(UploadResource.PATH + "/")) {
            return;
        }
        try {
            TusProtocol.requireVersion(request.getHeader(TusProtocol.TUS_RESUMABLE));
            if (!UploadResource.isOffsetOctetStream(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
                return;
            }
            TusProtocol.nonNegative(TusProtocol.UPLOAD_OFFSET, request.getHeader(TusProtocol.UPLOAD_OFFSET));
            TusProtocol.checksum(request.getHeader(TusProtocol.UPLOAD_CHECKSUM));
        } catch (ProblemException e) {
            // the resource method gives this answer; the client has sent no byte of the body
            return;
        }
        // answered once: the resource's own continueIfExpected finds no expectation left
        request.headers().remove(EXPECT);
        request.response().writeContinue();
    }
}
