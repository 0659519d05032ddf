package org.errandless.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.quarkus.scheduler.Scheduled;

/**
 * The module boundaries of STYLE.md: package by feature, {@code common} depends on no feature, {@code audit} sits at
 * the bottom, features never form cycles, and resources stay thin; and the scheduled jobs leave the start alone.
 */
class ArchitectureTest {

    private static final String BASE = "org.errandless";
    private static final String[] FEATURES = { "identity..", "registry..", "catalog..", "applications..",
            "documents..", "sharing..", "certificates..", "notifications..", "supervision..", "evaluation..",
            "privacy..", "audit.." };

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    @Test
    void commonDependsOnNoFeature() {
        String[] featurePackages = new String[FEATURES.length];
        for (int i = 0; i < FEATURES.length; i++) {
            featurePackages[i] = BASE + "." + FEATURES[i];
        }
        noClasses().that().resideInAPackage(BASE + ".common..").should().dependOnClassesThat()
                .resideInAnyPackage(featurePackages).allowEmptyShould(true).check(classes);
    }

    @Test
    void auditDependsOnlyOnCommon() {
        String[] higher = new String[FEATURES.length - 1];
        for (int i = 0; i < FEATURES.length - 1; i++) {
            higher[i] = BASE + "." + FEATURES[i];
        }
        noClasses().that().resideInAPackage(BASE + ".audit..").should().dependOnClassesThat()
                .resideInAnyPackage(higher).allowEmptyShould(true).check(classes);
    }

    @Test
    void featuresAreFreeOfCycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(classes);
    }

    @Test
    void resourcesDoNotTouchPersistenceDirectly() {
        noClasses().that().haveSimpleNameEndingWith("Resource").should().dependOnClassesThat()
                .resideInAnyPackage("io.quarkus.hibernate.orm.panache..", "jakarta.persistence..")
                .allowEmptyShould(true).check(classes);
    }

    /**
     * Every interval job first runs after the start ({@code delayed}, common/config/JobsConfig), so that no job's
     * first transaction and classes compete with the start again when a job is added. Cron jobs keep their hour.
     */
    @Test
    void everyIntervalJobWaitsForTheStart() {
        List<String> jobs = new ArrayList<>();
        List<String> undelayed = new ArrayList<>();
        for (JavaClass type : classes) {
            for (JavaMethod method : type.getMethods()) {
                for (Scheduled scheduled : scheduledOf(method)) {
                    if (scheduled.every().isEmpty()) {
                        continue;
                    }
                    jobs.add(scheduled.identity());
                    if (scheduled.delayed().isBlank() && scheduled.delay() <= 0) {
                        undelayed.add(type.getSimpleName() + "." + method.getName() + " (" + scheduled.identity()
                                + ")");
                    }
                }
            }
        }
        assertTrue(jobs.size() >= 15, "the interval jobs were found: " + jobs);
        assertEquals(List.of(), undelayed, "interval jobs without delayed = \"{errandless.jobs.first-run-after}\"");
    }

    private static List<Scheduled> scheduledOf(JavaMethod method) {
        List<Scheduled> all = new ArrayList<>();
        method.tryGetAnnotationOfType(Scheduled.class).ifPresent(all::add);
        method.tryGetAnnotationOfType(Scheduled.Schedules.class).ifPresent(many -> all.addAll(List.of(many.value())));
        return all;
    }
}
