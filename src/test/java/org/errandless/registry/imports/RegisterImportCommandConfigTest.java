package org.errandless.registry.imports;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The command line that makes a run a command-line import (no HTTP port, no scheduled jobs). */
class RegisterImportCommandConfigTest {

    @Test
    void onlyTheImportCommandCounts() {
        assertTrue(RegisterImportCommandConfig.isImportCommand("target/quarkus-app/quarkus-run.jar import x.ndjson"));
        assertTrue(RegisterImportCommandConfig.isImportCommand("io.quarkus.bootstrap.runner.QuarkusEntryPoint import -"));
        assertFalse(RegisterImportCommandConfig.isImportCommand("target/quarkus-app/quarkus-run.jar"));
        assertFalse(RegisterImportCommandConfig.isImportCommand("quarkus-run.jar serve import"));
        assertFalse(RegisterImportCommandConfig.isImportCommand(
                "/usr/share/maven/boot/plexus-classworlds.jar org.codehaus.plexus.classworlds.launcher.Launcher test"));
        assertFalse(RegisterImportCommandConfig.isImportCommand(null));
        assertFalse(RegisterImportCommandConfig.isImportCommand(""));
    }
}
