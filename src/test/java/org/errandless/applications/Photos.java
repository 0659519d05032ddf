package org.errandless.applications;

import static org.errandless.applications.Apps.as;
import static org.hamcrest.Matchers.equalTo;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Real images (made in code) uploaded as documents, as a phone's camera would hand in a material. */
final class Photos {

    private Photos() {
    }

    /** A PNG or JPEG ({@code format} "png" or "jpeg") of the given size. */
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

    /** Uploads a photo of the caller's through {@code POST /documents}; answers the document id. */
    static String upload(String token, String format) {
        String type = "png".equals(format) ? "image/png" : "image/jpeg";
        String name = "png".equals(format) ? "photo.png" : "photo.jpg";
        return as(token).multiPart("file", name, image(format, 64, 80), type).multiPart("kind", "photo")
                .post("/api/v1/documents").then().statusCode(201).body("contentType", equalTo(type)).extract()
                .path("id");
    }
}
