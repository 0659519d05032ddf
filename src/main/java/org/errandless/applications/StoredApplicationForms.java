package org.errandless.applications;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The forms as the lifecycle stores them; within a transition's transaction it sees the form being decided. */
@ApplicationScoped
public class StoredApplicationForms implements ApplicationForms {

    @Inject
    ObjectMapper json;

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<JsonNode> form(UUID applicationId) {
        Application application = Application.findById(applicationId);
        if (application == null || application.form == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readTree(application.form));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The stored form of application " + applicationId + " is not JSON", e);
        }
    }
}
