package dev.switchboard.channel.fax.internal;

import static dev.switchboard.channel.fax.internal.FaxImages.differingPixels;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fax engine inside Asterisk's SendFAX and ReceiveFAX (spandsp, Debian's libspandsp 0.0.6, the version
 * whose output is in the Asterisk lab transcript) sends our TIFF-F over a simulated audio line to a spandsp
 * receiver (src/test/resources/fax/spandsp_loopback.c, compiled with gcc here). What the receiver stores is
 * exactly what ReceiveFAX stores, so it is also the inbound side's real input.
 */
class FaxSpandspLoopbackTest {

    private static final double[] A4 = {595.28, 841.89};
    private static final double[] LETTER = {612, 792};
    private static final Pattern RECEIVED_PAGES = Pattern.compile("pages=(\\d+)");
    private static final Pattern SECONDS = Pattern.compile("seconds=(\\d+)");

    @TempDir
    static Path dir;
    static FaxTools tools;
    static Path loopback;

    final FaxDocuments documents = new FaxDocuments(FaxLimits.DEFAULT);

    @BeforeAll
    static void compileLoopback() throws IOException, URISyntaxException {
        tools = new FaxTools(dir);
        Path source = Path.of(FaxSpandspLoopbackTest.class.getResource("/fax/spandsp_loopback.c").toURI());
        loopback = dir.resolve("spandsp_loopback");
        FaxTools.Result gcc = tools.runAllowingFailure("gcc", "-O2", "-o", loopback.toString(), source.toString(),
                "-lspandsp", "-ltiff");
        assertThat(gcc.exit()).as("gcc could not build the spandsp loopback; it needs Debian's gcc and"
                + " libspandsp-dev (apt-get install -y gcc libspandsp-dev, as .ci/run does):\n" + gcc.stderr()).isZero();
    }

    @Test
    void spandspSendsOurFineTiffFAndItsReceiverStoresTheSamePixels() throws IOException {
        byte[] pdf = Files.readAllBytes(tools.pdf(tools.postscript("send", A4, LETTER, A4), "send"));
        Path sent = tools.write("sent.tif", documents.toTiffF(pdf));
        Path received = dir.resolve("received.tif");

        FaxTools.Result call = tools.run(loopback.toString(), sent.toString(), received.toString());

        assertThat(call.stdout()).startsWith("result=0 OK sender=0 OK pages=3 width=1728");
        assertThat(tools.run("tiffinfo", received.toString()).stdout()).contains("Software: Spandsp",
                "Compression Scheme: CCITT Group 3", "Resolution: 204, 196 pixels/inch", "FillOrder: lsb-to-msb");
        FaxDocumentInfo info = documents.inspect(received);
        assertThat(info.failure()).isEmpty();
        assertThat(info.pages()).extracting(FaxPageInfo::widthPx, FaxPageInfo::heightPx)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1728, 2292),
                        org.assertj.core.groups.Tuple.tuple(1728, 2149),
                        org.assertj.core.groups.Tuple.tuple(1728, 2292));
        try (TiffPages ours = TiffPages.open(Files.readAllBytes(sent), FaxLimits.DEFAULT);
                TiffPages theirs = TiffPages.open(Files.readAllBytes(received), FaxLimits.DEFAULT)) {
            for (int page = 0; page < 3; page++) {
                assertThat(differingPixels(ours.decode(page), theirs.decode(page))).isZero();
            }
        }
        assertThat(documents.toPdf(received).pageCount()).isEqualTo(3);
    }

    @Test
    void normalResolutionTiffFIsReceivedAtNormalResolution() throws IOException {
        byte[] pdf = Files.readAllBytes(tools.pdf(tools.postscript("normal", A4), "normal"));
        Path sent = tools.write("sent-normal.tif", documents.toTiffF(pdf, FaxResolution.NORMAL));
        Path received = dir.resolve("received-normal.tif");

        FaxTools.Result call = tools.run(loopback.toString(), sent.toString(), received.toString());

        assertThat(call.stdout()).startsWith("result=0 OK sender=0 OK pages=1 width=1728");
        FaxPageInfo page = documents.inspect(received).pages().get(0);
        assertThat(page.yDpi()).isEqualTo(98);
        assertThat(page.heightPx()).isEqualTo(1146);
    }

    @Test
    void callCutOffMidFaxLeavesTheCompletedPagesAndWeConvertThem() throws IOException {
        byte[] pdf = Files.readAllBytes(tools.pdf(tools.postscript("cut", A4, A4, A4), "cut"));
        Path sent = tools.write("sent-cut.tif", documents.toTiffF(pdf));
        Path received = dir.resolve("received-cut.tif");

        FaxTools.Result whole = tools.run(loopback.toString(), sent.toString(), dir.resolve("whole.tif").toString());
        int seconds = Integer.parseInt(number(SECONDS, whole.stdout()));
        // Silence from three quarters of the call's line time on (about 21 s of 29) hangs up after page 1 or 2.
        FaxTools.Result call = tools.runAllowingFailure(loopback.toString(), sent.toString(), received.toString(),
                Integer.toString(seconds * 3 / 4));

        assertThat(call.exit()).isEqualTo(1);
        assertThat(call.stdout()).doesNotStartWith("result=0 ");
        int arrived = Integer.parseInt(number(RECEIVED_PAGES, call.stdout()));
        assertThat(arrived).isBetween(1, 2);
        FaxPdf converted = documents.toPdf(received);
        FaxPageImages images = documents.pages(Files.readAllBytes(received));
        assertThat(converted.pageCount()).isEqualTo(arrived);
        // 2292 lines x (204/196) / 2 = 1192.7: the console image of an A4 fine page.
        assertThat(images.pages()).hasSize(arrived)
                .allSatisfy(image -> assertThat(new int[] {image.width(), image.height()}).containsExactly(864, 1193));
    }

    private static String number(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        assertThat(m.find()).as(pattern + " in " + output).isTrue();
        return m.group(1);
    }
}
