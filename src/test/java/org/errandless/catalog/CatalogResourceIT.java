package org.errandless.catalog;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application (test profile). */
@QuarkusIntegrationTest
class CatalogResourceIT extends CatalogResourceTest {
}
