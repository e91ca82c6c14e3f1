#include "tests/layering/include_rules.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;

namespace layering {

namespace {

std::vector<std::string> backticked(const std::string& cell) {
    std::vector<std::string> out;
    static const std::regex tick("`([^`]+)`");
    for (auto it = std::sregex_iterator(cell.begin(), cell.end(), tick);
         it != std::sregex_iterator(); ++it)
        out.push_back((*it)[1]);
    return out;
}

bool under(const std::string& path, const std::string& folder) {
    return path == folder ||
           (path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
            path[folder.size()] == '/');
}

// The row that claims `path`: the longest folder containing it.
const LayerRule* owner(const std::string& path, const std::vector<LayerRule>& rules) {
    const LayerRule* best = nullptr;
    for (const LayerRule& r : rules)
        if (under(path, r.folder) && (!best || r.folder.size() > best->folder.size())) best = &r;
    return best;
}

bool may_include(const LayerRule& from, const std::string& header, const LayerRule& to) {
    if (from.anything || &from == &to) return true;
    for (const std::string& a : from.allowed)
        if (a == header || a == to.folder) return true;
    return false;
}

bool is_source(const fs::path& p) {
    const std::string e = p.extension().string();
    return e == ".c" || e == ".h" || e == ".cpp" || e == ".S";
}

bool skipped_folder(const fs::path& dir) {
    const std::string name = dir.filename().string();
    return (!name.empty() && name[0] == '.') || fs::exists(dir / "CMakeCache.txt");
}

void check_file(const std::string& root, const std::string& rel, const LayerRule& from,
                const std::vector<LayerRule>& rules, const std::vector<std::string>& generated,
                std::vector<std::string>& out) {
    static const std::regex include_line(R"(^\s*#\s*include\s*"([^"]+)\")");
    std::ifstream in(root + "/" + rel);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        std::smatch m;
        if (!std::regex_search(line, m, include_line)) continue;
        const std::string header = m[1];
        const std::string where = rel + ":" + std::to_string(n) + ": #include \"" + header + "\"";
        if (std::find(generated.begin(), generated.end(), header) != generated.end()) continue;
        if (under(header, "sw/include")) {
            out.push_back(where + ": the firmware SDK is included as <" + header.substr(11) + ">");
            continue;
        }
        if (!fs::is_regular_file(root + "/" + header)) {
            out.push_back(where + ": not a path from the repository root");
            continue;
        }
        const LayerRule* to = owner(header, rules);
        if (!to)
            out.push_back(where + ": the header's folder is not in the layer table");
        else if (!may_include(from, header, *to))
            out.push_back(where + ": " + from.folder + " may not include " + to->folder);
    }
}

} // namespace

std::vector<LayerRule> parse_layer_table(const std::string& markdown) {
    std::vector<LayerRule> rules;
    const auto begin = markdown.find("<!-- layers");
    const auto end = markdown.find("<!-- /layers -->");
    if (begin == std::string::npos || end == std::string::npos || end < begin) return rules;
    std::istringstream table(markdown.substr(begin, end - begin));
    std::string line;
    while (std::getline(table, line)) {
        if (line.rfind("| `", 0) != 0) continue;
        const auto bar = line.find('|', 1);
        const std::vector<std::string> folder = backticked(line.substr(0, bar));
        if (folder.size() != 1 || bar == std::string::npos) continue;
        LayerRule r;
        r.folder = folder[0];
        for (const std::string& a : backticked(line.substr(bar))) {
            if (a == "*")
                r.anything = true;
            else
                r.allowed.push_back(a);
        }
        rules.push_back(r);
    }
    return rules;
}

std::vector<std::string> check_includes(const std::string& root,
                                        const std::vector<LayerRule>& rules,
                                        const std::vector<std::string>& generated) {
    std::vector<std::string> out;
    std::vector<std::string> files;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
         ++it) {
        if (it->is_directory() && skipped_folder(it->path())) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() && is_source(it->path()))
            files.push_back(fs::relative(it->path(), root).generic_string());
    }
    std::sort(files.begin(), files.end());
    for (const std::string& rel : files) {
        const LayerRule* from = owner(rel, rules);
        if (!from)
            out.push_back(rel + ": no row of the layer table claims this file");
        else
            check_file(root, rel, *from, rules, generated, out);
    }
    return out;
}

} // namespace layering
