package org.errandless.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.errandless.common.live.LiveFeed;
import org.errandless.common.live.LiveMirror;
import org.errandless.common.problem.ProblemException;
import org.errandless.common.web.Page;
import org.errandless.common.web.PreparedBody;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The service catalogue, for clients and for the features that handle applications.
 *
 * <p>The catalogue lives in memory on every instance, read once (form schemas parsed and put in reading order once)
 * and served as prepared bytes with their tags: a client's 304 costs a comparison, a 200 writes the bytes. A change of
 * the catalogue calls {@link #changed()} in its transaction, and every instance reads it again after the commit (see
 * {@link LiveMirror}: while the live feed does not listen, every read goes to the database). An operator who changes
 * the tables by hand makes the instances read them again with
 * {@code select pg_notify('errandless_live_feed', 'catalog:services')} (the channel as configured).
 */
@ApplicationScoped
public class CatalogService {

    /** Problem code of an unknown service code (404). */
    public static final String SERVICE_NOT_FOUND = "service-not-found";

    /** The live-feed key a change of the catalogue publishes. */
    static final String LIVE_KEY = "catalog:services";

    private static final TypeReference<LinkedHashMap<String, Object>> FORM_SCHEMA = new TypeReference<>() {
    };

    @Inject
    ServiceItems serviceItems;
    @Inject
    ObjectMapper json;
    @Inject
    LiveFeed feed;
    @Inject
    TransactionSynchronizationRegistry transactions;

    private LiveMirror<Catalogue> catalogue;

    /** The catalogue as read at one moment, with its answers prepared. */
    private record Catalogue(List<ServiceItemView> items, Map<String, ServiceItemView> byCode, PreparedBody list,
            Map<String, PreparedBody> answers) {
    }

    @PostConstruct
    void mirror() {
        catalogue = new LiveMirror<>(feed, transactions, LIVE_KEY, this::load);
    }

    /** Every service item, in catalogue order. */
    public List<ServiceItemView> listServices() {
        return catalogue.get().items();
    }

    /** The service item with this code, if there is one. */
    public Optional<ServiceItemView> findService(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(catalogue.get().byCode().get(code));
    }

    /**
     * The service item with this code.
     *
     * @throws ProblemException 404 {@code service-not-found} when there is none
     */
    public ServiceItemView service(String code) {
        return findService(code).orElseThrow(() -> notFound(code));
    }

    /** {@code GET /services}: the whole catalogue as one page, serialised and tagged. */
    public PreparedBody preparedList() {
        return catalogue.get().list();
    }

    /**
     * {@code GET /services/{code}}: one service, serialised and tagged.
     *
     * @throws ProblemException 404 {@code service-not-found} when there is none
     */
    public PreparedBody prepared(String code) {
        PreparedBody answer = code == null ? null : catalogue.get().answers().get(code);
        if (answer == null) {
            throw notFound(code);
        }
        return answer;
    }

    /**
     * Call in the transaction that changes the catalogue (an admin's change, an import): every instance reads it
     * again once the transaction commits, this one at once.
     *
     * @throws jakarta.transaction.TransactionalException without a transaction
     */
    public void changed() {
        catalogue.changed();
    }

    private Catalogue load() {
        List<ServiceItemView> views = QuarkusTransaction.joiningExisting()
                .call(() -> serviceItems.listWithMaterials().stream().map(this::view).toList());
        Map<String, ServiceItemView> byCode = new LinkedHashMap<>();
        Map<String, PreparedBody> answers = new LinkedHashMap<>();
        for (ServiceItemView view : views) {
            byCode.put(view.code(), view);
            answers.put(view.code(), PreparedBody.of(json, view));
        }
        List<ServiceItemView> list = List.copyOf(views);
        return new Catalogue(list, Collections.unmodifiableMap(byCode), PreparedBody.of(json, Page.last(list)),
                Collections.unmodifiableMap(answers));
    }

    private ServiceItemView view(ServiceItem item) {
        List<ServiceItemView.MaterialView> materials = item.materials.stream()
                .sorted((a, b) -> Integer.compare(a.sortOrder, b.sortOrder))
                .map(need -> new ServiceItemView.MaterialView(need.material.code,
                        new LocalisedText(need.material.nameZh, need.material.nameEn), need.material.source,
                        need.material.sourceDepartment, need.required, need.oneOfGroup))
                .toList();
        return new ServiceItemView(item.code, new LocalisedText(item.nameZh, item.nameEn), materials,
                new ServiceItemView.TimeLimit(item.timeLimitAmount, item.timeLimitUnit), item.minimumAssuranceLevel,
                item.handlingMode, item.handOverStep, FormSchemas.frozen(FormSchemas.presentable(formSchema(item))));
    }

    private Map<String, Object> formSchema(ServiceItem item) {
        if (item.formSchema == null) {
            return null;
        }
        try {
            return json.readValue(item.formSchema, FORM_SCHEMA);
        } catch (JsonProcessingException e) {
            // the column is jsonb holding an object (a CHECK says so), so this cannot happen short of a broken driver
            throw new IllegalStateException("The form schema of service " + item.code + " is not a JSON object", e);
        }
    }

    private static ProblemException notFound(String code) {
        return new ProblemException(404, SERVICE_NOT_FOUND, "There is no service with code " + printable(code));
    }

    /** The code as given, shortened, so a hostile path segment cannot flood the problem detail. */
    private static String printable(String code) {
        String shown = code == null ? "" : code.replaceAll("[^\\p{Alnum}_-]", "?");
        return shown.length() > 64 ? shown.substring(0, 64) + "…" : shown;
    }
}
