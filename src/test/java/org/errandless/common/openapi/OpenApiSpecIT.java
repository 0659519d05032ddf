package org.errandless.common.openapi;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application (test profile). */
@QuarkusIntegrationTest
class OpenApiSpecIT extends OpenApiSpecTest {
}
