package dev.switchboard.channel.fax.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

/**
 * Page images for the agent console: grey PNGs of one width for every page, with square pixels. A fax pixel
 * is not square (204 dpi across, 196 or 98 down), so the height is corrected by x-dpi / y-dpi: a normal
 * (98 dpi) page is stretched about twice as much as a fine (196 dpi) page, and text keeps its shape.
 */
final class ConsoleImages {

    private ConsoleImages() {
    }

    /** Height of a console image {@code width} wide of a page, correcting for its pixel aspect. */
    static int height(FaxPageInfo page, int width) {
        return Math.max(1, (int) Math.round(page.heightPx() * (page.xDpi() / page.yDpi()) * width / page.widthPx()));
    }

    /** Scales a decoded fax page to {@code width} x {@link #height}, averaging for readability. */
    static BufferedImage scale(BufferedImage source, FaxPageInfo page, int width) {
        int height = height(page, width);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = out.createGraphics();
        try {
            graphics.setBackground(Color.WHITE);
            graphics.clearRect(0, 0, width, height);
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            graphics.drawImage(source, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        return out;
    }

    static FaxPageImage png(int number, BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("no PNG writer");
        }
        return new FaxPageImage(number, image.getWidth(), image.getHeight(), bytes.toByteArray());
    }
}
