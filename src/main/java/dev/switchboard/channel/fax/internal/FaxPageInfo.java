package dev.switchboard.channel.fax.internal;

/**
 * One page as the file describes it, read without decoding the image.
 *
 * @param number      1-based page number
 * @param widthPx     pixels per line (TIFF); 0 for a PDF page, which has no fixed raster
 * @param heightPx    lines (TIFF); 0 for a PDF page
 * @param xDpi        horizontal resolution (TIFF); 0 for a PDF page
 * @param yDpi        vertical resolution (TIFF); 0 for a PDF page
 * @param widthPt     physical width in PDF points (1/72 inch): pixels / dpi x 72 for a TIFF page
 * @param heightPt    physical height in PDF points
 * @param compression "CCITT T.4", "CCITT T.6", "CCITT RLE" or another TIFF compression name; "PDF" for a PDF page
 */
public record FaxPageInfo(int number, int widthPx, int heightPx, double xDpi, double yDpi,
                          double widthPt, double heightPt, String compression) {
}
