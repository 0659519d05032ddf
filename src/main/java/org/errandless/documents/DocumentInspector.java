package org.errandless.documents;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.tika.Tika;
import org.errandless.common.problem.ProblemException;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.heif.HeifDirectory;
import com.drew.metadata.jpeg.JpegDirectory;

/**
 * Looks at an uploaded file before it becomes a document: its type from its bytes (Tika's magic-number detection;
 * the client's name and declared type are ignored), and for images their dimensions from the file's metadata
 * (metadata-extractor reads headers only and never decodes pixels, so a decompression bomb costs nothing to find).
 */
@ApplicationScoped
public class DocumentInspector {

    /** Types a document may have, as Tika names them. */
    static final Set<String> ALLOWED = Set.of("image/jpeg", "image/png", "image/heic", "image/heif",
            "image/heic-sequence", "image/heif-sequence", "application/pdf");

    private final Tika tika = new Tika();

    /** What the inspection found. */
    record Inspection(String contentType, Integer width, Integer height) {
    }

    /** How many of a file's first bytes the type detection looks at (Tika's magic numbers all lie within). */
    static final int HEAD = 64 * 1024;

    /** Where the whole content can be read from, for the image headers beyond {@link #HEAD}. */
    interface Content {
        InputStream open() throws IOException;
    }

    /**
     * Inspects a file stored on disk.
     *
     * @throws ProblemException 415 {@code document-type-not-allowed}, 422 {@code image-too-large}
     */
    Inspection inspect(Path file, long maxPixels) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD);
        }
        return inspect(head, () -> Files.newInputStream(file), Files.size(file), maxPixels);
    }

    /**
     * Inspects a file by its first bytes, reading the rest only for image headers (JPEG and HEIF metadata; never the
     * pixels).
     *
     * @param head the file's first bytes, at most {@link #HEAD} (all of it when it is shorter)
     * @throws ProblemException 415 {@code document-type-not-allowed}, 422 {@code image-too-large}
     */
    Inspection inspect(byte[] head, Content content, long size, long maxPixels) throws IOException {
        // no file name: a name must never make Tika believe a type the bytes do not show
        String type = tika.detect(head);
        if (!ALLOWED.contains(type)) {
            throw new ProblemException(415, "document-type-not-allowed",
                    "Only JPEG, PNG, HEIC/HEIF and PDF documents are accepted; this file's content is " + type);
        }
        if (type.equals("application/pdf")) {
            return new Inspection(type, null, null);
        }
        long[] dimensions = type.equals("image/png") ? pngDimensions(head) : dimensions(content, size);
        if (dimensions == null || dimensions[0] <= 0 || dimensions[1] <= 0) {
            throw new ProblemException(415, "document-type-not-allowed",
                    "The image's dimensions cannot be read; it is not a usable " + type + " file");
        }
        if (dimensions[0] * dimensions[1] > maxPixels) {
            throw ProblemException.unprocessable("image-too-large", "The image declares " + dimensions[0] + "×"
                    + dimensions[1] + " pixels; at most " + maxPixels + " pixels are accepted");
        }
        return new Inspection(type, (int) Math.min(Integer.MAX_VALUE, dimensions[0]),
                (int) Math.min(Integer.MAX_VALUE, dimensions[1]));
    }

    /** A PNG's size from its IHDR chunk, which the format puts first (bytes 8 to 24). */
    private static long[] pngDimensions(byte[] head) {
        if (head.length < 24 || head[12] != 'I' || head[13] != 'H' || head[14] != 'D' || head[15] != 'R') {
            return null;
        }
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.wrap(head, 16, 8);
        return new long[] { Integer.toUnsignedLong(ihdr.getInt()), Integer.toUnsignedLong(ihdr.getInt()) };
    }

    private static long[] dimensions(Content content, long size) throws IOException {
        Metadata metadata;
        try (InputStream in = new BufferedInputStream(content.open())) {
            metadata = ImageMetadataReader.readMetadata(in, size);
        } catch (ImageProcessingException e) {
            return null;
        }
        long[] largest = null;
        for (Directory directory : metadata.getDirectories()) {
            long[] found = null;
            try {
                if (directory instanceof JpegDirectory jpeg) {
                    found = new long[] { jpeg.getImageWidth(), jpeg.getImageHeight() };
                } else if (directory instanceof HeifDirectory heif
                        && heif.containsTag(HeifDirectory.TAG_IMAGE_WIDTH)) {
                    found = new long[] { heif.getLong(HeifDirectory.TAG_IMAGE_WIDTH),
                            heif.getLong(HeifDirectory.TAG_IMAGE_HEIGHT) };
                }
            } catch (MetadataException e) {
                continue;
            }
            // HEIF holds thumbnails and tiles besides the image: the largest declared size is what a decoder faces
            if (found != null && (largest == null || found[0] * found[1] > largest[0] * largest[1])) {
                largest = found;
            }
        }
        return largest;
    }
}
