#include "compiler/reference/reference_executor.h"

#include "dataset/firmware_images.h"
#include "dataset/npy_reader.h"
#include "compiler/ir/error.h"
#include "compiler/reference/packed_backend.h"
#include "sw/nn/nn_idx.h"
#include "sw/nn/nn_runtime.h"
#include "dataset/idx_reader.h"

#include <algorithm>
#include <fstream>

namespace cimc {

namespace {

// The common case, an IDX file of unsigned bytes, without converting every pixel to float.
bool read_ubyte_idx(const std::string& bytes, const std::string& path, ImageSet& s) {
    if (bytes.size() < 4 || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08) return false;
    nn_idx_info info{};
    const char* why = nn_idx_parse(reinterpret_cast<const uint8_t*>(bytes.data()),
                                   uint32_t(std::min<size_t>(bytes.size(), 64)), &info);
    if (why) throw CompileError(path + ": " + why);
    if (bytes.size() != info.header_bytes + uint64_t(info.count) * info.item_bytes)
        throw CompileError(path + ": file size does not match its IDX dimensions");
    s.count = info.count;
    s.pixels = info.item_bytes;
    for (uint32_t i = 1; i < uint8_t(bytes[3]); ++i) {
        const auto* d = reinterpret_cast<const uint8_t*>(bytes.data()) + 4 + 4 * i;
        s.dims.push_back(int64_t(d[0]) << 24 | int64_t(d[1]) << 16 | int64_t(d[2]) << 8 | d[3]);
    }
    s.data.assign(bytes.begin() + info.header_bytes, bytes.end());
    return true;
}

} // namespace

ImageSet read_images(const std::string& path) {
    ImageSet s;
    try {
        const std::string bytes = cimx::read_maybe_gzip(path);
        if (read_ubyte_idx(bytes, path, s)) return s;
        const cimx::IdxArray a =
            cimx::is_npy(bytes) ? cimx::parse_npy(bytes, path) : cimx::parse_idx(bytes, path);
        if (a.dims.size() < 2)
            throw CompileError(path + ": images must be [N, ...] with at least 2 dimensions");
        int64_t per_image = 1;
        for (size_t i = 1; i < a.dims.size(); ++i) per_image *= a.dims[i];
        if (per_image < 1 || per_image > 0x1000000 || a.dims[0] > 0x7fffffff)
            throw CompileError(path + ": image size out of range");
        s.count = uint32_t(a.dims[0]);
        s.pixels = uint32_t(per_image);
        s.dims.assign(a.dims.begin() + 1, a.dims.end());
        s.data = cimx::firmware_pixels(a.values, 0, a.dims[0], per_image, path);
    } catch (const cimx::DatasetError& e) {
        throw CompileError(e.what());
    }
    return s;
}

void write_images(const ImageSet& images, uint32_t first, uint32_t count, uint32_t rows,
                  uint32_t cols, const std::string& path) {
    std::vector<uint32_t> dims = {count};
    if (rows)
        dims.push_back(rows), dims.push_back(cols);
    else
        dims.push_back(images.pixels);
    std::string out = {0, 0, 8, char(dims.size())};
    for (uint32_t d : dims)
        for (int shift = 24; shift >= 0; shift -= 8) out += char((d >> shift) & 0xff);
    out.append(reinterpret_cast<const char*>(images.data.data()) + size_t(first) * images.pixels,
               size_t(count) * images.pixels);
    std::ofstream f(path, std::ios::binary);
    f << out;
    if (!f.flush()) throw CompileError(path + ": cannot write");
}

std::vector<uint16_t> run_reference(const nn_model& m, const ImageSet& images, uint32_t first,
                                    uint32_t count) {
    if (images.pixels != m.input_size)
        throw CompileError("images have " + std::to_string(images.pixels) +
                           " pixels, the model takes " + std::to_string(m.input_size));
    if (first > images.count) first = images.count;
    count = std::min(count, images.count - first);
    PackedBackend packed(std::max<uint32_t>(m.crossbars, 1), m.max_tile_inputs, m.max_tile_outputs);
    const nn_backend* backend = packed.backend();
    nn_stats stats{};
    std::vector<uint32_t> workspace(nn_workspace_bytes(&m, m.batch) / 4 + 1);
    if (nn_init(&m, backend, &stats)) throw CompileError("reference: programming tiles failed");
    std::vector<uint16_t> preds(count);
    for (uint32_t done = 0; done < count;) {
        const uint32_t n = std::min(m.batch, count - done);
        if (nn_infer(&m, backend, images.data.data() + size_t(first + done) * images.pixels, n,
                     workspace.data(), preds.data() + done, &stats))
            throw CompileError(std::string("reference: crossbar ") + stats.error_what +
                               " failed with error " + std::to_string(stats.error));
        done += n;
    }
    return preds;
}

} // namespace cimc
