package org.errandless.identity.verification;

/**
 * A photo for the face check, already known to be a readable JPEG or PNG of the given size.
 *
 * @param content the file as uploaded
 * @param format JPEG or PNG, by its magic bytes
 * @param width in pixels, from the image header
 * @param height in pixels, from the image header
 */
public record FacePhoto(byte[] content, Format format, int width, int height) {

    /** The image formats the face check takes. */
    public enum Format {
        JPEG("image/jpeg", "jpeg"),
        PNG("image/png", "png");

        private final String mediaType;
        private final String imageIoName;

        Format(String mediaType, String imageIoName) {
            this.mediaType = mediaType;
            this.imageIoName = imageIoName;
        }

        public String mediaType() {
            return mediaType;
        }

        String imageIoName() {
            return imageIoName;
        }
    }

    /** A face is personal data: never the bytes in a log line. */
    @Override
    public String toString() {
        return "FacePhoto[" + format + ", " + width + "x" + height + ", " + content.length + " bytes]";
    }
}
