// Reader of the integer matrix text files cimxbar takes (W.txt: one line per output; X.txt: one
// input vector per line). Numbers are decimal integers with an optional sign, separated by blanks
// (spaces, tabs) or commas; empty lines and lines starting with '#' are skipped. Errors name the
// file and the line: "W.txt:3: ...".
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace xbar {

class TextMatrixError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct IntMatrix {
    int rows = 0, cols = 0;
    std::vector<int32_t> values; // row-major
    std::vector<int> line;       // source line of each row, for later error messages
    int32_t at(int r, int c) const { return values[static_cast<size_t>(r) * cols + c]; }
};

// Parses `text`; `name` is the file name used in error messages. Throws TextMatrixError on a
// malformed number, a number outside int32, a ragged row or no data at all.
IntMatrix parse_int_matrix(std::string_view text, const std::string& name);

// Reads and parses a file; an unreadable file throws TextMatrixError too.
IntMatrix read_int_matrix(const std::string& path);

} // namespace xbar
