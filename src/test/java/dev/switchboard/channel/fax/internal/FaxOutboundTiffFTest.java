package dev.switchboard.channel.fax.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent's PDF becomes TIFF-F that libtiff (and so Asterisk SendFAX's spandsp) reads as a G3 fax. */
class FaxOutboundTiffFTest {

    private static final double[] A4 = {595.28, 841.89};
    private static final double[] LETTER = {612, 792};
    private static final double[] A4_LANDSCAPE = {841.89, 595.28};

    @TempDir
    Path dir;
    FaxTools tools;
    final FaxDocuments documents = new FaxDocuments(FaxLimits.DEFAULT);

    @BeforeEach
    void tools() {
        tools = new FaxTools(dir);
    }

    @Test
    void agentPdfBecomesFineG3TiffFThatTiffinfoAccepts() throws IOException {
        Path pdf = tools.pdf(tools.postscript("letter", A4, LETTER, A4_LANDSCAPE), "outbound");

        Path tiff = tools.write("outbound.tif", documents.toTiffF(Files.readAllBytes(pdf)));

        String info = tools.run("tiffinfo", tiff.toString()).stdout();
        List<String> directories = directories(info);
        assertThat(directories).hasSize(3).allSatisfy(directory -> assertThat(directory).contains(
                "Image Width: 1728 ",
                "Resolution: 204, 196 pixels/inch",
                "Bits/Sample: 1",
                "Compression Scheme: CCITT Group 3",
                "Photometric Interpretation: min-is-white",
                "Group 3 Options: EOL padding (4 = 0x4)",
                "Samples/Pixel: 1"));
        // A4 297 mm at 196 dpi = 2292 lines; Letter is 215.9 mm wide, shrunk to the 1728-pixel line
        // (x 1728/612 pt), so 792 pt -> 2149 lines; the landscape A4 page is turned to portrait.
        assertThat(directories).extracting(FaxOutboundTiffFTest::imageLength).containsExactly(2292, 2149, 2292);
        assertThat(directories.get(2)).contains("Page Number: 2-3");
        assertDecodesCleanlyInLibtiff(tiff);
    }

    @Test
    void normalResolutionTiffFHasHalfTheLines() throws IOException {
        Path pdf = tools.pdf(tools.postscript("a4", A4), "a4");

        Path tiff = tools.write("normal.tif", documents.toTiffF(Files.readAllBytes(pdf), FaxResolution.NORMAL));

        String info = tools.run("tiffinfo", tiff.toString()).stdout();
        assertThat(info).contains("Image Width: 1728 Image Length: 1146", "Resolution: 204, 98 pixels/inch",
                "Compression Scheme: CCITT Group 3");
        assertDecodesCleanlyInLibtiff(tiff);
    }

    @Test
    void tiffFReadsBackAsTheSameTextWeRendered() throws IOException {
        Path pdf = tools.pdf(tools.postscript("two", A4, A4), "two");
        byte[] tiff = documents.toTiffF(Files.readAllBytes(pdf));

        FaxDocumentInfo info = documents.inspect(tiff);
        FaxPageImages images = documents.pages(tiff);

        assertThat(info.pages()).hasSize(2).allSatisfy(page -> {
            assertThat(page.widthPx()).isEqualTo(1728);
            assertThat(page.heightPx()).isEqualTo(2292);
            assertThat(page.compression()).isEqualTo("CCITT T.4");
        });
        assertThat(images.pages()).allSatisfy(image -> assertThat(
                FaxImages.inkRatio(FaxImages.png(image))).isBetween(0.005, 0.2));
    }

    @Test
    void onlyPdfCanBeSent() throws IOException {
        byte[] tiff = Files.readAllBytes(tools.ghostscriptTiff("tiffg4", 204, 196, 1728, 2200, 1));

        assertThatThrownBy(() -> documents.toTiffF(tiff))
                .isInstanceOf(UnsupportedFaxDocument.class)
                .hasMessage("Only PDF documents can be sent as a fax.");
    }

    /**
     * libtiff decodes every line of the CCITT data (tiffinfo -D reports bad codes and short lines on stderr)
     * and its decoded pixels equal TwelveMonkeys' reading of the same file.
     */
    private void assertDecodesCleanlyInLibtiff(Path tiff) throws IOException {
        FaxTools.Result decoded = tools.run("tiffinfo", "-D", tiff.toString());
        assertThat(decoded.stderr()).isEmpty();
        Path raw = tools.tiffcp(tiff, "uncompressed", "-c", "none");
        byte[] ours = Files.readAllBytes(tiff);
        try (TiffPages original = TiffPages.open(ours, FaxLimits.DEFAULT);
                TiffPages libtiff = TiffPages.open(Files.readAllBytes(raw), FaxLimits.DEFAULT)) {
            assertThat(libtiff.pages()).hasSameSizeAs(original.pages());
            for (int page = 0; page < original.pages().size(); page++) {
                assertThat(FaxImages.differingPixels(original.decode(page), libtiff.decode(page))).isZero();
            }
        }
    }

    private static List<String> directories(String tiffinfo) {
        return Arrays.stream(tiffinfo.split("=== TIFF directory \\d+ ===")).filter(s -> !s.isBlank()).toList();
    }

    private static int imageLength(String directory) {
        Matcher m = Pattern.compile("Image Length: (\\d+)").matcher(directory);
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
