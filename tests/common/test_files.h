// Helpers for the model tests: a scratch directory, and IDX files written byte by byte
// (plain or gzip) so the reader is tested against files we fully control.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace modeltest {

// A fresh directory under the system temp dir, removed when the object goes away.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string path(const std::string& name) const { return dir_ + "/" + name; }

  private:
    std::string dir_;
};

// The bytes of an unsigned-byte IDX file with the given dimensions and values.
std::string idx_bytes(const std::vector<uint32_t>& dims, const std::vector<uint8_t>& values);
void write_file(const std::string& path, const std::string& bytes);
void write_gzip(const std::string& path, const std::string& bytes);
std::string read_file(const std::string& path);

} // namespace modeltest
