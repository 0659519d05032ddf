package org.errandless.certificates;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import org.errandless.applications.ApplicationForms;

/**
 * The forms of the fabricated applications of certificate tests, in front of whatever implements
 * {@link ApplicationForms} (the default that knows none, or the lifecycle): a decorator rather than a replacement, so
 * every other application's form still comes from the real implementation.
 */
@Decorator
@Priority(1)
abstract class TestApplicationForms implements ApplicationForms {

    private static final Map<UUID, JsonNode> FORMS = new ConcurrentHashMap<>();

    @Inject
    @Delegate
    ApplicationForms delegate;

    /** Registers the form a fabricated application was submitted with. */
    static void register(UUID applicationId, JsonNode form) {
        FORMS.put(applicationId, form);
    }

    @Override
    public Optional<JsonNode> form(UUID applicationId) {
        JsonNode registered = FORMS.get(applicationId);
        return registered != null ? Optional.of(registered) : delegate.form(applicationId);
    }
}
