// Files that are either complete or absent, whatever happens to the process (kill -9, power
// loss after the call returned): written to a temporary name beside the target, flushed to the
// disk (fsync), renamed over the target (atomic in POSIX), and the directory entry flushed.
#pragma once

#include <string>

namespace cimx {

// Throws std::runtime_error naming the path on failure. durable = false skips the fsyncs,
// for files that can be rebuilt from durable ones.
void write_file_atomically(const std::string& path, const std::string& content,
                           bool durable = true);

std::string read_whole_file(const std::string& path); // throws std::runtime_error

} // namespace cimx
