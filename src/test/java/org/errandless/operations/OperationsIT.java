package org.errandless.operations;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same operational checks against the packaged application. */
@QuarkusIntegrationTest
class OperationsIT extends OperationsTest {
}
