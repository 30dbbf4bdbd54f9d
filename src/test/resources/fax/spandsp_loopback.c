/*
 * Sends a TIFF-F file from one spandsp fax terminal to another over a simulated audio line, as Asterisk's
 * SendFAX and ReceiveFAX do in audio mode (res_fax_spandsp), and writes what the receiver stored.
 * Used by FaxSpandspLoopbackTest: proves spandsp accepts the TIFF-F our code writes.
 *
 *   spandsp_loopback SEND.tif RECEIVED.tif [CUT_AFTER_SECONDS]
 *
 * With CUT_AFTER_SECONDS the line goes silent at that point of the call, like a caller hanging up mid-fax:
 * the receiver keeps the pages it completed and the call fails.
 * Prints "result=<code> <text> pages=<n> width=<px> length=<rows> xres=<dpm> yres=<dpm> bad_rows=<n>" for
 * the receiving side and exits 0 only when both sides end with T30_ERR_OK.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include <tiffio.h>
#include <spandsp.h>

#define SAMPLES_PER_CHUNK 160
#define MAX_SECONDS 600

static int done[2];
static int result[2] = {-1, -1};

static void phase_e(t30_state_t *s, void *user_data, int completion)
{
    int side = (int) (intptr_t) user_data;
    done[side] = 1;
    result[side] = completion;
}

int main(int argc, char *argv[])
{
    fax_state_t *fax[2];
    int16_t amp[2][SAMPLES_PER_CHUNK];
    t30_stats_t stats;
    long chunks;

    long cut_after_chunks = -1;

    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: %s SEND.tif RECEIVED.tif [CUT_AFTER_SECONDS]\n", argv[0]);
        return 2;
    }
    if (argc == 4) {
        cut_after_chunks = atol(argv[3]) * 8000L / SAMPLES_PER_CHUNK;
    }
    for (int side = 0; side < 2; side++) {
        fax[side] = fax_init(NULL, side == 0);
        t30_state_t *t30 = fax_get_t30_state(fax[side]);
        t30_set_tx_ident(t30, side == 0 ? "+4930555999" : "SB-FAX-IN");
        t30_set_ecm_capability(t30, TRUE);
        t30_set_supported_compressions(t30, T30_SUPPORT_T4_1D_COMPRESSION | T30_SUPPORT_T4_2D_COMPRESSION
                                       | T30_SUPPORT_T6_COMPRESSION);
        t30_set_phase_e_handler(t30, phase_e, (void *) (intptr_t) side);
        fax_set_transmit_on_idle(fax[side], TRUE);
    }
    t30_set_tx_file(fax_get_t30_state(fax[0]), argv[1], -1, -1);
    t30_set_rx_file(fax_get_t30_state(fax[1]), argv[2], -1);

    for (chunks = 0; !(done[0] && done[1]) && chunks < MAX_SECONDS * 8000L / SAMPLES_PER_CHUNK; chunks++) {
        for (int side = 0; side < 2; side++) {
            int len = fax_tx(fax[side], amp[side], SAMPLES_PER_CHUNK);
            if (cut_after_chunks >= 0 && chunks >= cut_after_chunks) {
                len = 0;
            }
            if (len < SAMPLES_PER_CHUNK) {
                memset(amp[side] + len, 0, sizeof(int16_t) * (SAMPLES_PER_CHUNK - len));
            }
        }
        for (int side = 0; side < 2; side++) {
            fax_rx(fax[1 - side], amp[side], SAMPLES_PER_CHUNK);
        }
    }
    t30_get_transfer_statistics(fax_get_t30_state(fax[1]), &stats);
    printf("result=%d %s sender=%d %s pages=%d width=%d length=%d xres=%d yres=%d bad_rows=%d seconds=%ld\n",
           result[1], t30_completion_code_to_str(result[1]), result[0], t30_completion_code_to_str(result[0]),
           stats.pages_rx, stats.width, stats.length, stats.x_resolution, stats.y_resolution, stats.bad_rows,
           chunks * SAMPLES_PER_CHUNK / 8000);
    for (int side = 0; side < 2; side++) {
        fax_release(fax[side]);
    }
    return result[0] == T30_ERR_OK && result[1] == T30_ERR_OK ? 0 : 1;
}
