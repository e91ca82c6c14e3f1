#include "ip/xbar/text_matrix.h"

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace xbar {
namespace {

bool is_separator(char c) { return c == ' ' || c == '\t' || c == ',' || c == '\r'; }

[[noreturn]] void fail(const std::string& name, int line, const std::string& what) {
    throw TextMatrixError(name + ":" + std::to_string(line) + ": " + what);
}

// Shows a bad token as the user wrote it, cut to a readable length.
std::string quoted(std::string_view tok) {
    std::string s(tok.substr(0, 40));
    for (char& c : s)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
    return "'" + s + (tok.size() > 40 ? "...'" : "'");
}

int32_t parse_number(std::string_view tok, const std::string& name, int line) {
    size_t i = (tok[0] == '+' || tok[0] == '-') ? 1 : 0;
    if (i == tok.size()) fail(name, line, "malformed number " + quoted(tok));
    for (size_t k = i; k < tok.size(); ++k)
        if (tok[k] < '0' || tok[k] > '9') fail(name, line, "malformed number " + quoted(tok));
    if (tok.size() - i > 11) fail(name, line, "number out of range " + quoted(tok));
    const long long v = std::strtoll(std::string(tok).c_str(), nullptr, 10);
    if (v < INT32_MIN || v > INT32_MAX) fail(name, line, "number out of range " + quoted(tok));
    return static_cast<int32_t>(v);
}

std::vector<int32_t> parse_line(std::string_view s, const std::string& name, int line) {
    std::vector<int32_t> row;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && is_separator(s[i])) ++i;
        const size_t start = i;
        while (i < s.size() && !is_separator(s[i])) ++i;
        if (i > start) row.push_back(parse_number(s.substr(start, i - start), name, line));
    }
    return row;
}

bool skipped(std::string_view s) {
    size_t i = 0;
    while (i < s.size() && is_separator(s[i])) ++i;
    return i == s.size() || s[i] == '#';
}

} // namespace

IntMatrix parse_int_matrix(std::string_view text, const std::string& name) {
    IntMatrix m;
    int line = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view s = text.substr(pos, end - pos);
        pos = end + 1;
        ++line;
        if (skipped(s)) continue;
        const std::vector<int32_t> row = parse_line(s, name, line);
        if (m.rows == 0) m.cols = static_cast<int>(row.size());
        if (static_cast<int>(row.size()) != m.cols)
            fail(name, line,
                 std::to_string(row.size()) + " values, expected " + std::to_string(m.cols) +
                     " (as on line " + std::to_string(m.line.front()) + ")");
        m.values.insert(m.values.end(), row.begin(), row.end());
        m.line.push_back(line);
        ++m.rows;
    }
    if (m.rows == 0) throw TextMatrixError(name + ": no data (empty file)");
    return m;
}

IntMatrix read_int_matrix(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw TextMatrixError(path + ": is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw TextMatrixError(path + ": cannot open file");
    std::ostringstream os;
    os << in.rdbuf();
    if (in.bad()) throw TextMatrixError(path + ": read error");
    return parse_int_matrix(os.str(), path);
}

} // namespace xbar
