package org.errandless.common.web;

import io.vertx.ext.web.RoutingContext;

/**
 * A feature's check of the head of the requests to its own path (method, headers, declared length), run by the front
 * door ({@link HttpRoutes}) before any body is read and before authentication: a larger body limit than the JSON
 * API's, refused by its declared length; headers every answer on the path must carry.
 *
 * <p>Features implement this (as a CDI bean) instead of installing Vert.x routes of their own: every route is one
 * more match for every request to walk, while the front door finds the one check of a request with a few string
 * comparisons. The check's path must also be one of {@code errandless.http.large-body-paths} when its bodies may be
 * larger than {@code errandless.http.max-body-size} (the JSON screen runs after it).
 */
public interface HeadCheck {

    /**
     * The path this checks, e.g. {@code /api/v1/uploads}: it covers that path, with a trailing slash or matrix
     * parameters ({@code ;}), and every path below it, matched against the normalised path (percent-encoded
     * unreserved characters decoded, dot segments removed) the way Quarkus REST matches its resources; never a path
     * that only starts like it ({@code /api/v1/uploadsX}).
     */
    String path();

    /**
     * Checks a request to the path, on the I/O thread. Returns {@code true} to let it go on (to the JSON screen, then
     * the rest of the router), {@code false} when this check has answered it (e.g. with
     * {@link HttpRoutes#refuseBody}).
     */
    boolean admit(RoutingContext context);
}
