package org.errandless.registry.imports;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Configuration of a command-line import run ({@link RegisterImportCommand}): no HTTP listener (a server may run on
 * the same host and port), no scheduled jobs (delivery, purges: the servers do those), and the import applied by the
 * command itself. Configuration sources are read before any code of the application runs, so the command is told
 * apart by the JVM's command line ({@code sun.java.command}: the jar or main class, then {@code import}); for any
 * other launch this source is empty. Environment variables and system properties still win (ordinal 275).
 */
public class RegisterImportCommandConfig implements ConfigSource {

    private static final Map<String, String> COMMAND_LINE_RUN = Map.of(
            "quarkus.http.host-enabled", "false",
            "quarkus.scheduler.enabled", "false",
            "errandless.register-import.work-every", "off");

    private final Map<String, String> properties = isImportCommand(System.getProperty("sun.java.command"))
            ? COMMAND_LINE_RUN : Map.of();

    /** Whether the JVM was launched as {@code java -jar … import …} (or with the main class, then {@code import}). */
    static boolean isImportCommand(String javaCommand) {
        if (javaCommand == null) {
            return false;
        }
        String[] words = javaCommand.strip().split("\\s+");
        return words.length >= 2 && RegisterImportCommand.COMMAND.equals(words[1]);
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "register-import-command";
    }

    @Override
    public int getOrdinal() {
        return 275;
    }
}
