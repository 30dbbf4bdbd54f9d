package dev.switchboard.channel.fax.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static dev.switchboard.channel.fax.internal.FaxImages.differingPixels;
import static dev.switchboard.channel.fax.internal.FaxImages.inkRatio;
import static dev.switchboard.channel.fax.internal.FaxImages.png;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Received faxes (TIFF from Asterisk/HylaFAX, PDF from a provider) become PDF and console PNGs. */
class FaxInboundConversionTest {

    /** 1728 px at 204 dpi and 2200 lines at 196 dpi, in PDF points. */
    private static final double FINE_WIDTH_PT = 1728 / 204.0 * 72;
    private static final double FINE_HEIGHT_PT = 2200 / 196.0 * 72;

    @TempDir
    Path dir;
    FaxTools tools;
    final FaxDocuments documents = new FaxDocuments(FaxLimits.DEFAULT);

    @BeforeEach
    void tools() {
        tools = new FaxTools(dir);
    }

    @Test
    void ghostscriptG3FineTiffInspectsAsThreeFinePages() throws IOException {
        Path tiff = tools.ghostscriptTiff("tiffg3", 204, 196, 1728, 2200, 3);

        FaxDocumentInfo info = documents.inspect(tiff);

        assertThat(info.format()).isEqualTo(FaxFormat.TIFF);
        assertThat(info.failure()).isEmpty();
        assertThat(info.pages()).hasSize(3).allSatisfy(page -> {
            assertThat(page.widthPx()).isEqualTo(1728);
            assertThat(page.heightPx()).isEqualTo(2200);
            assertThat(page.xDpi()).isEqualTo(204);
            assertThat(page.yDpi()).isEqualTo(196);
            assertThat(page.compression()).isEqualTo("CCITT T.4");
            assertThat(page.widthPt()).isCloseTo(FINE_WIDTH_PT, within(0.01));
            assertThat(page.heightPt()).isCloseTo(FINE_HEIGHT_PT, within(0.01));
        });
    }

    @Test
    void spandspLikeG3TiffBecomesPdfAtPhysicalSizeThatGhostscriptRendersBackToTheSamePixels() throws IOException {
        // What Asterisk ReceiveFAX wrote in the lab: T.4 2-D with EOL padding, LSB-first fill order, one strip.
        Path received = tools.tiffcp(tools.ghostscriptTiff("tiffg3", 204, 196, 1728, 2200, 3), "spandsp-like",
                "-c", "g3:2d:fill", "-f", "lsb2msb", "-r", "100000");
        assertThat(tools.run("tiffinfo", received.toString()).stdout())
                .contains("Group 3 Options: 2-d encoding+EOL padding (5 = 0x5)", "FillOrder: lsb-to-msb");

        FaxPdf pdf = documents.toPdf(received);

        assertThat(pdf.complete()).isTrue();
        assertThat(pdf.pageCount()).isEqualTo(3);
        try (PDDocument document = Loader.loadPDF(pdf.pdf())) {
            assertThat(document.getNumberOfPages()).isEqualTo(3);
            for (PDPage page : document.getPages()) {
                assertThat((double) page.getMediaBox().getWidth()).isCloseTo(FINE_WIDTH_PT, within(0.01));
                assertThat((double) page.getMediaBox().getHeight()).isCloseTo(FINE_HEIGHT_PT, within(0.01));
            }
        }
        assertGhostscriptRendersTheFaxPixels(pdf, received);
    }

    @Test
    void multiStripG3LikeHylafaxIsReEncodedLosslessly() throws IOException {
        // ImageMagick's G4, then 2-D G3, LSB-first, 64 lines per strip: PDFBox cannot lift multi-strip data as-is.
        Path magick = tools.imageMagick("magick-g4.tif",
                tools.ghostscriptTiff("tiffg3", 204, 196, 1728, 2200, 3).toString(), "-compress", "Group4");
        Path strips = tools.tiffcp(magick, "strips", "-c", "g3:2d", "-f", "lsb2msb", "-r", "64");
        assertThat(tools.run("tiffinfo", strips.toString()).stdout()).contains("Rows/Strip: 64");
        byte[] bytes = Files.readAllBytes(strips);

        try (TiffPages tiff = TiffPages.open(bytes, FaxLimits.DEFAULT); PdfAssembler pdf = new PdfAssembler(bytes)) {
            for (FaxPageInfo page : tiff.pages()) {
                pdf.add(page, tiff.decode(page.number() - 1));
            }
            assertThat(pdf.passedThrough()).isZero();
        }
        FaxPdf pdf = documents.toPdf(bytes);

        assertThat(pdf.pageCount()).isEqualTo(3);
        assertGhostscriptRendersTheFaxPixels(pdf, strips);
    }

