package org.errandless.registry.imports;

/** How an extract came in. */
public enum RegisterImportSource {
    /** {@code POST /api/v1/admin/register-imports}, by an admin. */
    API,
    /** {@code java -jar quarkus-run.jar import FILE}, by an operator on a server. */
    COMMAND_LINE
}
