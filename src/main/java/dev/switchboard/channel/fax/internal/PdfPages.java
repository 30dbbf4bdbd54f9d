package dev.switchboard.channel.fax.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.RenderDestination;

/** The pages of a PDF document, rendered with PDFBox for the console or for a fax machine. */
final class PdfPages implements AutoCloseable {

    private final PDDocument document;
    private final PDFRenderer renderer;
    private final FaxLimits limits;
    private final List<FaxPageInfo> pages;

    private PdfPages(PDDocument document, FaxLimits limits) {
        this.document = document;
        this.renderer = new PDFRenderer(document);
        // An embedded photo far larger than the page's pixels is read at the size it is drawn, saving memory.
        this.renderer.setSubsamplingAllowed(true);
        this.limits = limits;
        List<FaxPageInfo> described = new ArrayList<>();
        for (int index = 0; index < document.getNumberOfPages(); index++) {
            double[] size = size(document.getPage(index));
            described.add(new FaxPageInfo(index + 1, 0, 0, 0, 0, size[0], size[1], "PDF"));
        }
        this.pages = List.copyOf(described);
    }

    static PdfPages open(byte[] bytes, FaxLimits limits) {
        PDDocument document;
        try {
            document = Loader.loadPDF(bytes);
        } catch (InvalidPasswordException e) {
            throw new UnsupportedFaxDocument("The PDF document is protected by a password.", e);
        } catch (IOException e) {
            throw new CorruptFaxDocument("The PDF document is damaged and cannot be read.", e);
        }
        try {
            if (document.getNumberOfPages() == 0) {
                throw new CorruptFaxDocument("The PDF document has no pages.", null);
            }
            limits.checkPages(document.getNumberOfPages());
            return new PdfPages(document, limits);
        } catch (RuntimeException e) {
            closeQuietly(document);
            throw e;
        }
    }

    List<FaxPageInfo> pages() {
        return pages;
    }

    /** Renders a page in shades of grey, {@code width} pixels wide with square pixels, for the console. */
    BufferedImage renderForScreen(int index, int width) throws IOException {
        FaxPageInfo page = pages.get(index);
        float scale = (float) (width / page.widthPt());
        int height = Math.max(1, (int) Math.round(page.heightPt() * scale));
        limits.checkPixels(index + 1, width, height);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = prepare(image);
        try {
            renderer.renderPageToGraphics(index, graphics, scale, scale, RenderDestination.VIEW);
        } finally {
            graphics.dispose();
        }
        return image;
    }

    /**
     * Renders a page as a fax machine would print it: {@link FaxResolution#WIDTH} pixels per line at the
     * resolution's dots per inch, a page wider than the fax line shrunk to fit, a narrower one centred.
     * Landscape pages are turned to portrait, as fax paper is. Returns grey; {@link TiffFWriter} makes it 1-bit.
     */
    BufferedImage renderForFax(int index, FaxResolution resolution) throws IOException {
        FaxPageInfo page = pages.get(index);
        boolean landscape = page.widthPt() > page.heightPt();
        double widthPt = landscape ? page.heightPt() : page.widthPt();
        double heightPt = landscape ? page.widthPt() : page.heightPt();
        double scaleX = Math.min(resolution.xDpi() / 72.0, FaxResolution.WIDTH / widthPt);
        double scaleY = scaleX * resolution.yDpi() / resolution.xDpi();
        int height = Math.max(1, (int) Math.ceil(heightPt * scaleY));
        limits.checkPixels(index + 1, FaxResolution.WIDTH, height);
        BufferedImage image = new BufferedImage(FaxResolution.WIDTH, height, BufferedImage.TYPE_BYTE_GRAY);
        int left = (int) Math.floor((FaxResolution.WIDTH - widthPt * scaleX) / 2);
        Graphics2D graphics = prepare(image);
        try {
            graphics.translate(left, 0);
            graphics.scale(scaleX, scaleY);
            if (landscape) {
                // Turn a quarter clockwise: the page's left edge becomes the fax's top edge.
                graphics.translate(widthPt, 0);
                graphics.rotate(Math.PI / 2);
            }
            renderer.renderPageToGraphics(index, graphics, 1, 1, RenderDestination.PRINT);
        } finally {
            graphics.dispose();
        }
        return image;
    }

    private static Graphics2D prepare(BufferedImage image) {
        Graphics2D graphics = image.createGraphics();
        graphics.setBackground(Color.WHITE);
        graphics.clearRect(0, 0, image.getWidth(), image.getHeight());
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        return graphics;
    }

    /** Visible size in points, after the page's own /Rotate. */
    private static double[] size(PDPage page) {
        PDRectangle box = page.getCropBox();
        boolean quarterTurn = page.getRotation() % 180 != 0;
        return quarterTurn
                ? new double[] {box.getHeight(), box.getWidth()}
                : new double[] {box.getWidth(), box.getHeight()};
    }

    @Override
    public void close() {
        closeQuietly(document);
    }

    private static void closeQuietly(PDDocument document) {
        try {
            document.close();
        } catch (IOException ignored) {
            // Memory-only document: nothing to release that the garbage collector does not.
        }
    }
}
