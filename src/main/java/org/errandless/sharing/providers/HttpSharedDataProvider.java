package org.errandless.sharing.providers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.errandless.catalog.SourceDepartment;
import org.errandless.common.http.OutboundJsonClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Adapter {@code http}: the department's own service.
 *
 * <p>Protocol: {@code POST <url>/<kind>} ({@code birth-medical-certificates}, {@code death-medical-certificates},
 * {@code marriages}, {@code property-records}) with {@code Authorization: Bearer <api key>} and the query's fields as
 * JSON (ID numbers go in the body, never in a URL, where proxies would log them). The department answers 200
 * {@code {"reference": "...", "facts": {...}, "subjects": ["<ID number>", ...]}} for a record, 404 for none. Anything
 * else, no answer in time, or an open circuit is unavailable (see {@link SharedDataCalls} for timeouts, retries and the
 * circuit breakers).
 */
public class HttpSharedDataProvider implements SharedDataProvider {

    private static final Logger LOG = Logger.getLogger(HttpSharedDataProvider.class);

    private final SourceDepartment department;
    private final OutboundJsonClient client;
    private final SharedDataCalls calls;
    private final ObjectMapper json;

    /**
     * @param calls the guarded calls: the CDI bean in the application (interceptors active), or a plain instance for
     *        a test of the protocol alone
     */
    public HttpSharedDataProvider(SourceDepartment department, OutboundJsonClient client, SharedDataCalls calls,
            ObjectMapper json) {
        this.department = Objects.requireNonNull(department);
        this.client = Objects.requireNonNull(client);
        this.calls = Objects.requireNonNull(calls);
        this.json = Objects.requireNonNull(json);
    }

    @Override
    public SourceDepartment department() {
        return department;
    }

    @Override
    public SharedDataAnswer find(SharedDataQuery query) {
        if (query.department() != department) {
            throw new IllegalArgumentException(query.kind() + " are not kept by " + department);
        }
        OutboundJsonClient.Response response;
        try {
            String path = "/" + query.kind();
            response = switch (department) {
                case HEALTH -> calls.health(client, path, query.fields());
                case CIVIL_AFFAIRS -> calls.civilAffairs(client, path, query.fields());
                case HOUSING -> calls.housing(client, path, query.fields());
            };
        } catch (CircuitBreakerOpenException e) {
            return unavailable("the circuit of " + department + " is open");
        } catch (SourceCallException | FaultToleranceException e) {
            return unavailable(e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Asking %s failed unexpectedly", department);
            return unavailable("unexpected " + e.getClass().getSimpleName());
        }
        if (response.status() == 404) {
            return new SharedDataAnswer.NoRecord();
        }
        return read(response).orElseGet(() -> unavailable("the " + client.service() + " answered no record we can "
                + "read"));
    }

    private Optional<SharedDataAnswer> read(OutboundJsonClient.Response response) {
        Optional<JsonNode> answer = client.object(response);
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        JsonNode reference = answer.get().get("reference");
        JsonNode facts = answer.get().get("facts");
        JsonNode subjects = answer.get().get("subjects");
        if (reference == null || !reference.isTextual() || reference.asText().isBlank() || facts == null
                || !facts.isObject() || (subjects != null && !subjects.isArray())) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> factMap = json.convertValue(facts, LinkedHashMap.class);
        List<String> subjectIdNumbers = new ArrayList<>();
        if (subjects != null) {
            for (JsonNode subject : subjects) {
                if (!subject.isTextual()) {
                    return Optional.empty();
                }
                subjectIdNumbers.add(subject.asText());
            }
        }
        return Optional.of(new SharedDataAnswer.Found(reference.asText(), factMap, subjectIdNumbers));
    }

    private SharedDataAnswer.Unavailable unavailable(String detail) {
        LOG.warnf("Shared data from %s unavailable: %s", department, detail);
        return new SharedDataAnswer.Unavailable(detail);
    }

    @Override
    public String toString() {
        return "HttpSharedDataProvider[" + client + "]";
    }
}
