package dev.switchboard.channel.fax.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.imageio.metadata.IIOMetadata;

import org.w3c.dom.Node;

/** Reads TIFF tag values out of image metadata, and checks the directory chain of a possibly truncated file. */
final class TiffFields {

    static final String NATIVE_FORMAT = "com_sun_media_imageio_plugins_tiff_image_1.0";

    static final int COMPRESSION = 259;
    static final int STRIP_OFFSETS = 273;
    static final int STRIP_BYTE_COUNTS = 279;
    static final int X_RESOLUTION = 282;
    static final int Y_RESOLUTION = 283;
    static final int RESOLUTION_UNIT = 296;
    static final int TILE_OFFSETS = 324;
    static final int TILE_BYTE_COUNTS = 325;

    private TiffFields() {
    }

    /** All values of one tag of the page's directory; rationals become their quotient; empty when absent. */
    static double[] values(IIOMetadata metadata, int tag) {
        Node ifd = metadata.getAsTree(NATIVE_FORMAT).getFirstChild();
        for (Node field = ifd.getFirstChild(); field != null; field = field.getNextSibling()) {
            Node number = field.getAttributes().getNamedItem("number");
            if (number == null || Integer.parseInt(number.getNodeValue()) != tag) {
                continue;
            }
            List<Double> out = new ArrayList<>();
            for (Node array = field.getFirstChild(); array != null; array = array.getNextSibling()) {
                for (Node value = array.getFirstChild(); value != null; value = value.getNextSibling()) {
                    Node attribute = value.getAttributes().getNamedItem("value");
                    if (attribute != null) {
                        out.add(parse(attribute.getNodeValue()));
                    }
                }
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }
        return new double[0];
    }

    static double first(IIOMetadata metadata, int tag, double fallback) {
        double[] values = values(metadata, tag);
        return values.length == 0 ? fallback : values[0];
    }

    private static double parse(String text) {
        try {
            int slash = text.indexOf('/');
            if (slash < 0) {
                return Double.parseDouble(text);
            }
            double denominator = Double.parseDouble(text.substring(slash + 1));
            return denominator == 0 ? 0 : Double.parseDouble(text.substring(0, slash)) / denominator;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Counts the image directories reachable from the header, and says whether the chain ends in a pointer
     * past the end of the file. TwelveMonkeys stops there silently, but for a fax it means the reception was
     * cut off after the last intact page, and the caller must say so.
     */
    static Chain chain(byte[] bytes, int maxDirectories) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.order(bytes[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        long offset = bytes.length >= 8 ? Integer.toUnsignedLong(buffer.getInt(4)) : -1;
        Set<Long> seen = new HashSet<>();
        int count = 0;
        while (offset != 0 && count <= maxDirectories) {
            if (offset < 8 || offset + 2 > bytes.length || !seen.add(offset)) {
                return new Chain(count, true);
            }
            int entries = Short.toUnsignedInt(buffer.getShort((int) offset));
            long next = offset + 2 + 12L * entries;
            if (next + 4 > bytes.length) {
                return new Chain(count, true);
            }
            count++;
            offset = Integer.toUnsignedLong(buffer.getInt((int) next));
        }
        return new Chain(count, false);
    }

    /** @param directories intact directories in order; @param broken whether a further one was announced but is missing */
    record Chain(int directories, boolean broken) {
    }

    static String compressionName(int compression) {
        return switch (compression) {
            case 1 -> "None";
            case 2 -> "CCITT RLE";
            case 3 -> "CCITT T.4";
            case 4 -> "CCITT T.6";
            case 5 -> "LZW";
            case 7 -> "JPEG";
            case 8, 32946 -> "Deflate";
            case 32773 -> "PackBits";
            default -> "TIFF compression " + compression;
        };
    }
}
