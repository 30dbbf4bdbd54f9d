package dev.switchboard.channel.fax.internal;

/** The two ITU-T T.4 resolutions every fax machine sends and receives, for outbound TIFF-F. */
public enum FaxResolution {
    /** 204 x 98 dpi ("standard" or "normal"). */
    NORMAL(204, 98),
    /** 204 x 196 dpi ("fine"), what Asterisk ReceiveFAX produced in the lab. */
    FINE(204, 196);

    /** Pixels per line on an ISO A4 / US Letter fax (215 mm at 8.03 dots/mm). */
    public static final int WIDTH = 1728;

    private final int xDpi;
    private final int yDpi;

    FaxResolution(int xDpi, int yDpi) {
        this.xDpi = xDpi;
        this.yDpi = yDpi;
    }

    public int xDpi() {
        return xDpi;
    }

    public int yDpi() {
        return yDpi;
    }
}
