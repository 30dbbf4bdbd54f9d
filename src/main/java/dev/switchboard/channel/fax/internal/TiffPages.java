package dev.switchboard.channel.fax.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.MemoryCacheImageInputStream;

import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;

/**
 * The pages of a TIFF fax, read with TwelveMonkeys (CCITT RLE, G3 1-D/2-D and G4, either fill order).
 * Page descriptions are read up front; images are decoded one at a time so a long fax never sits in memory whole.
 */
final class TiffPages implements AutoCloseable {

    /** Resolution assumed when a page has none: what fax receivers write for a fine page. */
    private static final double DEFAULT_X_DPI = 204;
    private static final double DEFAULT_Y_DPI = 196;

    private final ImageReader reader;
    private final List<FaxPageInfo> pages;
    private final Optional<FaxPageFailure> failure;

    private TiffPages(ImageReader reader, List<FaxPageInfo> pages, Optional<FaxPageFailure> failure) {
        this.reader = reader;
        this.pages = pages;
        this.failure = failure;
    }

    static TiffPages open(byte[] bytes, FaxLimits limits) {
        // Our own provider, not ImageIO's registry: the JDK's TIFF reader would otherwise compete for the file.
        ImageReader reader = newReader();
        try {
            reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)));
            TiffFields.Chain chain = TiffFields.chain(bytes, limits.maxPages());
            // Before TwelveMonkeys parses every directory: a crafted file can hold a million of them.
            if (chain.directories() > limits.maxPages()) {
                throw new FaxDocumentTooLarge("The document has more than " + limits.maxPages() + " pages; at most "
                        + limits.maxPages() + " are accepted.");
            }
            int count;
            try {
                count = Math.min(reader.getNumImages(true), chain.directories());
            } catch (IOException | RuntimeException e) {
                count = 0;
            }
            if (count == 0) {
                throw new CorruptFaxDocument("The TIFF file is damaged: not one page description in it can be read.", null);
            }
            List<FaxPageInfo> pages = new ArrayList<>();
            Optional<FaxPageFailure> failure = Optional.empty();
            for (int index = 0; index < count && failure.isEmpty(); index++) {
                try {
                    FaxPageInfo page = describe(reader, index, bytes.length, limits);
                    if (page == null) {
                        failure = Optional.of(cutOff(index + 1));
                    } else {
                        pages.add(page);
                    }
                } catch (IOException | RuntimeException e) {
                    if (e instanceof FaxDocumentTooLarge tooLarge) {
                        throw tooLarge;
                    }
                    failure = Optional.of(new FaxPageFailure(index + 1,
                            "The description of page " + (index + 1) + " is damaged."));
                }
            }
            if (failure.isEmpty() && chain.broken()) {
                failure = Optional.of(cutOff(count + 1));
            }
            if (pages.isEmpty()) {
                throw new CorruptFaxDocument("The TIFF file is damaged: " + lowerFirst(failure.orElseThrow().reason()), null);
            }
            return new TiffPages(reader, List.copyOf(pages), failure);
        } catch (RuntimeException e) {
            reader.dispose();
            throw e;
        }
    }

    private static ImageReader newReader() {
        try {
            return new TIFFImageReaderSpi().createReaderInstance();
        } catch (IOException e) {
            throw new IllegalStateException("TwelveMonkeys TIFF reader unavailable", e);
        }
    }

    /** The page's description, or null when its image data runs past the end of the file. */
    private static FaxPageInfo describe(ImageReader reader, int index, long fileLength, FaxLimits limits) throws IOException {
        int width = reader.getWidth(index);
        int height = reader.getHeight(index);
        if (width <= 0 || height <= 0) {
            throw new IOException("empty page");
        }
        limits.checkPixels(index + 1, width, height);
        IIOMetadata metadata = reader.getImageMetadata(index);
        if (!dataWithin(metadata, fileLength)) {
            return null;
        }
        double xDpi = TiffFields.first(metadata, TiffFields.X_RESOLUTION, 0);
        double yDpi = TiffFields.first(metadata, TiffFields.Y_RESOLUTION, 0);
        double unit = TiffFields.first(metadata, TiffFields.RESOLUTION_UNIT, 2);
        if (unit == 3) {
            xDpi *= 2.54;
            yDpi *= 2.54;
        }
        if (unit == 1 || !plausible(xDpi) || !plausible(yDpi)) {
            xDpi = DEFAULT_X_DPI;
            yDpi = DEFAULT_Y_DPI;
        }
        String compression = TiffFields.compressionName((int) TiffFields.first(metadata, TiffFields.COMPRESSION, 1));
        return new FaxPageInfo(index + 1, width, height, xDpi, yDpi,
                width / xDpi * 72, height / yDpi * 72, compression);
    }

    private static boolean dataWithin(IIOMetadata metadata, long fileLength) {
        boolean tiled = TiffFields.values(metadata, TiffFields.STRIP_OFFSETS).length == 0;
        double[] offsets = TiffFields.values(metadata, tiled ? TiffFields.TILE_OFFSETS : TiffFields.STRIP_OFFSETS);
        double[] counts = TiffFields.values(metadata, tiled ? TiffFields.TILE_BYTE_COUNTS : TiffFields.STRIP_BYTE_COUNTS);
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] + (i < counts.length ? counts[i] : 0) > fileLength) {
                return false;
            }
        }
        return offsets.length > 0;
    }

    private static boolean plausible(double dpi) {
        return dpi >= 20 && dpi <= 2400;
    }

    private static FaxPageFailure cutOff(int page) {
        return new FaxPageFailure(page, "The file ends inside page " + page + "; the reception was probably cut off.");
    }

    private static String lowerFirst(String text) {
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    List<FaxPageInfo> pages() {
        return pages;
    }

    Optional<FaxPageFailure> failure() {
        return failure;
    }

    /** Decodes one page (0-based); a CCITT page comes back as a 1-bit image with white at index 0. */
    BufferedImage decode(int index) throws IOException {
        return reader.read(index);
    }

    @Override
    public void close() {
        reader.dispose();
    }
}
