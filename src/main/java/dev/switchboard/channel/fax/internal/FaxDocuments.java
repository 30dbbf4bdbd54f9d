package dev.switchboard.channel.fax.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Converts fax documents: a received TIFF (Asterisk ReceiveFAX, HylaFAX) or PDF (a fax provider) to PDF and
 * to console PNGs, and an agent's PDF to TIFF-F for Asterisk SendFAX. Blocking and CPU-bound: call it on a
 * worker thread. Thread-safe: each call uses its own readers and documents. It never deletes or changes its
 * input; on an error the caller keeps the file for inspection.
 *
 * <p>A reception that broke off keeps the pages that arrived: results carry the pages before the first
 * unreadable one plus a {@link FaxPageFailure}. A document with no readable page throws
 * {@link CorruptFaxDocument}; one that is not TIFF or PDF {@link UnsupportedFaxDocument}; one beyond the
 * {@link FaxLimits} {@link FaxDocumentTooLarge}, checked before any page is decoded.
 */
public final class FaxDocuments {

    /**
     * Console image width: half the 1728-pixel fax line, so a fine A4 page is 864 x 1145 (text stays legible
     * on a screen and a page is about 100 kB). Heights are corrected for the fax's non-square pixels.
     */
    public static final int CONSOLE_WIDTH = 864;

    private final FaxLimits limits;

    public FaxDocuments(FaxLimits limits) {
        this.limits = limits;
    }

    /** Format, pages and their sizes and resolutions, read from the file's directory without decoding images. */
    public FaxDocumentInfo inspect(byte[] document) {
        limits.checkBytes(document.length);
        FaxFormat format = FaxFormat.detect(document);
        if (format == FaxFormat.TIFF) {
            try (TiffPages tiff = TiffPages.open(document, limits)) {
                return new FaxDocumentInfo(format, document.length, tiff.pages(), tiff.failure());
            }
        }
        try (PdfPages pdf = PdfPages.open(document, limits)) {
            return new FaxDocumentInfo(format, document.length, pdf.pages(), Optional.empty());
        }
    }

    public FaxDocumentInfo inspect(Path file) throws IOException {
        return inspect(read(file));
    }

    /**
     * The document as PDF. A TIFF becomes one PDF page per fax page at its physical size, the image lossless
     * (CCITT data embedded as-is where PDFBox can, else re-encoded as G4). A PDF comes back unchanged once it
     * has been checked to open.
     */
    public FaxPdf toPdf(byte[] document) {
        limits.checkBytes(document.length);
        if (FaxFormat.detect(document) == FaxFormat.PDF) {
            try (PdfPages pdf = PdfPages.open(document, limits)) {
                return new FaxPdf(document, pdf.pages().size(), Optional.empty());
            }
        }
        try (TiffPages tiff = TiffPages.open(document, limits); PdfAssembler pdf = new PdfAssembler(document)) {
            Optional<FaxPageFailure> failure = eachTiffPage(tiff, pdf::add);
            return new FaxPdf(pdf.toBytes(), pdf.pageCount(), failure);
        } catch (IOException e) {
            throw new CorruptFaxDocument("The fax could not be converted to PDF.", e);
        }
    }

    public FaxPdf toPdf(Path file) throws IOException {
        return toPdf(read(file));
    }

    /** One grey PNG per page, {@link #CONSOLE_WIDTH} pixels wide. */
    public FaxPageImages pages(byte[] document) {
        return pages(document, CONSOLE_WIDTH);
    }

    /** One grey PNG per page, {@code width} pixels wide with square pixels (fax pages height-corrected). */
    public FaxPageImages pages(byte[] document, int width) {
        if (width < 16 || width > 4 * FaxResolution.WIDTH) {
            throw new IllegalArgumentException("console width out of range: " + width);
        }
        limits.checkBytes(document.length);
        List<FaxPageImage> images = new ArrayList<>();
        try {
            if (FaxFormat.detect(document) == FaxFormat.TIFF) {
                try (TiffPages tiff = TiffPages.open(document, limits)) {
                    Optional<FaxPageFailure> failure = eachTiffPage(tiff, (page, image) ->
                            images.add(ConsoleImages.png(page.number(), ConsoleImages.scale(image, page, width))));
                    return new FaxPageImages(images, failure);
                }
            }
            try (PdfPages pdf = PdfPages.open(document, limits)) {
                for (FaxPageInfo page : pdf.pages()) {
                    BufferedImage image;
                    try {
                        image = pdf.renderForScreen(page.number() - 1, width);
                    } catch (IOException | RuntimeException e) {
                        rethrowOwn(e);
                        if (images.isEmpty()) {
                            throw new CorruptFaxDocument("The PDF document is damaged: its first page cannot be shown.", e);
                        }
                        return new FaxPageImages(images, Optional.of(new FaxPageFailure(page.number(),
                                "Page " + page.number() + " of the PDF document cannot be shown.")));
                    }
                    images.add(ConsoleImages.png(page.number(), image));
                }
                return new FaxPageImages(images, Optional.empty());
            }
        } catch (IOException e) {
            throw new CorruptFaxDocument("The fax pages could not be turned into images.", e);
        }
    }

    /** An agent's PDF as TIFF-F at fine resolution (204 x 196 dpi), for Asterisk SendFAX. */
    public byte[] toTiffF(byte[] pdf) {
        return toTiffF(pdf, FaxResolution.FINE);
    }

    /**
     * An agent's PDF as TIFF-F: CCITT G3 1-D, 1728 pixels wide, at the given resolution. Every page must
     * render: a fax is not sent with pages missing.
     */
    public byte[] toTiffF(byte[] pdf, FaxResolution resolution) {
        limits.checkBytes(pdf.length);
        if (FaxFormat.detect(pdf) != FaxFormat.PDF) {
            throw new UnsupportedFaxDocument("Only PDF documents can be sent as a fax.");
        }
        try (PdfPages pages = PdfPages.open(pdf, limits)) {
            return TiffFWriter.write(pages.pages().size(), index -> {
                try {
                    return TiffFWriter.bitonal(pages.renderForFax(index, resolution));
                } catch (IOException | RuntimeException e) {
                    rethrowOwn(e);
                    throw new CorruptFaxDocument("Page " + (index + 1) + " of the PDF document cannot be rendered.", e);
                }
            }, resolution);
        } catch (IOException e) {
            throw new CorruptFaxDocument("The PDF document could not be converted to a fax.", e);
        }
    }

    private interface PageSink {
        void accept(FaxPageInfo page, BufferedImage image) throws IOException;
    }

    /** Decodes the TIFF's pages in order into {@code sink}; stops at the first that fails and says which. */
    private static Optional<FaxPageFailure> eachTiffPage(TiffPages tiff, PageSink sink) throws IOException {
        for (FaxPageInfo page : tiff.pages()) {
            BufferedImage image;
            try {
                image = tiff.decode(page.number() - 1);
            } catch (IOException | RuntimeException e) {
                rethrowOwn(e);
                if (page.number() == 1) {
                    throw new CorruptFaxDocument("The TIFF file is damaged: the image data of page 1 cannot be decoded.", e);
                }
                return Optional.of(new FaxPageFailure(page.number(),
                        "The image data of page " + page.number() + " is damaged and cannot be decoded."));
            }
            sink.accept(page, image);
        }
        return tiff.failure();
    }

    private static void rethrowOwn(Exception e) {
        if (e instanceof FaxDocumentException own) {
            throw own;
        }
    }

    private byte[] read(Path file) throws IOException {
        limits.checkBytes(Files.size(file));
        return Files.readAllBytes(file);
    }
}
