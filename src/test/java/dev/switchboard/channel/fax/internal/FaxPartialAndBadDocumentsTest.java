package dev.switchboard.channel.fax.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cut-off reception keeps the pages that arrived; bad and oversized files get a typed, readable error. */
class FaxPartialAndBadDocumentsTest {

    @TempDir
    Path dir;
    FaxTools tools;
    final FaxDocuments documents = new FaxDocuments(FaxLimits.DEFAULT);

    @BeforeEach
    void tools() {
        tools = new FaxTools(dir);
    }

    @Test
    void tiffCutOffInsideThirdPageDataKeepsTwoPages() throws IOException {
        // Ghostscript writes each page's directory before its data: the third directory survives, its data does not.
        Path full = tools.ghostscriptTiff("tiffg3", 204, 196, 1728, 2200, 3);
        assertCutOffInsideThirdPageKeepsTwo(full);
    }

    @Test
    void tiffCutOffBeforeThirdDirectoryKeepsTwoPages() throws IOException {
        // tiffcp (like spandsp) writes data first: the second directory points at a third that never arrived.
        Path full = tools.tiffcp(tools.ghostscriptTiff("tiffg3", 204, 196, 1728, 2200, 3), "data-first",
                "-c", "g3:2d:fill", "-f", "lsb2msb");
        assertCutOffInsideThirdPageKeepsTwo(full);
    }

    private void assertCutOffInsideThirdPageKeepsTwo(Path full) throws IOException {
        long[] third = tools.strip(full, 2);
        byte[] cut = Arrays.copyOf(Files.readAllBytes(full), (int) (third[0] + third[1] / 2));
        FaxPageFailure expected = new FaxPageFailure(3, "The file ends inside page 3; the reception was probably cut off.");

        FaxDocumentInfo info = documents.inspect(cut);
        FaxPdf pdf = documents.toPdf(cut);
        FaxPageImages images = documents.pages(cut);

        assertThat(info.pageCount()).isEqualTo(2);
        assertThat(info.failure()).contains(expected);
        assertThat(pdf.pageCount()).isEqualTo(2);
        assertThat(pdf.failure()).contains(expected);
        try (PDDocument document = Loader.loadPDF(pdf.pdf())) {
            assertThat(document.getNumberOfPages()).isEqualTo(2);
        }
        assertThat(images.pages()).hasSize(2);
        assertThat(images.failure()).contains(expected);
        assertThat(FaxImages.inkRatio(FaxImages.png(images.pages().get(1))))
                .isGreaterThan(0.005);
    }

    @Test
    void pageWithNoiseForImageDataEndsTheFaxBeforeIt() throws IOException {
        Path g4 = tools.tiffcp(tools.ghostscriptTiff("tiffg3", 204, 196, 1728, 2200, 3), "g4", "-c", "g4");
        byte[] bytes = Files.readAllBytes(g4);
        long[] second = tools.strip(g4, 1);
        Random random = new Random(3);
        for (long i = second[0] + 200; i < second[0] + second[1]; i++) {
            bytes[(int) i] = (byte) random.nextInt(256);
        }
        assertThat(tools.runAllowingFailure("tiffinfo", "-D", tools.write("noisy.tif", bytes).toString()).stderr())
                .as("libtiff also finds page 2 damaged").isNotBlank();

        FaxPdf pdf = documents.toPdf(bytes);

        assertThat(pdf.pageCount()).isEqualTo(1);
        assertThat(pdf.failure()).contains(
                new FaxPageFailure(2, "The image data of page 2 is damaged and cannot be decoded."));
    }

    @Test
    void tiffCutOffInsideFirstPageIsCorrupt() throws IOException {
        Path full = tools.ghostscriptTiff("tiffg4", 204, 196, 1728, 2200, 1);
        long[] first = tools.strip(full, 0);
        byte[] cut = Arrays.copyOf(Files.readAllBytes(full), (int) (first[0] + first[1] / 2));

        assertThatThrownBy(() -> documents.toPdf(cut))
                .isInstanceOf(CorruptFaxDocument.class)
                .hasMessage("The TIFF file is damaged: the file ends inside page 1; the reception was probably cut off.");
    }

