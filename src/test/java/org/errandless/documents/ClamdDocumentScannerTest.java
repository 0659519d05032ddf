package org.errandless.documents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/** The clamd adapter against a fake clamd that speaks INSTREAM. */
class ClamdDocumentScannerTest {

    /** One connection: reads the command and the chunks, answers with the reply for what it received. */
    private static final class FakeClamd implements AutoCloseable {

        final ServerSocket server;
        final CompletableFuture<byte[]> received = new CompletableFuture<>();
        final CompletableFuture<String> command = new CompletableFuture<>();

        FakeClamd(java.util.function.Function<byte[], String> reply) throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread thread = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    ByteArrayOutputStream cmd = new ByteArrayOutputStream();
                    int b;
                    while ((b = in.read()) > 0) {
                        cmd.write(b);
                    }
                    command.complete(cmd.toString(StandardCharsets.US_ASCII));
                    ByteArrayOutputStream data = new ByteArrayOutputStream();
                    int length;
                    while ((length = in.readInt()) > 0) {
                        data.write(in.readNBytes(length));
                    }
                    received.complete(data.toByteArray());
                    socket.getOutputStream().write((reply.apply(data.toByteArray()) + "\0")
                            .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    received.completeExceptionally(e);
                }
            }, "fake-clamd");
            thread.setDaemon(true);
            thread.start();
        }

        ClamdDocumentScanner scanner() {
            return new ClamdDocumentScanner("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(10));
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    private static String clamav(byte[] data) {
        return new String(data, StandardCharsets.ISO_8859_1).contains("EICAR-STANDARD-ANTIVIRUS-TEST-FILE")
                ? "stream: Eicar-Test-Signature FOUND" : "stream: OK";
    }

    @Test
    void cleanContentInChunks() throws Exception {
        byte[] content = new byte[200_000];
        new Random(7).nextBytes(content);
        try (FakeClamd clamd = new FakeClamd(ClamdDocumentScannerTest::clamav)) {
            DocumentScanner.Verdict verdict = clamd.scanner().scan(new ByteArrayInputStream(content));
            assertEquals(DocumentScanner.Result.CLEAN, verdict.result());
            assertEquals("zINSTREAM", clamd.command.get(10, TimeUnit.SECONDS));
            assertArrayEquals(content, clamd.received.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void eicarIsFound() throws Exception {
        try (FakeClamd clamd = new FakeClamd(ClamdDocumentScannerTest::clamav)) {
            DocumentScanner.Verdict verdict = clamd.scanner()
                    .scan(new ByteArrayInputStream(EICAR.getBytes(StandardCharsets.US_ASCII)));
            assertEquals(DocumentScanner.Result.INFECTED, verdict.result());
            assertEquals("Eicar-Test-Signature", verdict.signature());
        }
    }

    @Test
    void anErrorIsNoVerdict() throws Exception {
        try (FakeClamd clamd = new FakeClamd(data -> "INSTREAM size limit exceeded. ERROR")) {
            assertThrows(IOException.class, () -> clamd.scanner().scan(new ByteArrayInputStream(new byte[10])));
        }
    }

    @Test
    void nobodyListeningIsNoVerdict() throws IOException, ExecutionException, InterruptedException, TimeoutException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        ClamdDocumentScanner scanner = new ClamdDocumentScanner("127.0.0.1", port, Duration.ofSeconds(2));
        assertThrows(IOException.class, () -> scanner.scan(new ByteArrayInputStream(new byte[10])));
    }
}
