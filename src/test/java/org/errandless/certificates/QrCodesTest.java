package org.errandless.certificates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

class QrCodesTest {

    static final String URL = "https://errandless.example/api/v1/certificates/verify/7KQ2M9XD4HTB";

    @Test
    void thePngDecodesBackToTheText() throws Exception {
        byte[] png = QrCodes.png(URL);
        assertArrayEquals(new byte[] { (byte) 0x89, 'P', 'N', 'G' }, Arrays.copyOf(png, 4));
        assertEquals(URL, decode(png));
    }

    @Test
    void theImageIsBlackOnWhiteWithAQuietZone() throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrCodes.png(URL)));
        assertEquals(image.getWidth(), image.getHeight());
        assertEquals(0, image.getWidth() % QrCodes.MODULE_PIXELS);
        assertEquals(0xffffffff, image.getRGB(0, 0));
        int corner = QrCodes.QUIET_ZONE * QrCodes.MODULE_PIXELS;
        // the finder pattern's outer corner is the first dark module
        assertEquals(0xff000000, image.getRGB(corner, corner));
        assertEquals(0xffffffff, image.getRGB(corner - 1, corner - 1));
    }

    /** Decodes a QR code PNG the way a phone would (tests only: the application never needs AWT). */
    static String decode(byte[] png) throws IOException, NotFoundException, ChecksumException, FormatException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        return new QRCodeReader().decode(bitmap).getText();
    }
}
