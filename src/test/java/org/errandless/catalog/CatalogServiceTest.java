package org.errandless.catalog;

import org.errandless.common.security.AssuranceLevel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.errandless.common.problem.ProblemException;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The catalogue as other features call it. */
@QuarkusTest
class CatalogServiceTest {

    @Inject
    CatalogService catalog;

    @Test
    void viewsCarryWhatApplicationsNeed() {
        ServiceItemView moveIn = catalog.findService("MOVE_IN").orElseThrow();
        assertEquals(new ServiceItemView.TimeLimit(20, CountingUnit.WORKING_DAYS), moveIn.timeLimit());
        assertEquals(AssuranceLevel.L3, moveIn.minimumAssuranceLevel());
        assertEquals(List.of(List.of("PROPERTY_CERTIFICATE", "RELATIONSHIP_PROOF"), List.of("ID_PHOTO")),
                moveIn.requiredGroups().stream().map(g -> g.stream().map(ServiceItemView.MaterialView::code)
                        .toList()).toList());
        ServiceItemView birth = catalog.service("BIRTH_REGISTRATION");
        // the optional marriage certificate is no requirement
        assertEquals(1, birth.requiredGroups().size());
        assertTrue(birth.material("MARRIAGE_CERTIFICATE").isPresent());
        assertTrue(catalog.service("HOUSEHOLD_CERTIFICATE").isInstant());
        assertFalse(birth.isInstant());
        assertTrue(catalog.findService("NOPE").isEmpty());
        assertTrue(catalog.findService(null).isEmpty());
        ProblemException unknown = assertThrows(ProblemException.class, () -> catalog.service("NOPE"));
        assertEquals(404, unknown.status());
        assertEquals("service-not-found", unknown.code());
        assertTrue(AssuranceLevel.L3.isAtLeast(AssuranceLevel.L2));
        assertFalse(AssuranceLevel.L1.isAtLeast(AssuranceLevel.L2));
    }
}
