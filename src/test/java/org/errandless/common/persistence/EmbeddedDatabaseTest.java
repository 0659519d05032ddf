package org.errandless.common.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The embedded server is one per JVM also across class loaders (Quarkus loads {@link EmbeddedDatabase} afresh in
 * each test profile's build and run), and starting it leaves no thread holding the caller's context class loader.
 * Before, every class loader's copy started a server of its own, and the JDK's process reaper thread waiting for it
 * kept that copy's class loader (a whole Quarkus build or application) alive until the JVM exited.
 */
class EmbeddedDatabaseTest {

    @Test
    void copiesInOtherClassLoadersShareTheServerAndPinNoContextClassLoader() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        // what a Quarkus class loader would be as the context class loader of the thread that starts the server
        try (URLClassLoader marker = new URLClassLoader(new URL[0], original);
                IsolatingLoader first = new IsolatingLoader(); IsolatingLoader second = new IsolatingLoader()) {
            thread.setContextClassLoader(marker);
            int firstPort;
            int secondPort;
            try {
                firstPort = port(first);
                secondPort = port(second);
            } finally {
                thread.setContextClassLoader(original);
            }
            assertEquals(firstPort, secondPort, "each class loader's copy started a server of its own");
            assertEquals(firstPort, EmbeddedDatabase.start(null, 0).port());
            List<Thread> pinning = Thread.getAllStackTraces().keySet().stream()
                    .filter(running -> running.getContextClassLoader() == marker).toList();
            assertEquals(List.of(), pinning, "threads started with the server keep the caller's class loader");
        }
    }

    private static int port(IsolatingLoader loader) throws Exception {
        Class<?> copy = loader.loadClass(EmbeddedDatabase.class.getName());
        assertNotSame(EmbeddedDatabase.class, copy);
        Object database = copy.getMethod("start", java.nio.file.Path.class, int.class).invoke(null, null, 0);
        int port = (int) copy.getMethod("port").invoke(database);
        assertTrue(port > 0);
        return port;
    }

    /** Loads this package's classes itself (as a Quarkus class loader does), everything else from its parent. */
    private static final class IsolatingLoader extends URLClassLoader {

        private static final String PACKAGE = EmbeddedDatabase.class.getPackageName() + ".";

        IsolatingLoader() {
            super(new URL[] { EmbeddedDatabase.class.getProtectionDomain().getCodeSource().getLocation() },
                    EmbeddedDatabaseTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
