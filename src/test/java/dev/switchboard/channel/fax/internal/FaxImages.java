package dev.switchboard.channel.fax.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

/** Pixel measures the fax tests compare pages with. */
final class FaxImages {

    private FaxImages() {
    }

    static BufferedImage png(FaxPageImage image) throws IOException {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.png()));
        assertThat(decoded.getWidth()).isEqualTo(image.width());
        assertThat(decoded.getHeight()).isEqualTo(image.height());
        return decoded;
    }

    /** Share of dark pixels: 0 for a blank page, a few percent for a page of text. */
    static double inkRatio(BufferedImage image) {
        long dark = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFF) < 128) {
                    dark++;
                }
            }
        }
        return (double) dark / ((long) image.getWidth() * image.getHeight());
    }

    static double differingPixels(BufferedImage a, BufferedImage b) {
        assertThat(b.getWidth()).isEqualTo(a.getWidth());
        assertThat(b.getHeight()).isEqualTo(a.getHeight());
        long differing = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (((a.getRGB(x, y) ^ b.getRGB(x, y)) & 0xFFFFFF) != 0) {
                    differing++;
                }
            }
        }
        return (double) differing / ((long) a.getWidth() * a.getHeight());
    }
}
