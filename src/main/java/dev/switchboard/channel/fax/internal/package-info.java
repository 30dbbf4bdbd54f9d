/**
 * Fax document conversion, plain blocking Java for the fax service to call on a worker thread.
 *
 * <p>{@link dev.switchboard.channel.fax.internal.FaxDocuments} is the entry point: received TIFF (Asterisk
 * ReceiveFAX, HylaFAX) or PDF (a fax provider) to PDF and console PNGs, and an agent's PDF to TIFF-F for
 * Asterisk SendFAX. TIFF is read and written with TwelveMonkeys imageio-tiff, PDF read, rendered and written
 * with PDFBox; the package-private classes are the glue to each.
 */
package dev.switchboard.channel.fax.internal;
