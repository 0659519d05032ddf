package org.errandless.documents;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * ClamAV's daemon over TCP: {@code zINSTREAM\0}, then the content in chunks each preceded by its length as a 4-byte
 * big-endian integer, then a zero-length chunk; clamd answers {@code stream: OK\0} or
 * {@code stream: <signature> FOUND\0} (or an {@code ... ERROR} line, e.g. when the stream exceeds its
 * StreamMaxLength).
 */
public class ClamdDocumentScanner implements DocumentScanner {

    private static final int CHUNK = 64 * 1024;
    private static final int MAX_REPLY = 4096;

    private final String host;
    private final int port;
    private final int timeoutMillis;

    public ClamdDocumentScanner(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    @Override
    public Verdict scan(InputStream content) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[CHUNK];
            int read;
            while ((read = content.readNBytes(buffer, 0, buffer.length)) > 0) {
                out.writeInt(read);
                out.write(buffer, 0, read);
            }
            out.writeInt(0);
            out.flush();
            return verdict(readReply(socket.getInputStream()));
        }
    }

    private static String readReply(InputStream in) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) > 0 && reply.size() < MAX_REPLY) {
            reply.write(b);
        }
        return reply.toString(StandardCharsets.US_ASCII).trim();
    }

    static Verdict verdict(String reply) throws IOException {
        String answer = reply.startsWith("stream:") ? reply.substring("stream:".length()).trim() : reply;
        if (answer.equals("OK")) {
            return Verdict.clean();
        }
        if (answer.endsWith(" FOUND")) {
            return Verdict.infected(answer.substring(0, answer.length() - " FOUND".length()).trim());
        }
        throw new IOException("clamd gave no verdict: " + reply);
    }
}
