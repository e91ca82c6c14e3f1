#include "platform/soc/insn_tools.h"
#include "platform/soc/value_parse.h"

#include <cctype>
#include <cerrno>
#include <cstring>

namespace cimvp {

namespace {

// A count (digits) or a symbol of the ELF.
TracePoint trace_point(const std::string& option, const std::string& value, const ElfImage& image,
                       const std::string& elf) {
    TracePoint p;
    if (value.empty()) return p;
    if (std::isdigit(static_cast<unsigned char>(value[0]))) {
        p.kind = TracePoint::Kind::count;
        p.count = parse_u64(option, value);
        return p;
    }
    auto it = image.symbols.find(value);
    if (it == image.symbols.end())
        throw UsageError("--" + option + ": symbol '" + value + "' is not in " + elf +
                         "'s symbol table");
    p.kind = TracePoint::Kind::address;
    p.address = it->second;
    return p;
}

FILE* open_output(const std::string& option, const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "w");
    if (!f)
        throw UsageError("--" + option + " " + path +
                         ": cannot open for writing: " + std::strerror(errno));
    return f;
}

} // namespace

InsnTools::InsnTools(const PlatformConfig& cfg, const ElfImage& image, iss::Core& core)
    : core_(core), functions_(image.functions), trace_path_(cfg.trace_file),
      profile_path_(cfg.profile_file) {
    if (!cfg.trace_file.empty()) {
        const TracePoint start = trace_point("trace-start", cfg.trace_start, image, cfg.firmware);
        const TracePoint stop = trace_point("trace-stop", cfg.trace_stop, image, cfg.firmware);
        if (start.kind == TracePoint::Kind::count && stop.kind == TracePoint::Kind::count &&
            start.count >= stop.count)
            throw UsageError("--trace-start " + cfg.trace_start + " is not before --trace-stop " +
                             cfg.trace_stop + ": the trace would be empty");
        if (start.kind == TracePoint::Kind::address && stop.kind == TracePoint::Kind::address &&
            start.address == stop.address)
            throw UsageError("--trace-start " + cfg.trace_start + " and --trace-stop " +
                             cfg.trace_stop + " are the same address: the trace would be empty");
        trace_file_ = open_output("trace", cfg.trace_file);
        trace_ = std::make_unique<InsnTrace>(trace_file_, functions_, start, stop);
    }
    if (!cfg.profile_file.empty()) {
        try {
            profile_file_ = open_output("profile", cfg.profile_file);
        } catch (...) {
            if (trace_file_) std::fclose(trace_file_);
            throw;
        }
        profile_ = std::make_unique<InsnProfile>(functions_);
    }
    if (trace_ || profile_) core_.set_observer(this);
}

InsnTools::~InsnTools() {
    core_.set_observer(nullptr);
    if (trace_file_) std::fclose(trace_file_);
    if (profile_file_) std::fclose(profile_file_);
}

void InsnTools::executed(const iss::ExecutedInsn& insn) {
    if (trace_) {
        trace_->executed(insn);
        if (trace_->done() && !profile_) core_.set_observer(nullptr); // full speed again
    }
    if (profile_) profile_->executed(insn);
}

std::string InsnTools::finish(uint64_t end_cycles, FILE* log) {
    std::string error;
    if (trace_file_ && (std::fflush(trace_file_) != 0 || std::ferror(trace_file_)))
        error = "--trace " + trace_path_ + ": write error";
    if (trace_ && trace_->lines() == 0)
        std::fprintf(log,
                     "cimvp: warning: --trace %s: no instruction in the window (the start point "
                     "was not reached before the stop point or the end of the run)\n",
                     trace_path_.c_str());
    if (profile_) {
        profile_->finish(end_cycles);
        profile_->print_table(log); // asked for, so even with --quiet (cimx run passes it)
        if (!profile_->write_csv(profile_file_) && error.empty())
            error = "--profile " + profile_path_ + ": write error";
    }
    return error;
}

} // namespace cimvp
