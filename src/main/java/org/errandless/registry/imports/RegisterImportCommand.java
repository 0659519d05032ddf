package org.errandless.registry.imports;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.errandless.audit.AuditActor;
import org.errandless.common.problem.ProblemException;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The application's main: the server, as always, or, with the arguments {@code import FILE}, a register import from
 * the command line for operators: {@code java -jar target/quarkus-app/quarkus-run.jar import extract.ndjson} (with
 * the server's environment: database, data key). It runs the same import as the API against the configured
 * database (staging, then the apply on this process unless another instance takes it first), prints the outcome
 * and the first rejected lines, and exits with a status: 0 applied with no line rejected, 2 applied with rejected
 * lines, 1 not applied (refused, unreadable, FAILED), 64 wrong arguments. {@code -} reads the extract from standard
 * input. Such a run opens no HTTP port and runs no scheduled jobs ({@link RegisterImportCommandConfig}).
 *
 * <p>Any other arguments start the server exactly as without this class.
 */
@QuarkusMain
public class RegisterImportCommand implements QuarkusApplication {

    static final String COMMAND = "import";
    static final int APPLIED = 0;
    static final int NOT_APPLIED = 1;
    static final int APPLIED_WITH_REJECTIONS = 2;
    static final int USAGE = 64;
    private static final int SHOWN_REJECTIONS = 20;
    private static final long POLL_MILLIS = 1000;

    @Inject
    RegisterImportService imports;
    @Inject
    RegisterImportWorker worker;

    public static void main(String... args) {
        Quarkus.run(RegisterImportCommand.class, args);
    }

    @Override
    public int run(String... args) throws InterruptedException {
        if (args.length == 0 || !COMMAND.equals(args[0])) {
            Quarkus.waitForExit();
            return 0;
        }
        if (args.length != 2) {
            System.err.println("Usage: java -jar quarkus-run.jar import FILE   (FILE: JSON Lines; - for standard input)");
            return USAGE;
        }
        return importFile(args[1], System.out, System.err);
    }

    int importFile(String file, PrintStream out, PrintStream err) throws InterruptedException {
        RegisterImportView received;
        try (InputStream in = "-".equals(file) ? System.in : new BufferedInputStream(Files.newInputStream(Path.of(file)))) {
            received = imports.receive(in, RegisterImportSource.COMMAND_LINE, null,
                    AuditActor.system("command-line import"));
        } catch (NoSuchFileException e) {
            err.println("No such file: " + file);
            return NOT_APPLIED;
        } catch (IOException e) {
            err.println("Cannot read " + file + ": " + e.getMessage());
            return NOT_APPLIED;
        } catch (ProblemException e) {
            err.println("Refused (" + e.code() + "): " + e.getMessage());
            return NOT_APPLIED;
        }
        out.println("Register import " + received.id() + ": " + received.linesRead() + " lines received, queued");
        RegisterImportView view = awaitEnd(received.id());
        if (view.state() == RegisterImportState.FAILED) {
            err.println("Register import " + view.id() + " FAILED (" + view.failureCode() + "): "
                    + view.failureDetail());
            return NOT_APPLIED;
        }
        out.printf("Register import %s SUCCEEDED: %d created, %d updated, %d unchanged, %d lines rejected%n",
                view.id(), view.created(), view.updated(), view.unchanged(), view.rejected());
        out.printf("  created/updated/unchanged: stations %s, households %s, persons %s%n", counts(view.byType().stations()),
                counts(view.byType().households()), counts(view.byType().persons()));
        if (view.rejected() == 0) {
            return APPLIED;
        }
        List<RegisterImportService.Rejection> first = imports.rejections(view.id(), 0, SHOWN_REJECTIONS);
        for (RegisterImportService.Rejection rejection : first) {
            out.println("  line " + rejection.line() + ": " + rejection.code() + ": " + rejection.reason());
        }
        if (view.rejected() > first.size()) {
            out.println("  … the whole report: GET /api/v1/admin/register-imports/" + view.id() + "/rejections");
        }
        return APPLIED_WITH_REJECTIONS;
    }

    /** Applies it here, or waits while another instance does. */
    private RegisterImportView awaitEnd(UUID id) throws InterruptedException {
        while (true) {
            worker.drain();
            RegisterImportView view = imports.get(id);
            if (view.state() == RegisterImportState.SUCCEEDED || view.state() == RegisterImportState.FAILED) {
                return view;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static String counts(RegisterImportView.Counts counts) {
        return counts.created() + "/" + counts.updated() + "/" + counts.unchanged();
    }
}
