#include "cimx/sweep/sweep_check.h"

#include "cimx/sweep/child_process.h"

#include <algorithm>
#include <sstream>
#include <vector>

namespace cimx {
namespace {

OptionList option_list(const std::vector<std::string>& argv) {
    const Captured r = run_captured(argv);
    if (r.exit_code != 0)
        throw SweepError("cannot list the options of " + argv[0] + " (exit " +
                         std::to_string(r.exit_code) + ")");
    try {
        return parse_option_list(r.output, argv[0] + " --list-options");
    } catch (const OptionListError& e) {
        throw SweepError(e.what());
    }
}

size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
            diag = up;
        }
    }
    return row[b.size()];
}

std::string unknown_key(const std::string& key, const ToolOptions& o) {
    std::string best;
    size_t best_d = 4; // suggest only near misses
    for (const auto* names : {&o.run, &o.vp, &o.cc})
        for (const auto& [n, takes_value] : *names)
            if (const size_t d = edit_distance(key, n);
                d < best_d && takes_value && !reserved_sweep_key(n))
                best = n, best_d = d;
    return "unknown key '" + key + "': not an option of cimx run, cimvp or cimc" +
           (best.empty() ? "" : " (did you mean " + best + "?)");
}

// The tool's one error line without its "tool: error: " prefix.
std::string tool_message(const Captured& r, const std::string& tool) {
    std::istringstream in(r.output);
    std::string msg;
    for (std::string line; std::getline(in, line);)
        if (line.find("error:") != std::string::npos) {
            msg = line;
            break;
        }
    const size_t p = msg.find("error: ");
    if (p != std::string::npos) msg = msg.substr(p + 7);
    if (msg.empty()) msg = "rejected (exit " + std::to_string(r.exit_code) + ")";
    return tool + ": " + msg;
}

class Checker {
  public:
    Checker(const SweepSpec& s, const SweepTools& t, const ToolOptions& o)
        : spec_(s), tools_(t), opts_(o) {}

    void run() {
        for (const SweepOption& e : spec_.set) known(e.key, e.line);
        for (const SweepAxis& a : spec_.axes) known(a.key, a.line);
        check_set();
        for (const SweepAxis& a : spec_.axes)
            for (const std::string& v : a.values) check_value(a.key, v, a.line);
    }

  private:
    void known(const std::string& key, int line) const {
        bool found = false, takes_value = false;
        for (const OptionList* names : {&opts_.run, &opts_.vp, &opts_.cc})
            if (const auto it = names->find(key); it != names->end())
                found = true, takes_value |= it->second;
        if (!found) throw SweepError(where(spec_, line) + ": " + unknown_key(key, opts_));
        if (!takes_value)
            throw SweepError(where(spec_, line) + ": '" + key +
                             "' is a switch without a value: a sweep file cannot set it");
    }

    // The [set] options a tool knows, as --key=value tokens, up to entry `upto`.
    std::vector<std::string> set_tokens(const OptionList& names, size_t upto) const {
        std::vector<std::string> v;
        for (size_t i = 0; i < upto && i < spec_.set.size(); ++i)
            if (names.count(spec_.set[i].key))
                v.push_back("--" + spec_.set[i].key + "=" + spec_.set[i].value);
        return v;
    }

    struct Tool {
        const char* name;
        const std::string* path;
        const OptionList* names;
    };
    std::vector<Tool> checking_tools() const {
        return {{"cimvp", &tools_.cimvp, &opts_.vp}, {"cimc", &tools_.cimc, &opts_.cc}};
    }

    Captured check(const Tool& t, std::vector<std::string> tokens) const {
        tokens.insert(tokens.begin(), {*t.path, "--check-options"});
        return run_captured(tokens);
    }

    // All of [set] at once; on failure, the first entry whose prefix fails is the culprit.
    void check_set() const {
        for (const Tool& t : checking_tools()) {
            if (check(t, set_tokens(*t.names, spec_.set.size())).exit_code == 0) continue;
            for (size_t i = 0; i < spec_.set.size(); ++i) {
                if (!t.names->count(spec_.set[i].key)) continue;
                const Captured r = check(t, set_tokens(*t.names, i + 1));
                if (r.exit_code != 0)
                    throw SweepError(where(spec_, spec_.set[i].line) + ": " + spec_.set[i].key +
                                     " = " + spec_.set[i].value + ": " + tool_message(r, t.name));
            }
        }
    }

    void check_value(const std::string& key, const std::string& value, int line) const {
        for (const Tool& t : checking_tools()) {
            if (!t.names->count(key)) continue;
            std::vector<std::string> tokens = set_tokens(*t.names, spec_.set.size());
            tokens.push_back("--" + key + "=" + value);
            const Captured r = check(t, tokens);
            if (r.exit_code != 0)
                throw SweepError(where(spec_, line) + ": " + key + " = " + value + ": " +
                                 tool_message(r, t.name));
        }
    }

    const SweepSpec& spec_;
    const SweepTools& tools_;
    const ToolOptions& opts_;
};

} // namespace

ToolOptions list_tool_options(const SweepTools& tools) {
    ToolOptions o;
    o.run = option_list({tools.cimx, "run", "--list-options"});
    o.vp = option_list({tools.cimvp, "--list-options"});
    o.cc = option_list({tools.cimc, "--list-options"});
    return o;
}

void check_sweep_options(const SweepSpec& spec, const SweepTools& tools) {
    const ToolOptions opts = list_tool_options(tools);
    Checker(spec, tools, opts).run();
}

} // namespace cimx
