package org.errandless.applications;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.arc.DefaultBean;

/** Used while the lifecycle provides no {@link ApplicationForms}: no form is known. */
@DefaultBean
@ApplicationScoped
public class NoApplicationForms implements ApplicationForms {

    @Override
    public Optional<JsonNode> form(UUID applicationId) {
        return Optional.empty();
    }
}
