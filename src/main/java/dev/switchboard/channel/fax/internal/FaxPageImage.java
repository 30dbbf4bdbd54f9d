package dev.switchboard.channel.fax.internal;

/**
 * One page as a PNG for the agent console.
 *
 * @param number 1-based page number
 * @param width  PNG width in pixels
 * @param height PNG height in pixels
 * @param png    the PNG file (8-bit grey)
 */
public record FaxPageImage(int number, int width, int height, byte[] png) {
}
