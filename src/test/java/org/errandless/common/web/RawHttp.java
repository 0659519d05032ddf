package org.errandless.common.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 over a plain socket, for what ordinary clients refuse to send: a header with a NUL byte, a chunked body
 * that is never finished. Every read is bounded (a failure, not a hang).
 */
final class RawHttp implements AutoCloseable {

    /** An answer: the status and the raw text (headers and body). */
    record Answer(int status, String text) {
        String body() {
            int start = text.indexOf("\r\n\r\n");
            return start < 0 ? "" : text.substring(start + 4);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawHttp(URL base) throws IOException {
        socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(60_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends the request line and headers (CRLF added; a blank line ends them). */
    RawHttp head(String requestLineAndHeaders) throws IOException {
        out.write((requestLineAndHeaders + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /**
     * Sends {@code total} bytes of body as chunks of {@code chunkSize} on another thread, a JSON string's content
     * after {@code prefix}; with {@code finish} the terminating chunk follows. Failures to write (the server closed
     * the connection after answering) end the writing quietly.
     */
    CompletableFuture<Long> chunked(String prefix, long total, int chunkSize, boolean finish) {
        return CompletableFuture.supplyAsync(() -> {
            long sent = 0;
            try {
                byte[] first = prefix.getBytes(StandardCharsets.UTF_8);
                chunk(first);
                sent += first.length;
                byte[] filler = new byte[chunkSize];
                java.util.Arrays.fill(filler, (byte) 'a');
                while (sent < total) {
                    chunk(filler);
                    sent += filler.length;
                }
                if (finish) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException e) {
                // the server answered and closed the connection: what the tests expect
            }
            return sent;
        });
    }

    private void chunk(byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads the answer until the connection closes or the body declared by Content-Length is complete. */
    Answer answer() throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, read);
                    if (complete(received.toString(StandardCharsets.UTF_8))) {
                        break;
                    }
                }
            } catch (IOException e) {
                // a reset after the answer: keep what arrived
            }
            String text = received.toString(StandardCharsets.UTF_8);
            int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
            return new Answer(status, text);
        }).get(90, TimeUnit.SECONDS);
    }

    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : text.substring(0, end).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(15).strip());
                return text.getBytes(StandardCharsets.UTF_8).length - end - 4 >= length;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
