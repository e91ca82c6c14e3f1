// The layering rule of docs/architecture.md as code: which folder may include which. The rule
// table is parsed from the page itself, so the page and the check cannot disagree.
#pragma once

#include <string>
#include <vector>

namespace layering {

struct LayerRule {
    std::string folder;               // e.g. "platform/iss"
    std::vector<std::string> allowed; // folders (rows of the table) or single headers
    bool anything = false;            // "*": tests may include everything
};

// The rows between "<!-- layers" and "<!-- /layers -->" of a markdown page:
// | `folder` | `allowed`, `allowed`, ... |
std::vector<LayerRule> parse_layer_table(const std::string& markdown);

// Every C/C++ source and header under `root` (skipping hidden folders and CMake build folders)
// against the rules: one "path:line: what is wrong" per offending #include "...", and one line
// per source file that no row claims. Headers named in `generated` are not in the repository
// (made at build time) and are not checked.
std::vector<std::string> check_includes(const std::string& root,
                                        const std::vector<LayerRule>& rules,
                                        const std::vector<std::string>& generated);

} // namespace layering
