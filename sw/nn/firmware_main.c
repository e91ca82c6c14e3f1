/* The inference firmware cimc builds: classifies the images of an IDX file with the compiled
 * model (model_data.c) on the VP's crossbar accelerator, and measures it.
 *
 *   cimvp firmware.elf -- IMAGES.idx [COUNT [FIRST [LATENCY_COUNT]]]
 *
 * IMAGES.idx: uncompressed IDX, unsigned bytes, [N, rows, cols] or [N, pixels]; COUNT images
 * (0 or absent: all from FIRST on), starting at image FIRST (default 0). Two phases, each a
 * statistics region of the VP (sw/include/cimvp/stats.h), after the setup (region 0:
 * programming the resident tiles):
 *  1. throughput (region 1): the COUNT images in batches of the compiled batch size; the
 *     timed part of each batch is nn_infer on it (tile re-programming, DMA, MVMs, CPU layers),
 *     not reading the images nor printing the predictions;
 *  2. latency (region 2): LATENCY_COUNT of the images (0 or absent: all COUNT), one at a time,
 *     each timed alone: nn_infer on one image, nothing else.
 * Times are mtime ticks converted with the VP's timebase register (any --clint.timebase_mhz).
 * stdout: one line "pred <index> <class>" per image of phase 1, in order, then
 * "stat <name> <value>" lines (integers, docs/compiler.md lists them); nothing else. Errors:
 * one line "cimc-fw: error: ..." on the VP's stderr, exit 2 (usage, file), 3 (accelerator
 * mismatch or error), 4 (out of memory). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cimvp/args.h"
#include "cimvp/clint.h"
#include "cimvp/csr.h"
#include "cimvp/stats.h"
#include "cimvp/xbar.h"
#include "model_data.h"
#include "nn_backend_cimvp.h"
#include "nn_idx.h"
#include "nn_runtime.h"

static FILE* err_stream(void) {
    static FILE* f;
    if (!f) f = fopen(":tt", "a"); /* the VP's stderr (semihosting convention) */
    return f ? f : stderr;
}

static int fail(int code, const char* what, const char* detail) {
    fprintf(err_stream(), "cimc-fw: error: %s%s%s\n", what, detail ? ": " : "",
            detail ? detail : "");
    fflush(err_stream());
    return code;
}

/* Output through one buffer written with SYS_WRITE: the console stdout would cost one
 * semihosting call per character. */
static FILE* out;
static char out_buf[4096];
static size_t out_len;

static void out_flush(void) {
    if (out_len) fwrite(out_buf, 1, out_len, out);
    fflush(out);
    out_len = 0;
}

static void out_str(const char* s) {
    size_t n = strlen(s);
    if (out_len + n > sizeof out_buf) out_flush();
    memcpy(out_buf + out_len, s, n);
    out_len += n;
}

static char* u64_str(uint64_t v, char* end) {
    *--end = '\0';
    do *--end = (char)('0' + v % 10u);
    while ((v /= 10u) != 0);
    return end;
}

static void out_line(const char* key, uint64_t a, int with_b, uint64_t b) {
    char num[24];
    out_str(key);
    out_str(" ");
    out_str(u64_str(a, num + sizeof num));
    if (with_b) {
        out_str(" ");
        out_str(u64_str(b, num + sizeof num));
    }
    out_str("\n");
}

static uint64_t counter(uint32_t lo_offset) {
    uint32_t hi, lo;
    do {
        hi = cimx_xbar_read(lo_offset + 4);
        lo = cimx_xbar_read(lo_offset);
    } while (hi != cimx_xbar_read(lo_offset + 4));
    return (uint64_t)hi << 32 | lo;
}

enum { REGION_SETUP = 0, REGION_THROUGHPUT = 1, REGION_LATENCY = 2 };

static uint64_t timebase_hz;

static uint64_t ns_of(uint64_t ticks) { return cimvp_mtime_ticks_to_ns(ticks, timebase_hz); }

static const char* check_accelerator(const nn_model* m) {
    cimx_xbar_info info;
    if (cimx_xbar_probe(&info) != 0) return "no crossbar accelerator";
    if (info.mapping != m->mapping || info.max_inputs != m->max_tile_inputs ||
        info.max_outputs != m->max_tile_outputs || info.count < m->crossbars)
        return "the accelerator's configuration (xbar.mapping, rows, cols, count) differs "
               "from the one the model was compiled for";
    return 0;
}

