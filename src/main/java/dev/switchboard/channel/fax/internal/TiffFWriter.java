package dev.switchboard.channel.fax.internal;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.IIOImage;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageWriterSpi;

/**
 * Writes pages as TIFF Class F (RFC 2306), the file Asterisk SendFAX and HylaFAX transmit: one 1-bit
 * min-is-white strip per page, CCITT T.4 one-dimensional (Modified Huffman) with EOLs byte-aligned
 * (T4Options 4), fill order MSB-first, resolution in inches, PageNumber on every page. Every fax machine
 * decodes 1-D T.4; spandsp re-encodes the pages for whatever the line negotiates anyway.
 */
final class TiffFWriter {

    /** T4Options: bit 0 clear = 1-D coding; bit 2 set = fill bits so every EOL ends on a byte boundary. */
    private static final long T4_OPTIONS = 4;

    /** Pixel 0 is white, 1 black: "min-is-white", what fax receivers write. */
    private static final IndexColorModel MIN_IS_WHITE = new IndexColorModel(1, 2,
            new byte[] {(byte) 255, 0}, new byte[] {(byte) 255, 0}, new byte[] {(byte) 255, 0});

    private TiffFWriter() {
    }

    /** Makes page {@code index} (0-based) as a 1-bit image; called once per page, in order. */
    interface PageSource {
        BufferedImage page(int index) throws IOException;
    }

    static byte[] write(int pageCount, PageSource pages, FaxResolution resolution) throws IOException {
        ImageWriter writer = new TIFFImageWriterSpi().createWriterInstance();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType("CCITT T.4");
            writer.prepareWriteSequence(null);
            for (int index = 0; index < pageCount; index++) {
                BufferedImage page = pages.page(index);
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(page), param);
                metadata.mergeTree(TiffFields.NATIVE_FORMAT, tags(index, pageCount, resolution));
                writer.writeToSequence(new IIOImage(page, null, metadata), param);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Thresholds a grey rendering at mid-grey into a 1-bit min-is-white image. */
    static BufferedImage bitonal(BufferedImage grey) {
        BufferedImage out = new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_BYTE_BINARY, MIN_IS_WHITE);
        Raster in = grey.getRaster();
        WritableRaster raster = out.getRaster();
        int width = grey.getWidth();
        int[] row = new int[width];
        for (int y = 0; y < grey.getHeight(); y++) {
            in.getSamples(0, y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                row[x] = row[x] < 128 ? 1 : 0;
            }
            raster.setSamples(0, y, width, 1, 0, row);
        }
        return out;
    }

    private static IIOMetadataNode tags(int index, int count, FaxResolution resolution) throws IIOInvalidTreeException {
        IIOMetadataNode ifd = new IIOMetadataNode("TIFFIFD");
        ifd.appendChild(field(254, "TIFFLongs", "TIFFLong", "2"));
        ifd.appendChild(field(282, "TIFFRationals", "TIFFRational", resolution.xDpi() + "/1"));
        ifd.appendChild(field(283, "TIFFRationals", "TIFFRational", resolution.yDpi() + "/1"));
        ifd.appendChild(field(292, "TIFFLongs", "TIFFLong", Long.toString(T4_OPTIONS)));
        ifd.appendChild(field(296, "TIFFShorts", "TIFFShort", "2"));
        ifd.appendChild(field(297, "TIFFShorts", "TIFFShort", Integer.toString(index), Integer.toString(count)));
        ifd.appendChild(field(305, "TIFFAsciis", "TIFFAscii", "Switchboard"));
        IIOMetadataNode root = new IIOMetadataNode(TiffFields.NATIVE_FORMAT);
        root.appendChild(ifd);
        return root;
    }

    private static IIOMetadataNode field(int number, String arrayName, String valueName, String... values) {
        IIOMetadataNode field = new IIOMetadataNode("TIFFField");
        field.setAttribute("number", Integer.toString(number));
        IIOMetadataNode array = new IIOMetadataNode(arrayName);
        for (String value : values) {
            IIOMetadataNode node = new IIOMetadataNode(valueName);
            node.setAttribute("value", value);
            array.appendChild(node);
        }
        field.appendChild(array);
        return field;
    }
}
