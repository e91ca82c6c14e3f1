#include "cimx/run/reference_cache.h"

#include "cimx/sweep/atomic_file.h"
#include "compiler/emit/build_identity.h"
#include "util/hex.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace cimx {
namespace {

// The file's bytes, or false if it cannot be read (a missing cache file is not an error).
bool read_bytes(const std::string& path, std::string& out) {
    try {
        out = read_whole_file(path);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

std::string header_for(const std::string& body) {
    return "fnv1a64 " + cimvp::hex_digits(cimc::fnv1a64(body), 16) + "\n";
}

// "" when there is no cache entry or the image file cannot be read.
fs::path reference_file(const std::string& cached_elf, const std::string& images) {
    std::string bytes;
    if (cached_elf.empty() || !read_bytes(images, bytes)) return {};
    return fs::path(cached_elf).parent_path() /
           ("reference-" + cimvp::hex_digits(cimc::fnv1a64(bytes), 16));
}

} // namespace

std::string cached_reference_output(const std::string& cached_elf, const std::string& images) {
    const fs::path file = reference_file(cached_elf, images);
    std::string text;
    if (file.empty() || !read_bytes(file.string(), text)) return "";
    const size_t eol = text.find('\n');
    if (eol == std::string::npos) return "";
    std::string body = text.substr(eol + 1);
    return text.substr(0, eol + 1) == header_for(body) ? body : "";
}

void store_reference_output(const std::string& cached_elf, const std::string& images,
                            const std::string& output) {
    const fs::path file = reference_file(cached_elf, images);
    if (file.empty()) return;
    try { // not durable: a lost file is recomputed
        write_file_atomically(file.string(), header_for(output) + output, false);
    } catch (const std::exception&) {
        // The entry may have been replaced meanwhile: only the cache loses the file.
    }
}

} // namespace cimx