static int open_images(const char* path, nn_idx_info* info, FILE** file) {
    uint8_t header[4 + 4 * 4];
    *file = fopen(path, "rb");
    if (!*file) return fail(2, "cannot open image file", path);
    size_t n = fread(header, 1, sizeof header, *file);
    const char* why = nn_idx_parse(header, (uint32_t)n, info);
    if (why) return fail(2, path, why);
    if (info->item_bytes != cimc_model.input_size)
        return fail(2, path, "image size differs from the model input");
    return 0;
}

/* What the phases measured (ns, cycles); stats holds the backend calls of phase 1. */
typedef struct {
    uint64_t setup_ns;
    uint64_t inference_ticks, inference_cycles; /* phase 1, summed over batches */
    uint32_t batches;
    uint32_t latency_images;
    uint64_t latency_total_ticks, latency_min_ticks, latency_max_ticks; /* phase 2 */
    uint64_t xbar_mvms, xbar_busy_ns, xbar_energy_fj; /* accelerator counters over phase 1 */
} measures;

static int run_throughput(const nn_model* m, nn_backend* be, FILE* images, const char* path,
                          uint32_t count, uint32_t first, uint8_t* pixels, uint16_t* preds,
                          void* ws, nn_stats* stats, measures* r) {
    for (uint32_t done = 0; done < count;) {
        uint32_t n = count - done < m->batch ? count - done : m->batch;
        if (fread(pixels, m->input_size, n, images) != n) return fail(2, path, "truncated");
        cimvp_region_begin(REGION_THROUGHPUT);
        const uint64_t t0 = cimvp_mtime_read(), c0 = cimvp_read_mcycle();
        const uint32_t err = nn_infer(m, be, pixels, n, ws, preds, stats);
        const uint64_t t1 = cimvp_mtime_read(), c1 = cimvp_read_mcycle();
        cimvp_region_end(REGION_THROUGHPUT);
        if (err) return fail(3, stats->error_what, cimx_xbar_error_name(stats->error));
        r->inference_ticks += t1 - t0;
        r->inference_cycles += c1 - c0;
        ++r->batches;
        for (uint32_t i = 0; i < n; ++i) out_line("pred", first + done + i, 1, preds[i]);
        done += n;
    }
    return 0;
}

static int run_latency(const nn_model* m, nn_backend* be, FILE* images, const char* path,
                       uint32_t latency_count, uint8_t* pixels, uint16_t* preds, void* ws,
                       measures* r) {
    nn_stats stats;
    memset(&stats, 0, sizeof stats);
    r->latency_min_ticks = UINT64_MAX;
    for (uint32_t i = 0; i < latency_count; ++i) {
        if (fread(pixels, m->input_size, 1, images) != 1) return fail(2, path, "truncated");
        cimvp_region_begin(REGION_LATENCY);
        const uint64_t t0 = cimvp_mtime_read();
        const uint32_t err = nn_infer(m, be, pixels, 1, ws, preds, &stats);
        const uint64_t ticks = cimvp_mtime_read() - t0;
        cimvp_region_end(REGION_LATENCY);
        if (err) return fail(3, stats.error_what, cimx_xbar_error_name(stats.error));
        r->latency_total_ticks += ticks;
        if (ticks < r->latency_min_ticks) r->latency_min_ticks = ticks;
        if (ticks > r->latency_max_ticks) r->latency_max_ticks = ticks;
        ++r->latency_images;
    }
    if (!r->latency_images) r->latency_min_ticks = 0;
    return 0;
}

