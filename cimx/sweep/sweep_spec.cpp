#include "cimx/sweep/sweep_spec.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace cimx {
namespace {

// Boost.Program_options' config parser trims these (detail::trim_ws).
std::string trim(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::vector<std::string> split_ws(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> v;
    for (std::string w; in >> w;) v.push_back(w);
    return v;
}

class Parser {
  public:
    Parser(SweepSpec& s) : s_(s) {}

    void line(const std::string& raw, int n) {
        std::string text = raw.substr(0, raw.find('#'));
        text = trim(text);
        if (text.empty()) return;
        if (text.front() == '[' && text.back() == ']') return section(text, n);
        const size_t eq = text.find('=');
        if (eq == std::string::npos)
            fail(n, "'" + text + "' is neither 'key = value' nor a [section]");
        const std::string key = trim(text.substr(0, eq)), value = trim(text.substr(eq + 1));
        if (key.empty()) fail(n, "no key before '='");
        remember(key, n);
        if (section_.empty()) return top_level(key, value, n);
        if (reserved_sweep_key(key))
            fail(n, "'" + key + "' cannot be set per point" +
                        (key == "images" || key == "seed" || key == "model"
                             ? " (it is a top-level key of the sweep file, before [set])"
                             : ""));
        if (value.empty())
            fail(n,
                 section_ == "axes" ? "axis " + key + " is empty (no values)" : key + ": no value");
        if (section_ == "set") return s_.set.push_back({key, value, n});
        axis(key, value, n);
    }

    void finish() {
        if (!seen_.count("model")) fail(0, "no 'model = FILE.onnx' line (a top-level key)");
    }

  private:
    [[noreturn]] void fail(int n, const std::string& what) {
        throw SweepError(where(s_, n) + ": " + what);
    }

    void section(const std::string& text, int n) {
        section_ = text.substr(1, text.size() - 2);
        if (section_ != "set" && section_ != "axes")
            fail(n, "unknown section [" + section_ + "] (a sweep file has [set] and [axes])");
        if (!sections_.insert(section_).second) fail(n, "section [" + section_ + "] appears twice");
    }

    void remember(const std::string& key, int n) {
        // [set] and [axes] share one name space: a key is fixed or swept, not both.
        const std::string scope = section_.empty() ? "" : "option ";
        auto [it, fresh] = seen_.emplace(scope + key, n);
        if (!fresh) fail(n, "'" + key + "' is already set on line " + std::to_string(it->second));
    }

    void top_level(const std::string& key, const std::string& value, int n) {
        if (key == "model") {
            if (value.empty()) fail(n, "model: no file given");
            std::error_code ec;
            if (!std::filesystem::is_regular_file(value, ec))
                fail(n, "model = " + value +
                            ": no such file (relative paths are taken from "
                            "the current directory)");
            s_.model = value;
        } else if (key == "images") {
            s_.images = integer(key, value, n, 0, 1000000000);
        } else if (key == "chips") {
            s_.chips = integer(key, value, n, 1, 1000000);
        } else if (key == "seed") {
            s_.seed = uint64_t(integer(key, value, n, 0, INT64_MAX / 2));
        } else {
            fail(n, "unknown top-level key '" + key +
                        "' (top-level keys: model, images, chips, seed; options go in [set] "
                        "or [axes])");
        }
    }

    int64_t integer(const std::string& key, const std::string& v, int n, int64_t lo, int64_t hi) {
        errno = 0;
        char* end = nullptr;
        const long long x = std::strtoll(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0' || errno == ERANGE)
            fail(n, key + " = " + v + ": not an integer");
        if (x < lo || x > hi)
            fail(n, key + " = " + v + ": must be in [" + std::to_string(lo) + ", " +
                        std::to_string(hi) + "]");
        return x;
    }

    void axis(const std::string& key, const std::string& value, int n) {
        SweepAxis a{key, split_ws(value), n};
        for (size_t i = 0; i < a.values.size(); ++i)
            for (size_t j = 0; j < i; ++j)
                if (a.values[i] == a.values[j])
                    fail(n, "axis " + key + ": value '" + a.values[i] + "' appears twice");
        s_.axes.push_back(a);
    }

    SweepSpec& s_;
    std::string section_;
    std::map<std::string, int> seen_;
    std::set<std::string> sections_;
};

} // namespace

int64_t SweepSpec::points() const {
    const int64_t cap = int64_t(1) << 40; // saturates: parse_sweep rejects far fewer
    int64_t p = 1;
    for (const SweepAxis& a : axes) p = std::min(cap, p * int64_t(a.values.size()));
    return p;
}

std::vector<std::string> SweepSpec::point_values(int64_t p) const {
    std::vector<std::string> v(axes.size());
    for (size_t i = axes.size(); i-- > 0;) {
        const int64_t n = int64_t(axes[i].values.size());
        v[i] = axes[i].values[size_t(p % n)];
        p /= n;
    }
    return v;
}

std::vector<std::string> SweepSpec::point_options(int64_t p) const {
    std::vector<std::string> o;
    for (const SweepOption& s : set) o.push_back("--" + s.key + "=" + s.value);
    const std::vector<std::string> v = point_values(p);
    for (size_t i = 0; i < axes.size(); ++i) o.push_back("--" + axes[i].key + "=" + v[i]);
    return o;
}

std::string SweepSpec::identity() const {
    nlohmann::ordered_json j = {
        {"model", model}, {"images", images}, {"chips", chips}, {"seed", seed}};
    j["set"] = nlohmann::ordered_json::array();
    for (const SweepOption& s : set) j["set"].push_back({s.key, s.value});
    j["axes"] = nlohmann::ordered_json::array();
    for (const SweepAxis& a : axes) j["axes"].push_back({a.key, a.values});
    return j.dump();
}

std::string where(const SweepSpec& s, int line) {
    return line > 0 ? s.file + ":" + std::to_string(line) : s.file;
}

bool reserved_sweep_key(const std::string& key) {
    static const char* const reserved[] = {
        "model", "images", "seed", "json",         "quiet",         "q",
        "help",  "h",      "gdb",  "list-options", "check-options", "stats-json",
        "log",   "output", "o",    "reference",    "count",         "no-firmware"};
    for (const char* r : reserved)
        if (key == r) return true;
    return false;
}

SweepSpec parse_sweep(const std::string& text, const std::string& file_name) {
    SweepSpec s;
    s.file = file_name;
    Parser p(s);
    std::istringstream in(text);
    int n = 0;
    for (std::string line; std::getline(in, line);) p.line(line, ++n);
    p.finish();
    for (const SweepAxis& a : s.axes)
        if (a.values.empty()) throw SweepError(where(s, a.line) + ": axis " + a.key + " is empty");
    if (s.rows() > 10000000)
        throw SweepError(where(s, 0) + ": more than 10,000,000 runs (points x chips)");
    return s;
}

SweepSpec read_sweep_file(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw SweepError(path + ": is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw SweepError(path + ": cannot open the sweep file");
    std::stringstream text;
    text << in.rdbuf();
    return parse_sweep(text.str(), path);
}

} // namespace cimx
