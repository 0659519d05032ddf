package org.errandless.documents;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

/** Files for the document tests, made in code. */
final class TestFiles {

    private TestFiles() {
    }

    static byte[] image(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, new Color((x * 7) % 256, (y * 5) % 256, 90).getRGB());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A minimal valid PDF, padded with a comment to at least {@code size} bytes. */
    static byte[] pdf(int size) {
        String head = "%PDF-1.4\n"
                + "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                + "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n";
        String tail = "trailer << /Root 1 0 R /Size 4 >>\n%%EOF\n";
        byte[] start = head.getBytes(StandardCharsets.US_ASCII);
        byte[] end = tail.getBytes(StandardCharsets.US_ASCII);
        int padding = Math.max(0, size - start.length - end.length - 2);
        byte[] pdf = new byte[start.length + 2 + padding + end.length];
        System.arraycopy(start, 0, pdf, 0, start.length);
        pdf[start.length] = '%';
        Arrays.fill(pdf, start.length + 1, start.length + 1 + padding, (byte) 'x');
        pdf[start.length + 1 + padding] = '\n';
        System.arraycopy(end, 0, pdf, start.length + 2 + padding, end.length);
        return pdf;
    }

    static byte[] pdf() {
        return pdf(0);
    }

    static byte[] html() {
        return "<!DOCTYPE html>\n<html><head><title>x</title></head><body><script>alert(1)</script></body></html>\n"
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A PNG whose header declares width × height pixels, with no pixel data at all. */
    static byte[] pngHeader(int width, int height) {
        ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12);
        png.put(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        png.putInt(13).put(ihdr.array()).putInt(crc(ihdr.array()));
        byte[] iend = "IEND".getBytes(StandardCharsets.US_ASCII);
        png.putInt(0).put(iend).putInt(crc(iend));
        return png.array();
    }

    /**
     * A HEIC still image reduced to its boxes that matter here: {@code ftyp heic}, and a {@code meta} box with the
     * picture handler and the image's spatial extent ({@code iprp/ipco/ispe}); no coded image data.
     */
    static byte[] heic(int width, int height) {
        byte[] ispe = box("ispe", ByteBuffer.allocate(12).putInt(0).putInt(width).putInt(height).array());
        byte[] ipco = box("ipco", ispe);
        byte[] iprp = box("iprp", ipco);
        ByteBuffer hdlrBody = ByteBuffer.allocate(4 + 4 + 4 + 12 + 1);
        hdlrBody.putInt(0).putInt(0).put("pict".getBytes(StandardCharsets.US_ASCII)).put(new byte[12]).put((byte) 0);
        byte[] hdlr = box("hdlr", hdlrBody.array());
        ByteBuffer metaBody = ByteBuffer.allocate(4 + hdlr.length + iprp.length);
        metaBody.putInt(0).put(hdlr).put(iprp);
        byte[] meta = box("meta", metaBody.array());
        byte[] ftyp = box("ftyp", "heic\0\0\0\0mif1heic".getBytes(StandardCharsets.ISO_8859_1));
        return ByteBuffer.allocate(ftyp.length + meta.length).put(ftyp).put(meta).array();
    }

    private static byte[] box(String type, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).putInt(8 + body.length)
                .put(type.getBytes(StandardCharsets.US_ASCII)).put(body).array();
    }

    private static int crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
