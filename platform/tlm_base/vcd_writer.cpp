#include "platform/tlm_base/vcd_writer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

namespace cimvp {

namespace {

// VCD identifiers: short strings of the printable characters '!'..'~'.
std::string identifier(size_t n) {
    std::string id;
    do id += static_cast<char>('!' + n % 94), n /= 94;
    while (n);
    return id;
}

std::vector<std::string> split_scope(const std::string& scope) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t dot; (dot = scope.find('.', start)) != std::string::npos; start = dot + 1)
        parts.push_back(scope.substr(start, dot - start));
    parts.push_back(scope.substr(start));
    return parts;
}

} // namespace

VcdWriter::VcdWriter(const std::string& path) : path_(path) {
    file_ = std::fopen(path.c_str(), "w");
    if (!file_) throw VcdError("cannot write " + path + ": " + std::strerror(errno));
}

VcdWriter::~VcdWriter() {
    if (file_) std::fclose(file_);
}

VcdWriter::Signal VcdWriter::add(const std::string& scope, const std::string& name,
                                 unsigned width) {
    if (width == 0 || width > 64) throw VcdError("VCD signal " + name + ": width 1..64");
    vars_.push_back({scope, name, identifier(vars_.size()), width});
    return static_cast<Signal>(vars_.size() - 1);
}

void VcdWriter::set(Signal s, uint64_t time_ps, uint64_t value) {
    changes_.push_back({time_ps, ++seq_, s, value});
}

// An interval's end gets sequence 0, so it sorts before anything else recorded
// at the same time: a following interval that starts there wins.
void VcdWriter::interval(Signal s, uint64_t start_ps, uint64_t end_ps, uint64_t value) {
    if (end_ps <= start_ps) return;
    changes_.push_back({start_ps, ++seq_, s, value});
    changes_.push_back({end_ps, 0, s, 0});
}

void VcdWriter::write_header() {
    std::fprintf(file_, "$comment cimvp --vcd: docs/platform/waveforms-and-triggers.md $end\n"
                        "$timescale 1ps $end\n");
    // Scopes in order of first appearance, variables grouped under them.
    std::vector<std::string> scopes;
    for (const Var& v : vars_)
        if (std::find(scopes.begin(), scopes.end(), v.scope) == scopes.end())
            scopes.push_back(v.scope);
    std::vector<std::string> open;
    for (const std::string& scope : scopes) {
        const std::vector<std::string> parts = split_scope(scope);
        size_t common = 0;
        while (common < open.size() && common < parts.size() && open[common] == parts[common])
            ++common;
        for (size_t i = open.size(); i > common; --i) std::fprintf(file_, "$upscope $end\n");
        open.resize(common);
        for (size_t i = common; i < parts.size(); ++i) {
            std::fprintf(file_, "$scope module %s $end\n", parts[i].c_str());
            open.push_back(parts[i]);
        }
        for (const Var& v : vars_)
            if (v.scope == scope)
                std::fprintf(file_, "$var wire %u %s %s $end\n", v.width, v.id.c_str(),
                             v.name.c_str());
    }
    for (size_t i = open.size(); i > 0; --i) std::fprintf(file_, "$upscope $end\n");
    std::fprintf(file_, "$enddefinitions $end\n#0\n$dumpvars\n");
    for (const Var& v : vars_) write_value(v, 0);
    std::fprintf(file_, "$end\n");
}

void VcdWriter::write_value(const Var& v, uint64_t value) {
    if (v.width == 1) {
        std::fprintf(file_, "%c%s\n", value ? '1' : '0', v.id.c_str());
        return;
    }
    char bits[65];
    unsigned n = 0;
    for (int b = 63; b >= 0; --b)
        if (n || (value >> b) & 1 || b == 0) bits[n++] = (value >> b) & 1 ? '1' : '0';
    bits[n] = 0;
    std::fprintf(file_, "b%s %s\n", bits, v.id.c_str());
}

// At each time, a signal's last change wins; unchanged values are not written.
void VcdWriter::finish(uint64_t end_ps) {
    if (!file_) return;
    std::sort(changes_.begin(), changes_.end(), [](const Change& a, const Change& b) {
        return a.time != b.time ? a.time < b.time : a.seq < b.seq;
    });
    write_header();
    std::vector<uint64_t> current(vars_.size(), 0);
    std::map<Signal, uint64_t> at_time; // the final value of each signal changed at this time
    uint64_t stamp = 0;                 // the last time written ("#0" is in the header)
    auto flush = [&](uint64_t time) {
        for (const auto& [signal, value] : at_time) {
            if (current[signal] == value) continue;
            if (time != stamp) std::fprintf(file_, "#%llu\n", (unsigned long long)time);
            stamp = time;
            current[signal] = value;
            write_value(vars_[signal], value);
        }
        at_time.clear();
    };
    uint64_t time = 0;
    for (const Change& c : changes_) {
        if (c.time > end_ps) break;
        if (c.time != time) flush(time), time = c.time;
        at_time[c.signal] = c.value;
    }
    flush(time);
    if (end_ps > stamp) std::fprintf(file_, "#%llu\n", static_cast<unsigned long long>(end_ps));
    const bool failed = std::ferror(file_) != 0;
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    changes_.clear();
    if (failed || !closed) throw VcdError("cannot write " + path_ + ": write error");
}

} // namespace cimvp
