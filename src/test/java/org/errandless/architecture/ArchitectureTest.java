package org.errandless.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The module boundaries of STYLE.md: package by feature, {@code common} depends on no feature, {@code audit} sits at
 * the bottom, features never form cycles, and resources stay thin.
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
}
