package dev.switchboard.channel.fax.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.CCITTFactory;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Builds a PDF from decoded fax pages: one page per fax page at its physical size (pixels / dpi), the image
 * kept lossless. A CCITT page is embedded as-is when PDFBox can lift its data out of the TIFF and the result
 * decodes to exactly the pixels TwelveMonkeys read; otherwise it is re-encoded as CCITT G4, still lossless.
 */
final class PdfAssembler implements AutoCloseable {

    private final PDDocument document = new PDDocument();
    private final byte[] tiff;
    private int passedThrough;

    PdfAssembler(byte[] tiff) {
        this.tiff = tiff;
    }

    void add(FaxPageInfo page, BufferedImage image) throws IOException {
        PDImageXObject embedded = embed(page, image);
        PDRectangle size = new PDRectangle((float) page.widthPt(), (float) page.heightPt());
        PDPage pdfPage = new PDPage(size);
        document.addPage(pdfPage);
        try (PDPageContentStream content = new PDPageContentStream(document, pdfPage)) {
            content.drawImage(embedded, 0, 0, size.getWidth(), size.getHeight());
        }
    }

    int pageCount() {
        return document.getNumberOfPages();
    }

    /** Pages whose CCITT data went into the PDF unchanged (the rest were re-encoded). */
    int passedThrough() {
        return passedThrough;
    }

    byte[] toBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }

    private PDImageXObject embed(FaxPageInfo page, BufferedImage image) throws IOException {
        boolean bitonal = image.getColorModel().getPixelSize() == 1;
        if (bitonal && page.compression().startsWith("CCITT T.")) {
            try {
                PDImageXObject original = CCITTFactory.createFromByteArray(document, tiff, page.number() - 1);
                if (original != null && samePixels(original.getImage(), image)) {
                    passedThrough++;
                    return original;
                }
            } catch (IOException | RuntimeException e) {
                // PDFBox lifts only single-strip T.4/T.6 without EOL fill bits; re-encode below.
            }
        }
        return bitonal ? CCITTFactory.createFromImage(document, image) : LosslessFactory.createFromImage(document, image);
    }

    private static boolean samePixels(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        int width = a.getWidth();
        int[] rowA = new int[width];
        int[] rowB = new int[width];
        for (int y = 0; y < a.getHeight(); y++) {
            a.getRGB(0, y, width, 1, rowA, 0, width);
            b.getRGB(0, y, width, 1, rowB, 0, width);
            for (int x = 0; x < width; x++) {
                if ((rowA[x] & 0xFFFFFF) != (rowB[x] & 0xFFFFFF)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        document.close();
    }
}