    /** Another program renders our PDF at the fax resolution: the pixels are the fax's own (lossless embedding). */
    private void assertGhostscriptRendersTheFaxPixels(FaxPdf pdf, Path fax) throws IOException {
        Path back = tools.renderPdf(tools.write(fax.getFileName() + ".pdf", pdf.pdf()), fax.getFileName() + "-back", 204, 196);
        try (TiffPages original = TiffPages.open(Files.readAllBytes(fax), FaxLimits.DEFAULT);
                TiffPages rendered = TiffPages.open(Files.readAllBytes(back), FaxLimits.DEFAULT)) {
            assertThat(rendered.pages()).hasSameSizeAs(original.pages());
            for (int page = 0; page < original.pages().size(); page++) {
                assertThat(differingPixels(original.decode(page), rendered.decode(page))).isZero();
            }
        }
    }

    @Test
    void g4TiffBecomesPdfWithCcittDataEmbeddedAsIsAndHalfWidthConsolePngs() throws IOException {
        Path g4 = tools.tiffcp(tools.ghostscriptTiff("tiffg3", 204, 196, 1728, 2200, 3), "g4", "-c", "g4");
        assertThat(tools.run("tiffinfo", g4.toString()).stdout()).contains("Compression Scheme: CCITT Group 4");
        byte[] bytes = Files.readAllBytes(g4);

        try (TiffPages tiff = TiffPages.open(bytes, FaxLimits.DEFAULT); PdfAssembler pdf = new PdfAssembler(bytes)) {
            for (FaxPageInfo page : tiff.pages()) {
                pdf.add(page, tiff.decode(page.number() - 1));
            }
            assertThat(pdf.passedThrough()).isEqualTo(3);
        }
        FaxPageImages images = documents.pages(bytes);

        assertThat(images.complete()).isTrue();
        // 1728 x 2200 at 204 x 196 dpi: half width, height x (204/196) / 2 = 1144.9 -> 864 x 1145.
        assertThat(images.pages()).hasSize(3).allSatisfy(image -> {
            assertThat(image.width()).isEqualTo(864);
            assertThat(image.height()).isEqualTo(1145);
            assertThat(inkRatio(png(image))).isBetween(0.005, 0.2);
        });
        assertThat(images.pages()).extracting(FaxPageImage::number).containsExactly(1, 2, 3);
    }

    @Test
    void normalResolutionPagesAreStretchedTwiceAsMuchSoTheyLookLikeFinePages() throws IOException {
        Path normal = tools.ghostscriptTiff("tiffg32d", 204, 98, 1728, 1100, 2);

        FaxDocumentInfo info = documents.inspect(normal);
        FaxPageImages images = documents.pages(Files.readAllBytes(normal));
        FaxPdf pdf = documents.toPdf(normal);

        assertThat(info.pages()).allSatisfy(page -> assertThat(page.yDpi()).isEqualTo(98));
        // 1100 lines x (204/98) / 2 = 1144.9: the same 864 x 1145 as a fine page of the same paper.
        assertThat(images.pages()).hasSize(2)
                .allSatisfy(image -> assertThat(List.of(image.width(), image.height())).containsExactly(864, 1145));
        try (PDDocument document = Loader.loadPDF(pdf.pdf())) {
            PDPage page = document.getPage(1);
            assertThat((double) page.getMediaBox().getHeight()).isCloseTo(1100 / 98.0 * 72, within(0.01));
        }
    }

    @Test
    void providerPdfIsKeptAsItIsAndRenderedForTheConsole() throws IOException {
        Path pdf = tools.pdf(tools.postscript("provider", new double[] {595, 842}, new double[] {612, 792}), "provider");
        byte[] bytes = Files.readAllBytes(pdf);

        FaxDocumentInfo info = documents.inspect(bytes);
        FaxPdf converted = documents.toPdf(bytes);
        FaxPageImages images = documents.pages(bytes);

        assertThat(info.format()).isEqualTo(FaxFormat.PDF);
        assertThat(info.pages()).extracting(FaxPageInfo::widthPt, FaxPageInfo::heightPt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(595.0, 842.0),
                        org.assertj.core.groups.Tuple.tuple(612.0, 792.0));
        assertThat(converted.pdf()).isEqualTo(bytes);
        assertThat(converted.pageCount()).isEqualTo(2);
        // 864 wide: A4 842 x 864/595 = 1222.7, Letter 792 x 864/612 = 1118.1.
        assertThat(images.pages()).extracting(FaxPageImage::width, FaxPageImage::height)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(864, 1223),
                        org.assertj.core.groups.Tuple.tuple(864, 1118));
        assertThat(inkRatio(png(images.pages().get(0)))).isBetween(0.005, 0.2);
    }
}
