#include "cimx/run/reference_cache.h"

#include "compiler/emit/build_identity.h"
#include "util/hex.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace fs = std::filesystem;

namespace cimx {
namespace {

bool read_bytes(const fs::path& p, std::string& out) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
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
    if (file.empty() || !read_bytes(file, text)) return "";
    const size_t eol = text.find('\n');
    if (eol == std::string::npos) return "";
    std::string body = text.substr(eol + 1);
    return text.substr(0, eol + 1) == header_for(body) ? body : "";
}

void store_reference_output(const std::string& cached_elf, const std::string& images,
                            const std::string& output) {
    const fs::path file = reference_file(cached_elf, images);
    if (file.empty()) return;
    const fs::path tmp = file.string() + ".tmp-" + std::to_string(getpid());
    {
        std::ofstream out(tmp, std::ios::binary);
        out << header_for(output) << output;
        if (!out) {
            std::error_code ec;
            fs::remove(tmp, ec);
            return;
        }
    }
    std::error_code ec;
    fs::rename(tmp, file, ec);
    if (ec) fs::remove(tmp, ec);
}

} // namespace cimx
