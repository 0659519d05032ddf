package org.errandless.sharing;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import org.errandless.applications.SharedMaterialFetcher;
import org.errandless.audit.AccessEntry;
import org.errandless.audit.AccessLog;
import org.errandless.catalog.CatalogService;
import org.errandless.catalog.ServiceItemView;
import org.errandless.catalog.SourceDepartment;
import org.errandless.common.time.BusinessClock;
import org.errandless.registry.HouseholdView;
import org.errandless.registry.PersonView;
import org.errandless.registry.Relationship;
import org.errandless.registry.RegistryService;
import org.errandless.sharing.providers.SharedDataAnswer;
import org.errandless.sharing.providers.SharedDataProvider;
import org.errandless.sharing.providers.SharedDataProviders;
import org.errandless.sharing.providers.SharedDataQuery;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * "Information runs the errands": fetches a SHARED material from the department that holds it, for an application
 * being submitted with the citizen's consent.
 *
 * <p>The query is built from the register and the form (FORMS.md): BIRTH_MEDICAL_CERTIFICATE by {@code childName},
 * {@code childBirthDate} and the applicant's ID number; DEATH_MEDICAL_CERTIFICATE by the ID number of
 * {@code deceasedPersonId}; MARRIAGE_CERTIFICATE by the applicant's ID number and the spouse the household register
 * shows (head and SPOUSE); PROPERTY_CERTIFICATE by the applicant's ID number as owner and the address the matter is
 * about (MOVE_IN: the address of {@code targetHouseholdNumber}; ADDRESS_CHANGE: {@code newAddress}).
 *
 * <p>Each query sent to a department is an access record ({@code shared-material}, with purpose and legal basis) for
 * every registered person it is about: the applicant, the deceased, the spouse, and the people the answered record
 * names (parents, owners); the newborn is not registered yet. Whatever the outcome: the query itself disclosed their
 * data. Where a department is off nothing is sent and nothing recorded. Provider failures never throw: they are
 * {@code source-unavailable}, and the citizen may upload the material instead.
 *
 * <p>No transaction and no pooled connection is held while the department answers (see {@link #fetch}).
 */
@ApplicationScoped
public class SharingMaterialFetcher implements SharedMaterialFetcher {

    private static final Logger LOG = Logger.getLogger(SharingMaterialFetcher.class);

    static final String NO_RECORD = "no-record";
    static final String SOURCE_UNAVAILABLE = "source-unavailable";
    static final String WHAT = "shared-material";

    static final String BIRTH_MEDICAL_CERTIFICATE = "BIRTH_MEDICAL_CERTIFICATE";
    static final String DEATH_MEDICAL_CERTIFICATE = "DEATH_MEDICAL_CERTIFICATE";
    static final String MARRIAGE_CERTIFICATE = "MARRIAGE_CERTIFICATE";
    static final String PROPERTY_CERTIFICATE = "PROPERTY_CERTIFICATE";

    /** The rules that allow each fetch (besides the citizen's consent, given on submit). */
    private static final Map<String, String> LEGAL_BASIS = Map.of(
            BIRTH_MEDICAL_CERTIFICATE, "《中华人民共和国户口登记条例》第七条；《中华人民共和国母婴保健法》；申请人同意共享",
            DEATH_MEDICAL_CERTIFICATE, "《中华人民共和国户口登记条例》第八条；申请人同意共享",
            MARRIAGE_CERTIFICATE, "《中华人民共和国户口登记条例》；《婚姻登记条例》；申请人同意共享",
            PROPERTY_CERTIFICATE, "《中华人民共和国户口登记条例》；《不动产登记暂行条例》；申请人同意共享");

    @Inject
    SharedDataProviders providers;
    @Inject
    RegistryService registry;
    @Inject
    CatalogService catalog;
    @Inject
    AccessLog accessLog;
    @Inject
    BusinessClock clock;

    /** A query to send and the registered people it is about. */
    private record Plan(SharedDataQuery query, Set<UUID> about) {
    }

    /** No query can be made; {@code result} says why. */
    private static final class NoQuery extends Exception {
        private final Unavailable result;

        NoQuery(String reason, String detail) {
            super(detail, null, false, false);
            this.result = new Unavailable(reason, detail);
        }
    }

    /** What the first short transaction found: the query to send, or the answer already, and the names to use. */
    private record Prepared(Plan plan, Result answer, String serviceName, String materialName) {
    }

    /**
     * Three steps, so that nothing is held while the department answers (it may take seconds): the query is built
     * from the register in a short transaction; the department is asked with no transaction and no connection; the
     * people the answer names are looked up and every query sent is recorded in a second short transaction.
     */
    @Override
    public Result fetch(Request request) {
        Prepared prepared = QuarkusTransaction.requiringNew().call(() -> prepare(request));
        if (prepared.answer() != null) {
            return prepared.answer();
        }
        SourceDepartment department = prepared.plan().query().department();
        SharedDataProvider provider = providers.provider(department);
        SharedDataAnswer answer;
        try {
            answer = provider.find(prepared.plan().query());
        } catch (RuntimeException e) {
            LOG.errorf(e, "The %s provider failed for %s", department, request.materialCode());
            answer = new SharedDataAnswer.Unavailable("provider failed: " + e.getClass().getSimpleName());
        }
        SharedDataAnswer answered = answer;
        Set<UUID> named = QuarkusTransaction.requiringNew().call(() -> {
            Set<UUID> subjects = new LinkedHashSet<>();
            if (answered instanceof SharedDataAnswer.Found found) {
                for (String idNumber : found.subjectIdNumbers()) {
                    registry.findPerson(idNumber).map(PersonView::id).ifPresent(subjects::add);
                }
            }
            Set<UUID> about = new LinkedHashSet<>(prepared.plan().about());
            about.addAll(subjects);
            recordAccess(request, department, about, prepared);
            return subjects;
        });
        if (answer instanceof SharedDataAnswer.Found found) {
            Map<String, Object> evidence = Evidence.masked(found.facts());
            Set<UUID> subjects = new LinkedHashSet<>(prepared.plan().about());
            subjects.addAll(named);
            return new Fetched(found.reference(), clock.now(), Evidence.digest(evidence), evidence, subjects);
        }
        if (answer instanceof SharedDataAnswer.NoRecord) {
            return new Unavailable(NO_RECORD, departmentName(department) + "没有与申请相符的"
                    + prepared.materialName() + "记录，请核对填写的信息或上传该材料。");
        }
        return new Unavailable(SOURCE_UNAVAILABLE, departmentName(department) + "暂时无法查询"
                + prepared.materialName() + "，请稍后重新提交或上传该材料。");
    }

    private Prepared prepare(Request request) {
        String serviceName = serviceName(request);
        String materialName = materialName(request);
        Plan plan;
        try {
            plan = plan(request, materialName);
        } catch (NoQuery e) {
            return new Prepared(null, e.result, serviceName, materialName);
        }
        SourceDepartment department = plan.query().department();
        if (request.department() != null && request.department() != department) {
            LOG.warnf("Material %s is listed under %s but kept by %s: asking %s", request.materialCode(),
                    request.department(), department, department);
        }
        if (!providers.enabled(department)) {
            return new Prepared(plan, new Unavailable(SOURCE_UNAVAILABLE, departmentName(department)
                    + "的数据共享尚未开通，请上传" + materialName + "。"), serviceName, materialName);
        }
        return new Prepared(plan, null, serviceName, materialName);
    }

    private Plan plan(Request request, String materialName) throws NoQuery {
        UUID applicant = request.applicantPersonId();
        String applicantIdNumber = applicant == null ? null : registry.fullIdNumber(applicant).orElse(null);
        if (applicantIdNumber == null) {
            throw new NoQuery(NO_RECORD, "申请人不在户籍登记中，无法调取" + materialName + "，请上传该材料。");
        }
        Set<UUID> about = new LinkedHashSet<>();
        about.add(applicant);
        JsonNode form = request.form();
        String material = request.materialCode() == null ? "" : request.materialCode();
        switch (material) {
            case BIRTH_MEDICAL_CERTIFICATE -> {
                String childName = text(form, "childName");
                LocalDate birthDate = date(text(form, "childBirthDate"));
                if (childName == null || birthDate == null) {
                    throw new NoQuery(NO_RECORD, "表单中缺少新生儿的姓名或出生日期，无法调取出生医学证明，请补充后重新提交或上传该材料。");
                }
                return new Plan(new SharedDataQuery.BirthMedicalCertificate(childName, birthDate, applicantIdNumber),
                        about);
            }
            case DEATH_MEDICAL_CERTIFICATE -> {
                UUID deceased = uuid(text(form, "deceasedPersonId"));
                String deceasedIdNumber = deceased == null ? null : registry.fullIdNumber(deceased).orElse(null);
                if (deceasedIdNumber == null) {
                    throw new NoQuery(NO_RECORD, "表单中的死者不在户籍登记中，无法调取死亡医学证明，请核对后重新提交或上传该材料。");
                }
                about.add(deceased);
                return new Plan(new SharedDataQuery.DeathMedicalCertificate(deceasedIdNumber), about);
            }
            case MARRIAGE_CERTIFICATE -> {
                Optional<PersonView> spouse = spouseOf(applicant);
                spouse.map(PersonView::id).ifPresent(about::add);
                String spouseIdNumber = spouse.flatMap(person -> registry.fullIdNumber(person.id())).orElse(null);
                return new Plan(new SharedDataQuery.Marriage(applicantIdNumber, spouseIdNumber), about);
            }
            case PROPERTY_CERTIFICATE -> {
                return new Plan(new SharedDataQuery.Property(applicantIdNumber, propertyAddress(request)), about);
            }
            default -> throw new NoQuery(SOURCE_UNAVAILABLE, "材料" + material + "没有可调取的共享数据源，请上传该材料。");
        }
    }

    /** The address the property record must be of: where the applicant moves to, or the new address. */
    private String propertyAddress(Request request) throws NoQuery {
        String service = request.serviceCode() == null ? "" : request.serviceCode();
        switch (service) {
            case "MOVE_IN" -> {
                String number = text(request.form(), "targetHouseholdNumber");
                return registry.householdByNumber(number).map(HouseholdView::address).orElseThrow(
                        () -> new NoQuery(NO_RECORD, "表单中的迁入户不在户籍登记中，无法调取不动产权证书，请核对户号或上传该材料。"));
            }
            case "ADDRESS_CHANGE" -> {
                String address = text(request.form(), "newAddress");
                if (address == null) {
                    throw new NoQuery(NO_RECORD, "表单中缺少新住址，无法调取不动产权证书，请补充后重新提交或上传该材料。");
                }
                return address;
            }
            default -> {
                return null;
            }
        }
    }

    /** The applicant's spouse as their household shows it: the SPOUSE of a head, or the head of a SPOUSE. */
    private Optional<PersonView> spouseOf(UUID applicant) {
        Optional<HouseholdView> household = registry.householdOf(applicant);
        Optional<PersonView> self = household.flatMap(h -> h.members().stream()
                .filter(member -> member.id().equals(applicant)).findFirst());
        if (household.isEmpty() || self.isEmpty()) {
            return Optional.empty();
        }
        Relationship wanted = switch (self.get().relationship()) {
            case HEAD -> Relationship.SPOUSE;
            case SPOUSE -> Relationship.HEAD;
            default -> null;
        };
        if (wanted == null) {
            return Optional.empty();
        }
        return household.get().members().stream().filter(member -> member.relationship() == wanted).findFirst();
    }

    private void recordAccess(Request request, SourceDepartment department, Set<UUID> about, Prepared prepared) {
        String label = "户籍业务系统（经申请人同意向" + departmentName(department) + "调取）";
        String purpose = "办理" + prepared.serviceName() + "：调取" + prepared.materialName();
        String basis = LEGAL_BASIS.getOrDefault(request.materialCode(), "申请人同意共享");
        for (UUID person : about) {
            accessLog.record(AccessEntry.bySystem(person, label, WHAT, purpose).legalBasis(basis));
        }
    }

    private String serviceName(Request request) {
        return catalog.findService(request.serviceCode()).map(service -> service.name().zh())
                .orElse(request.serviceCode());
    }

    private String materialName(Request request) {
        return catalog.findService(request.serviceCode()).flatMap(service -> service.material(request.materialCode()))
                .map(ServiceItemView.MaterialView::name).map(name -> name.zh()).orElse("该材料");
    }

    static String departmentName(SourceDepartment department) {
        return switch (department) {
            case HEALTH -> "卫生健康部门";
            case CIVIL_AFFAIRS -> "民政部门";
            case HOUSING -> "住房城乡建设部门";
        };
    }

    private static String text(JsonNode form, String field) {
        if (form == null || !form.isObject()) {
            return null;
        }
        JsonNode value = form.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText().strip();
    }

    private static LocalDate date(String value) {
        try {
            return value == null ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
