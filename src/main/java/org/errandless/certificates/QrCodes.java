package org.errandless.certificates;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * QR codes as PNG images. ZXing computes the modules; the PNG (1-bit greyscale, one IDAT) is written here with
 * {@link java.util.zip} alone, because ZXing's own image output goes through AWT and ImageIO, which a native image
 * does not have.
 */
final class QrCodes {

    /** Pixels per module: a 41-module code (a URL of this length) makes a 392 px image with its quiet zone. */
    static final int MODULE_PIXELS = 8;
    /** Quiet zone in modules, as the QR standard asks. */
    static final int QUIET_ZONE = 4;

    private static final byte[] SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

    private QrCodes() {
    }

    /** A PNG of the QR code of this text (error correction level M, UTF-8). */
    static byte[] png(String text) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, QUIET_ZONE,
                            EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name()));
        } catch (WriterException e) {
            throw new IllegalArgumentException("Text too long for a QR code", e);
        }
        return png(matrix, MODULE_PIXELS);
    }

    /** A 1-bit greyscale PNG of the matrix, each module {@code scale} pixels square; set modules are black. */
    static byte[] png(BitMatrix matrix, int scale) {
        int width = matrix.getWidth() * scale;
        int height = matrix.getHeight() * scale;
        int rowBytes = (width + 7) / 8;
        ByteArrayOutputStream pixels = new ByteArrayOutputStream((rowBytes + 1) * height);
        byte[] row = new byte[rowBytes];
        for (int y = 0; y < matrix.getHeight(); y++) {
            java.util.Arrays.fill(row, (byte) 0);
            for (int x = 0; x < width; x++) {
                // greyscale 1-bit: 1 is white, 0 is black
                if (!matrix.get(x / scale, y)) {
                    row[x >> 3] |= (byte) (0x80 >>> (x & 7));
                }
            }
            for (int repeat = 0; repeat < scale; repeat++) {
                pixels.write(0); // filter type None
                pixels.write(row, 0, rowBytes);
            }
        }
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            png.write(SIGNATURE);
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream ihdr = new DataOutputStream(header);
            ihdr.writeInt(width);
            ihdr.writeInt(height);
            ihdr.writeByte(1); // bit depth
            ihdr.writeByte(0); // colour type: greyscale
            ihdr.writeByte(0); // compression: deflate
            ihdr.writeByte(0); // filter method
            ihdr.writeByte(0); // no interlace
            chunk(png, "IHDR", header.toByteArray());
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
            try (DeflaterOutputStream deflating = new DeflaterOutputStream(compressed, deflater)) {
                pixels.writeTo(deflating);
            } finally {
                deflater.end();
            }
            chunk(png, "IDAT", compressed.toByteArray());
            chunk(png, "IEND", new byte[0]);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(png);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
