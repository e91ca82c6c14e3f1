#include "compiler/reference/reference_executor.h"

#include "dataset/idx_reader.h"
#include "compiler/ir/error.h"
#include "sw/nn/nn_backend_exact.h"
#include "sw/nn/nn_idx.h"
#include "sw/nn/nn_runtime.h"

#include <algorithm>
#include <fstream>

namespace cimc {

ImageSet read_images(const std::string& path) {
    std::string bytes;
    try {
        bytes = cimx::read_maybe_gzip(path);
    } catch (const std::exception& e) {
        throw CompileError(e.what());
    }
    nn_idx_info info{};
    const char* why = nn_idx_parse(reinterpret_cast<const uint8_t*>(bytes.data()),
                                   uint32_t(std::min<size_t>(bytes.size(), 64)), &info);
    if (why) throw CompileError(path + ": " + why);
    if (bytes.size() != info.header_bytes + uint64_t(info.count) * info.item_bytes)
        throw CompileError(path + ": file size does not match its IDX dimensions");
    ImageSet s;
    s.count = info.count;
    s.pixels = info.item_bytes;
    s.data.assign(bytes.begin() + info.header_bytes, bytes.end());
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
    std::vector<nn_exact_tile> tiles(std::max<uint32_t>(m.crossbars, 1));
    nn_exact_state state;
    nn_backend backend;
    nn_exact_backend_init(&backend, &state, tiles.data(), uint32_t(tiles.size()), m.max_tile_inputs,
                          m.max_tile_outputs);
    nn_stats stats{};
    std::vector<uint32_t> workspace(nn_workspace_bytes(&m, m.batch) / 4 + 1);
    if (nn_init(&m, &backend, &stats)) throw CompileError("reference: programming tiles failed");
    std::vector<uint16_t> preds(count);
    for (uint32_t done = 0; done < count;) {
        const uint32_t n = std::min(m.batch, count - done);
        if (nn_infer(&m, &backend, images.data.data() + size_t(first + done) * images.pixels, n,
                     workspace.data(), preds.data() + done, &stats))
            throw CompileError(std::string("reference: crossbar ") + stats.error_what +
                               " failed with error " + std::to_string(stats.error));
        done += n;
    }
    return preds;
}

} // namespace cimc
