#include "cimx/run/firmware_cache.h"

#include "compiler/emit/build_identity.h"
#include "cimx/run/process.h"
#include "cimx/run/run_error.h"
#include "util/hex.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace cimx {
namespace {

const char* const kManifest = "cimx-cache-entry";

std::string bytes_of(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw RunError(p.string() + ": cannot read");
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}


std::string build_id(const FirmwareBuild& b) {
    std::vector<std::string> argv = b.cimc_argv;
    argv.push_back("--build-id");
    ToolResult r = run_tool(argv);
    if (r.exit_code != 0)
        throw RunError("cimc --build-id failed (exit " + std::to_string(r.exit_code) + ")");
    return r.out;
}

std::string cache_key(const FirmwareBuild& b) {
    uint64_t h = cimc::fnv1a64("cimx firmware cache 1");
    auto add = [&h](const std::string& s) {
        h = cimc::fnv1a64(std::to_string(s.size()) + ":", h);
        h = cimc::fnv1a64(s, h);
    };
    add(bytes_of(b.model));
    add(b.config.empty() ? std::string() : bytes_of(b.config));
    add(b.calibration_data.empty() ? std::string() : bytes_of(b.calibration_data));
    for (size_t i = 1; i < b.cimc_argv.size(); ++i) add(b.cimc_argv[i]); // argv[0]: in build id
    add(build_id(b));
    return cimvp::hex_digits(h, 16);
}

std::string manifest_for(const std::string& key, const std::string& elf) {
    return "key " + key + "\nelf_bytes " + std::to_string(elf.size()) + "\nelf_fnv1a64 " +
           cimvp::hex_digits(cimc::fnv1a64(elf), 16) + "\n";
}

// The entry's ELF if the entry is complete and intact, else "".
std::string valid_elf(const fs::path& entry, const std::string& key) {
    std::error_code ec;
    if (!fs::exists(entry / kManifest, ec) || !fs::exists(entry / "firmware.elf", ec)) return "";
    try {
        std::string elf = bytes_of(entry / "firmware.elf");
        return bytes_of(entry / kManifest) == manifest_for(key, elf) ? elf : "";
    } catch (const RunError&) {
        return "";
    }
}

void write_file(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    if (!out) throw RunError(p.string() + ": cannot write");
}

fs::path make_temp_dir(const fs::path& parent, const std::string& prefix) {
    std::string tmpl = (parent / (prefix + "XXXXXX")).string();
    if (!mkdtemp(tmpl.data()))
        throw RunError(parent.string() + ": cannot create a directory in the cache");
    return tmpl;
}

void compile_into(const FirmwareBuild& b, const fs::path& dir) {
    std::vector<std::string> argv = b.cimc_argv;
    argv.insert(argv.end(), {"-o", dir.string()});
    ToolResult r = run_tool(argv);
    if (r.exit_code != 0)
        throw RunError("cimc failed (exit " + std::to_string(r.exit_code) + ") on " + b.model);
}

// Leftovers of runs killed while building: temporary and replaced entries older than a day.
void remove_stale(const fs::path& cache) {
    std::error_code ec;
    const auto day_ago = fs::file_time_type::clock::now() - std::chrono::hours(24);
    for (const auto& e : fs::directory_iterator(cache, ec)) {
        const std::string name = e.path().filename().string();
        if ((name.rfind("tmp-", 0) == 0 || name.rfind("old-", 0) == 0) &&
            e.last_write_time(ec) < day_ago)
            fs::remove_all(e.path(), ec);
    }
}

// Makes `built` (complete, manifest written) the entry `entry`; an invalid entry in the way is
// moved aside first. Another run may publish the same key at the same time: whichever
// rename comes first wins and the other's directory is dropped.
void publish(const fs::path& built, const fs::path& entry, const std::string& key) {
    std::error_code ec;
    for (int attempt = 0; attempt < 8; ++attempt) {
        fs::rename(built, entry, ec);
        if (!ec) return;
        if (!valid_elf(entry, key).empty()) {
            fs::remove_all(built, ec);
            return;
        }
        const fs::path old = make_temp_dir(entry.parent_path(), "old-" + key + "-");
        fs::rename(entry, old, ec); // replaces the empty directory `old`
        fs::remove_all(old, ec);
    }
    fs::remove_all(built, ec);
    throw RunError(entry.string() + ": cannot update the cache entry");
}

} // namespace

std::string default_cache_dir() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg && *xdg) return (fs::path(xdg) / "cimx").string();
    const char* home = std::getenv("HOME");
    return (fs::path(home && *home ? home : "/tmp") / ".cache" / "cimx").string();
}

Firmware obtain_firmware(const FirmwareBuild& b, const CacheSettings& c, const std::string& work) {
    const fs::path elf_path = fs::path(work) / "firmware.elf";
    if (!c.enabled) {
        const fs::path dir = fs::path(work) / "build";
        if (!c.quiet) std::cerr << "cimx run: compiling " << b.model << " (no cache)\n";
        compile_into(b, dir);
        fs::copy_file(dir / "firmware.elf", elf_path);
        return {elf_path.string(), ""};
    }
    const fs::path cache = c.dir.empty() ? default_cache_dir() : c.dir;
    std::error_code ec;
    fs::create_directories(cache, ec);
    if (ec) throw RunError(cache.string() + ": cannot create the cache directory");
    const std::string key = cache_key(b);
    const fs::path entry = cache / key;
    std::string elf = valid_elf(entry, key);
    if (!elf.empty()) {
        if (!c.quiet) std::cerr << "cimx run: firmware from the cache: " << entry.string() << "\n";
    } else {
        remove_stale(cache);
        if (!c.quiet)
            std::cerr << "cimx run: compiling " << b.model << " into " << entry.string() << "\n";
        const fs::path tmp = make_temp_dir(cache, "tmp-" + key + "-");
        try {
            compile_into(b, tmp);
            elf = bytes_of(tmp / "firmware.elf");
            write_file(tmp / kManifest, manifest_for(key, elf));
        } catch (...) {
            fs::remove_all(tmp, ec);
            throw;
        }
        publish(tmp, entry, key);
    }
    write_file(elf_path, elf);
    return {elf_path.string(), (entry / "firmware.elf").string()};
}

} // namespace cimx
