/* The inference firmware cimc builds: classifies the images of an IDX file with the compiled
 * model (model_data.c) on the VP's crossbar accelerator.
 *
 *   cimvp firmware.elf -- IMAGES.idx [COUNT [FIRST]]
 *
 * IMAGES.idx: uncompressed IDX, unsigned bytes, [N, rows, cols] or [N, pixels]; COUNT images
 * (0 or absent: all from FIRST on), starting at image FIRST (default 0).
 * stdout: one line "pred <index> <class>" per image, in order, then "stat <name> <value>"
 * lines; nothing else. Errors: one line "cimc-fw: error: ..." on the VP's stderr, exit 2
 * (usage, file), 3 (accelerator mismatch or error), 4 (out of memory). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cimvp/args.h"
#include "cimvp/clint.h"
#include "cimvp/csr.h"
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

static uint64_t ns_since(uint64_t t0) {
    return (cimvp_mtime_read() - t0) * (1000000000ull / CIMVP_MTIME_HZ);
}

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

int main(int argc, char** argv) {
    const char* path = cimvp_firmware_arg(argc, argv, 0, 0);
    if (!path) return fail(2, "usage", "firmware.elf -- IMAGES.idx [COUNT [FIRST]]");
    uint32_t count = (uint32_t)strtoul(cimvp_firmware_arg(argc, argv, 1, "0"), 0, 10);
    uint32_t first = (uint32_t)strtoul(cimvp_firmware_arg(argc, argv, 2, "0"), 0, 10);
    const nn_model* m = &cimc_model;
    const char* why = check_accelerator(m);
    if (why) return fail(3, why, 0);

    nn_idx_info info;
    FILE* images;
    int rc = open_images(path, &info, &images);
    if (rc) return rc;
    if (first > info.count) first = info.count;
    if (count == 0 || count > info.count - first) count = info.count - first;
    fseek(images, (long)(info.header_bytes + (uint64_t)first * m->input_size), SEEK_SET);

    uint8_t* pixels = malloc((size_t)m->batch * m->input_size);
    uint16_t* preds = malloc(sizeof(uint16_t) * m->batch);
    void* ws = malloc(nn_workspace_bytes(m, m->batch));
    if (!pixels || !preds || !ws) return fail(4, "out of memory", 0);
    out = fopen(":tt", "w");
    if (!out) out = stdout;

    nn_backend be;
    nn_stats stats = {0, 0, 0, 0};
    nn_cimvp_backend_init(&be);
    cimx_xbar_write(CIMX_XBAR_COUNTERS_CLEAR, 1);
    const uint64_t t_setup = cimvp_mtime_read();
    if (nn_init(m, &be, &stats))
        return fail(3, "programming the crossbars failed", cimx_xbar_error_name(stats.error));
    const uint64_t setup_ns = ns_since(t_setup);
    /* The accelerator counters and stats below cover the inference only. */
    cimx_xbar_write(CIMX_XBAR_COUNTERS_CLEAR, 1);
    stats.programs = 0;
    stats.mvm_commands = 0;
    const uint64_t t0 = cimvp_mtime_read(), c0 = cimvp_read_mcycle();
    for (uint32_t done = 0; done < count;) {
        uint32_t n = count - done < m->batch ? count - done : m->batch;
        if (fread(pixels, m->input_size, n, images) != n) return fail(2, path, "truncated");
        if (nn_infer(m, &be, pixels, n, ws, preds, &stats))
            return fail(3, stats.error_what, cimx_xbar_error_name(stats.error));
        for (uint32_t i = 0; i < n; ++i) out_line("pred", first + done + i, 1, preds[i]);
        done += n;
    }
    const uint64_t total_ns = ns_since(t0), cycles = cimvp_read_mcycle() - c0;
    fclose(images);
    out_line("stat images", count, 0, 0);
    out_line("stat batch", m->batch, 0, 0);
    out_line("stat setup_ns", setup_ns, 0, 0);
    out_line("stat inference_ns", total_ns, 0, 0);
    out_line("stat per_image_ns", count ? total_ns / count : 0, 0, 0);
    out_line("stat cpu_cycles", cycles, 0, 0);
    out_line("stat xbar_programs", stats.programs, 0, 0);
    out_line("stat xbar_mvm_commands", stats.mvm_commands, 0, 0);
    out_line("stat xbar_mvms", counter(CIMX_XBAR_MVMS_LO), 0, 0);
    out_line("stat xbar_busy_ns", counter(CIMX_XBAR_BUSY_NS_LO), 0, 0);
    out_line("stat xbar_energy_fj", counter(CIMX_XBAR_ENERGY_FJ_LO), 0, 0);
    out_flush();
    return 0;
}
