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
import com.drew.metadata.png.PngDirectory;

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

    /**
     * Inspects a file.
     *
     * @param maxPixels most pixels an image may declare
     * @throws ProblemException 415 {@code document-type-not-allowed}, 422 {@code image-too-large}
     */
    Inspection inspect(Path file, long maxPixels) throws IOException {
        String type;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            // no file name: a name must never make Tika believe a type the bytes do not show
            type = tika.detect(in);
        }
        if (!ALLOWED.contains(type)) {
            throw new ProblemException(415, "document-type-not-allowed",
                    "Only JPEG, PNG, HEIC/HEIF and PDF documents are accepted; this file's content is " + type);
        }
        if (type.equals("application/pdf")) {
            return new Inspection(type, null, null);
        }
        long[] size = dimensions(file);
        if (size == null || size[0] <= 0 || size[1] <= 0) {
            throw new ProblemException(415, "document-type-not-allowed",
                    "The image's dimensions cannot be read; it is not a usable " + type + " file");
        }
        if (size[0] * size[1] > maxPixels) {
            throw ProblemException.unprocessable("image-too-large", "The image declares " + size[0] + "×" + size[1]
                    + " pixels; at most " + maxPixels + " pixels are accepted");
        }
        return new Inspection(type, (int) Math.min(Integer.MAX_VALUE, size[0]),
                (int) Math.min(Integer.MAX_VALUE, size[1]));
    }

    private static long[] dimensions(Path file) throws IOException {
        Metadata metadata;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            metadata = ImageMetadataReader.readMetadata(in, Files.size(file));
        } catch (ImageProcessingException e) {
            return null;
        }
        long[] largest = null;
        for (Directory directory : metadata.getDirectories()) {
            long[] size = null;
            try {
                if (directory instanceof JpegDirectory jpeg) {
                    size = new long[] { jpeg.getImageWidth(), jpeg.getImageHeight() };
                } else if (directory instanceof PngDirectory png
                        && png.containsTag(PngDirectory.TAG_IMAGE_WIDTH)) {
                    size = new long[] { png.getLong(PngDirectory.TAG_IMAGE_WIDTH),
                            png.getLong(PngDirectory.TAG_IMAGE_HEIGHT) };
                } else if (directory instanceof HeifDirectory heif
                        && heif.containsTag(HeifDirectory.TAG_IMAGE_WIDTH)) {
                    size = new long[] { heif.getLong(HeifDirectory.TAG_IMAGE_WIDTH),
                            heif.getLong(HeifDirectory.TAG_IMAGE_HEIGHT) };
                }
            } catch (MetadataException e) {
                continue;
            }
            // HEIF holds thumbnails and tiles besides the image: the largest declared size is what a decoder faces
            if (size != null && (largest == null || size[0] * size[1] > largest[0] * largest[1])) {
                largest = size;
            }
        }
        return largest;
    }
}
