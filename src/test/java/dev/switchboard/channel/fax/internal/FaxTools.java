package dev.switchboard.channel.fax.internal;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes real fax files with tools nobody here wrote (Ghostscript, libtiff's tiffcp, ImageMagick) and reads
 * them back with tiffinfo / tiffdump. CI installs the tools (.ci/run); a missing one fails the test loudly.
 * PDFs come from Ghostscript's pdfwrite, not ImageMagick: Debian's ImageMagick policy.xml forbids the PS and
 * PDF coders, and Ghostscript is what ImageMagick would call anyway. ImageMagick is used for TIFF and PNG only.
 */
public final class FaxTools {

    /** Debian's ImageMagick; a stand-in `convert` may come first on PATH on these machines. */
    public static final String CONVERT = "/usr/bin/convert";

    private final Path dir;

    public FaxTools(Path dir) {
        this.dir = dir;
    }

    /**
     * A PostScript document, one page per size given as {width, height} in points: a frame 20 pt inside the
     * edge, "Switchboard fax page N" and a line of text, so that every page has ink in known places.
     */
    public Path postscript(String name, double[]... pageSizes) throws IOException {
        StringBuilder ps = new StringBuilder("%!PS\n");
        for (int i = 0; i < pageSizes.length; i++) {
            double w = pageSizes[i][0];
            double h = pageSizes[i][1];
            ps.append("<< /PageSize [").append(w).append(' ').append(h).append("] >> setpagedevice\n")
                    .append("/Helvetica findfont 36 scalefont setfont\n")
                    .append("newpath 20 20 moveto ").append(w - 40).append(" 0 rlineto 0 ").append(h - 40)
                    .append(" rlineto ").append(40 - w).append(" 0 rlineto closepath 4 setlinewidth stroke\n")
                    .append("60 ").append(h - 120).append(" moveto (Switchboard fax page ").append(i + 1).append(") show\n")
                    .append("60 ").append(h / 2).append(" moveto (The quick brown fox jumps) show\n")
                    .append("showpage\n");
        }
        Path file = dir.resolve(name + ".ps");
        Files.writeString(file, ps, StandardCharsets.US_ASCII);
        return file;
    }

    /** Ghostscript's fax devices: tiffg3 (T.4 1-D, EOL padded), tiffg32d, tiffg4; size in pixels. */
    public Path ghostscriptTiff(String device, int xDpi, int yDpi, int width, int height, int pages) throws IOException {
        double[][] sizes = new double[pages][];
        for (int i = 0; i < pages; i++) {
            sizes[i] = new double[] {width * 72.0 / xDpi, height * 72.0 / yDpi};
        }
        Path ps = postscript(device + "-" + yDpi + "-" + pages, sizes);
        Path out = dir.resolve(device + "-" + xDpi + "x" + yDpi + "-" + pages + ".tif");
        run("gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=" + device, "-r" + xDpi + "x" + yDpi,
                "-g" + width + "x" + height, "-dFIXEDMEDIA", "-sOutputFile=" + out, ps.toString());
        return out;
    }

    /** tiffcp re-encoding, e.g. "-c", "g3:2d:fill", "-f", "lsb2msb" for what spandsp writes, or "-c", "g4". */
    public Path tiffcp(Path in, String name, String... options) throws IOException {
        Path out = dir.resolve(name + ".tif");
        List<String> command = new ArrayList<>(List.of("tiffcp"));
        command.addAll(List.of(options));
        command.add(in.toString());
        command.add(out.toString());
        run(command.toArray(String[]::new));
        return out;
    }

    /** Ghostscript's pdfwrite from a PostScript file; extra options such as passwords go before the input. */
    public Path pdf(Path postscript, String name, String... options) throws IOException {
        Path out = dir.resolve(name + ".pdf");
        List<String> command = new ArrayList<>(List.of("gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE",
                "-sDEVICE=pdfwrite", "-sOutputFile=" + out));
        command.addAll(List.of(options));
        command.add(postscript.toString());
        run(command.toArray(String[]::new));
        return out;
    }

    /** Ghostscript renders a PDF back to one 1-bit TIFF per page at the given resolution (as a fax would print it). */
    public Path renderPdf(Path pdf, String name, int xDpi, int yDpi) throws IOException {
        Path out = dir.resolve(name + ".tif");
        run("gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiffg4", "-r" + xDpi + "x" + yDpi,
                "-sOutputFile=" + out, pdf.toString());
        return out;
    }

    /** ImageMagick, for a file that is an image but not a fax document. */
    public Path imageMagick(String name, String... arguments) throws IOException {
        Path out = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of(CONVERT));
        command.addAll(List.of(arguments));
        command.add(out.toString());
        run(command.toArray(String[]::new));
        return out;
    }

    public Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** The StripOffsets and StripByteCounts of one page (0-based), as tiffdump reports them. */
    public long[] strip(Path tiff, int page) throws IOException {
        String dump = run("tiffdump", tiff.toString()).stdout();
        String[] directories = dump.split("Directory \\d+: ");
        String directory = directories[page + 1];
        return new long[] {tag(directory, "StripOffsets"), tag(directory, "StripByteCounts")};
    }

    private static long tag(String directory, String name) {
        Matcher m = Pattern.compile(name + " \\(\\d+\\) \\w+ \\(\\d+\\) 1<(\\d+)>").matcher(directory);
        if (!m.find()) {
            fail("tiffdump shows no single-valued " + name + " in:\n" + directory);
        }
        return Long.parseLong(m.group(1));
    }

    public record Result(int exit, String stdout, String stderr) {
    }

    /** Runs a tool to completion; fails the test with its output if it is missing or exits non-zero. */
    public Result run(String... command) throws IOException {
        Result result = runAllowingFailure(command);
        if (result.exit() != 0) {
            fail(String.join(" ", command) + " exited " + result.exit() + ":\n" + result.stdout() + result.stderr());
        }
        return result;
    }

    public Result runAllowingFailure(String... command) throws IOException {
        Path stdout = Files.createTempFile(dir, "out", ".txt");
        Path stderr = Files.createTempFile(dir, "err", ".txt");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        } catch (IOException e) {
            return fail(command[0] + " is not installed; the fax tests need Debian's libtiff-tools, ghostscript and"
                    + " imagemagick (apt-get install -y libtiff-tools ghostscript imagemagick, as .ci/run does)", e);
        }
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }
}
