package org.errandless.applications;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

/** Used while no partner data sharing is configured: nothing can be fetched, so SHARED materials are uploaded. */
@DefaultBean
@ApplicationScoped
public class NoSharedMaterialFetcher implements SharedMaterialFetcher {

    @Override
    public Result fetch(Request request) {
        return new Unavailable("source-unavailable", "Data sharing with " + request.department() + " is not set up");
    }
}
