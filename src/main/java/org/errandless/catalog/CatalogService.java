package org.errandless.catalog;

import org.errandless.common.security.AssuranceLevel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.errandless.common.problem.ProblemException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The service catalogue, for clients and for the features that handle applications.
 *
 * <p>Reads go to the database every time: the catalogue is tiny, and admins may change it on any instance.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CatalogService {

    /** Problem code of an unknown service code (404). */
    public static final String SERVICE_NOT_FOUND = "service-not-found";

    private static final TypeReference<LinkedHashMap<String, Object>> FORM_SCHEMA = new TypeReference<>() {
    };

    private final ServiceItems serviceItems;
    private final ObjectMapper json;

    public CatalogService(ServiceItems serviceItems, ObjectMapper json) {
        this.serviceItems = serviceItems;
        this.json = json;
    }

    /** Every service item, in catalogue order. */
    public List<ServiceItemView> listServices() {
        return serviceItems.listWithMaterials().stream().map(this::view).toList();
    }

    /** The service item with this code, if there is one. */
    public Optional<ServiceItemView> findService(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return serviceItems.findWithMaterials(code).map(this::view);
    }

    /**
     * The service item with this code.
     *
     * @throws ProblemException 404 {@code service-not-found} when there is none
     */
    public ServiceItemView service(String code) {
        return findService(code).orElseThrow(() -> new ProblemException(404, SERVICE_NOT_FOUND,
                "There is no service with code " + printable(code)));
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
                item.handlingMode, item.handOverStep, FormSchemas.presentable(formSchema(item)));
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

    /** The code as given, shortened, so a hostile path segment cannot flood the problem detail. */
    private static String printable(String code) {
        String shown = code == null ? "" : code.replaceAll("[^\\p{Alnum}_-]", "?");
        return shown.length() > 64 ? shown.substring(0, 64) + "…" : shown;
    }
}