    @Test
    void tiffHeaderFollowedByNoiseIsCorrupt() {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        noise[0] = 'I';
        noise[1] = 'I';
        noise[2] = 42;
        noise[3] = 0;

        assertThatThrownBy(() -> documents.inspect(noise))
                .isInstanceOf(CorruptFaxDocument.class)
                .hasMessageStartingWith("The TIFF file is damaged");
    }

    @Test
    void pdfHeaderFollowedByNoiseIsCorrupt() {
        byte[] noise = new byte[4096];
        new Random(11).nextBytes(noise);
        System.arraycopy("%PDF-1.7\n".getBytes(), 0, noise, 0, 9);

        assertThatThrownBy(() -> documents.pages(noise))
                .isInstanceOf(CorruptFaxDocument.class)
                .hasMessage("The PDF document is damaged and cannot be read.");
    }

    @Test
    void pngIsNotAFaxDocument() throws IOException {
        byte[] png = Files.readAllBytes(tools.imageMagick("page.png", "-size", "200x100", "xc:white"));

        assertThatThrownBy(() -> documents.toPdf(png))
                .isInstanceOf(UnsupportedFaxDocument.class)
                .hasMessage("The file is neither a TIFF nor a PDF document.");
    }

    @Test
    void passwordProtectedPdfIsUnsupported() throws IOException {
        Path pdf = tools.pdf(tools.postscript("secret", new double[] {595, 842}), "secret",
                "-sOwnerPassword=owner", "-sUserPassword=user");

        assertThatThrownBy(() -> documents.inspect(pdf))
                .isInstanceOf(UnsupportedFaxDocument.class)
                .hasMessage("The PDF document is protected by a password.");
    }

    @Test
    void documentOverThePageLimitIsRefused() throws IOException {
        FaxDocuments twoPagesAtMost = new FaxDocuments(new FaxLimits(1_000_000, 2, 20_000_000));
        byte[] tiff = Files.readAllBytes(tools.ghostscriptTiff("tiffg4", 204, 196, 1728, 2200, 3));
        byte[] pdf = Files.readAllBytes(tools.pdf(tools.postscript("three", new double[] {595, 842},
                new double[] {595, 842}, new double[] {595, 842}), "three"));

        assertThatThrownBy(() -> twoPagesAtMost.toPdf(tiff))
                .isInstanceOf(FaxDocumentTooLarge.class)
                .hasMessage("The document has more than 2 pages; at most 2 are accepted.");
        assertThatThrownBy(() -> twoPagesAtMost.pages(pdf))
                .isInstanceOf(FaxDocumentTooLarge.class)
                .hasMessage("The document has 3 pages; at most 2 are accepted.");
    }

    @Test
    void documentOverTheByteLimitIsRefusedBeforeReading() throws IOException {
        Path tiff = tools.ghostscriptTiff("tiffg3", 204, 196, 1728, 2200, 1);
        long size = Files.size(tiff);
        FaxDocuments small = new FaxDocuments(new FaxLimits(size - 1, 100, 20_000_000));

        assertThatThrownBy(() -> small.toPdf(tiff))
                .isInstanceOf(FaxDocumentTooLarge.class)
                .hasMessage("The document is " + size + " bytes; at most " + (size - 1) + " are accepted.");
    }

    @Test
    void smallFileThatDecodesToAHugePageIsRefusedBeforeDecoding() throws IOException {
        // A blank 8000 x 8000 G4 page is a few kilobytes on disk and 64 megapixels decoded.
        Path bomb = tools.ghostscriptTiff("tiffg4", 204, 196, 8000, 8000, 1);
        assertThat(Files.size(bomb)).isLessThan(20_000);

        assertThatThrownBy(() -> documents.pages(Files.readAllBytes(bomb)))
                .isInstanceOf(FaxDocumentTooLarge.class)
                .hasMessage("Page 1 is 8000 x 8000 pixels; at most 20000000 pixels per page are accepted.");
    }
}