static void print_stats(const nn_model* m, uint32_t count, const measures* r,
                        const nn_stats* stats) {
    out_line("stat images", count, 0, 0);
    out_line("stat batch", m->batch, 0, 0);
    out_line("stat timebase_hz", timebase_hz, 0, 0);
    out_line("stat setup_ns", r->setup_ns, 0, 0);
    out_line("stat batches", r->batches, 0, 0);
    out_line("stat inference_ns", ns_of(r->inference_ticks), 0, 0);
    out_line("stat inference_cycles", r->inference_cycles, 0, 0);
    out_line("stat latency_images", r->latency_images, 0, 0);
    out_line("stat latency_total_ns", ns_of(r->latency_total_ticks), 0, 0);
    out_line("stat latency_min_ns", ns_of(r->latency_min_ticks), 0, 0);
    out_line("stat latency_max_ns", ns_of(r->latency_max_ticks), 0, 0);
    out_line("stat xbar_programs", stats->programs, 0, 0);
    out_line("stat xbar_mvm_commands", stats->mvm_commands, 0, 0);
    out_line("stat xbar_mvms", r->xbar_mvms, 0, 0);
    out_line("stat xbar_busy_ns", r->xbar_busy_ns, 0, 0);
    out_line("stat xbar_energy_fj", r->xbar_energy_fj, 0, 0);
}

int main(int argc, char** argv) {
    const char* path = cimvp_firmware_arg(argc, argv, 0, 0);
    if (!path)
        return fail(2, "usage", "firmware.elf -- IMAGES.idx [COUNT [FIRST [LATENCY_COUNT]]]");
    uint32_t count = (uint32_t)strtoul(cimvp_firmware_arg(argc, argv, 1, "0"), 0, 10);
    uint32_t first = (uint32_t)strtoul(cimvp_firmware_arg(argc, argv, 2, "0"), 0, 10);
    uint32_t latency_count = (uint32_t)strtoul(cimvp_firmware_arg(argc, argv, 3, "0"), 0, 10);
    const nn_model* m = &cimc_model;
    const char* why = check_accelerator(m);
    if (why) return fail(3, why, 0);
    timebase_hz = cimvp_timebase_hz();
    if (!timebase_hz) return fail(3, "the CLINT reports a timebase of 0 Hz", 0);

    nn_idx_info info;
    FILE* images;
    int rc = open_images(path, &info, &images);
    if (rc) return rc;
    if (first > info.count) first = info.count;
    if (count == 0 || count > info.count - first) count = info.count - first;
    if (latency_count == 0 || latency_count > count) latency_count = count;
    const long images_at = (long)(info.header_bytes + (uint64_t)first * m->input_size);

    uint8_t* pixels = malloc((size_t)m->batch * m->input_size);
    uint16_t* preds = malloc(sizeof(uint16_t) * m->batch);
    void* ws = malloc(nn_workspace_bytes(m, m->batch));
    if (!pixels || !preds || !ws) return fail(4, "out of memory", 0);
    out = fopen(":tt", "w");
    if (!out) out = stdout;

    nn_backend be;
    nn_stats stats;
    memset(&stats, 0, sizeof stats);
    measures r;
    memset(&r, 0, sizeof r);
    nn_cimvp_backend_init(&be);
    cimvp_region_begin(REGION_SETUP);
    const uint64_t t_setup = cimvp_mtime_read();
    const uint32_t err = nn_init(m, &be, &stats);
    r.setup_ns = ns_of(cimvp_mtime_read() - t_setup);
    cimvp_region_end(REGION_SETUP);
    if (err) return fail(3, "programming the crossbars failed", cimx_xbar_error_name(stats.error));
    /* The accelerator counters and stats printed cover phase 1 only. */
    cimx_xbar_write(CIMX_XBAR_COUNTERS_CLEAR, 1);
    stats.programs = 0;
    stats.mvm_commands = 0;
    fseek(images, images_at, SEEK_SET);
    rc = run_throughput(m, &be, images, path, count, first, pixels, preds, ws, &stats, &r);
    if (rc) return rc;
    r.xbar_mvms = counter(CIMX_XBAR_MVMS_LO);
    r.xbar_busy_ns = counter(CIMX_XBAR_BUSY_NS_LO);
    r.xbar_energy_fj = counter(CIMX_XBAR_ENERGY_FJ_LO);
    fseek(images, images_at, SEEK_SET);
    rc = run_latency(m, &be, images, path, latency_count, pixels, preds, ws, &r);
    if (rc) return rc;
    fclose(images);
    print_stats(m, count, &r, &stats);
    out_flush();
    return 0;
}
