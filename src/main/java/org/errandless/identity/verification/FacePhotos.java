package org.errandless.identity.verification;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;

/**
 * Reads an uploaded face photo: its size, its format by magic bytes (never by the name or the declared type) and its
 * dimensions from the image header, without decoding any pixels (a small file may declare a huge image).
 */
final class FacePhotos {

    private static final byte[] JPEG_MAGIC = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF };
    private static final byte[] PNG_MAGIC = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

    private FacePhotos() {
    }

    /**
     * @param file the uploaded file
     * @param maxSize largest size in bytes
     * @param minDimension smallest width and height in pixels
     * @throws ProblemException 413 {@code payload-too-large} above {@code maxSize}, 415 {@code unsupported-media-type}
     *         for anything but JPEG or PNG, 422 {@code photo-unusable} for an unreadable or too small image
     */
    static FacePhoto read(Path file, long maxSize, int minDimension) {
        byte[] content;
        try {
            if (Files.size(file) > maxSize) {
                throw new ProblemException(413, "payload-too-large", "The photo is larger than " + maxSize
                        + " bytes");
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("Could not read an uploaded photo", e);
        }
        FacePhoto.Format format = format(content).orElseThrow(() -> new ProblemException(415,
                "unsupported-media-type", "The photo must be a JPEG or PNG image"));
        int[] dimensions = dimensions(content, format).orElseThrow(() -> unusable(
                "The photo is not a readable " + format + " image", "unreadable"));
        if (dimensions[0] < minDimension || dimensions[1] < minDimension) {
            throw unusable("The photo is " + dimensions[0] + "×" + dimensions[1] + " pixels; the face check needs at "
                    + "least " + minDimension + "×" + minDimension, "too-small");
        }
        return new FacePhoto(content, format, dimensions[0], dimensions[1]);
    }

    /** JPEG or PNG by the first bytes, or empty. */
    static Optional<FacePhoto.Format> format(byte[] content) {
        if (startsWith(content, JPEG_MAGIC)) {
            return Optional.of(FacePhoto.Format.JPEG);
        }
        if (startsWith(content, PNG_MAGIC)) {
            return Optional.of(FacePhoto.Format.PNG);
        }
        return Optional.empty();
    }

    /** Width and height from the header, or empty when the header cannot be read. */
    static Optional<int[]> dimensions(byte[] content, FacePhoto.Format format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new IllegalStateException("No image reader for " + format);
        }
        ImageReader reader = readers.next();
        try (InputStream bytes = new ByteArrayInputStream(content);
                ImageInputStream input = new MemoryCacheImageInputStream(bytes)) {
            reader.setInput(input, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            return width > 0 && height > 0 ? Optional.of(new int[] { width, height }) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            // a broken header is the client's photo, not our fault
            return Optional.empty();
        } finally {
            reader.dispose();
        }
    }

    private static ProblemException unusable(String detail, String reason) {
        return ProblemException.unprocessable("photo-unusable", detail,
                List.of(new Problem.InvalidParam("photo", detail, reason)));
    }

    private static boolean startsWith(byte[] content, byte[] magic) {
        return content.length >= magic.length && Arrays.equals(content, 0, magic.length, magic, 0, magic.length);
    }
}
