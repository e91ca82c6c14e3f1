#include "platform/insn_trace.h"
#include "platform/iss/rv32_disasm.h"

#include <algorithm>
#include <cinttypes>

namespace cimvp {

InsnTrace::InsnTrace(FILE* out, const FunctionMap& functions, TracePoint start, TracePoint stop)
    : out_(out), functions_(functions), start_(start), stop_(stop) {
    std::fprintf(out_, "# %10s  %-8s  %-8s  %-36s %s\n", "cycle", "pc", "encoding", "instruction",
                 "effects (register written, load/store [address]=value)");
}

namespace {
bool reached(const TracePoint& p, const iss::ExecutedInsn& i) {
    const uint64_t retired_before = i.instret - (i.retired ? 1 : 0);
    switch (p.kind) {
    case TracePoint::Kind::count: return retired_before >= p.count;
    case TracePoint::Kind::address: return i.pc == p.address;
    default: return false;
    }
}
} // namespace

void InsnTrace::executed(const iss::ExecutedInsn& i) {
    if (done_) return;
    if (!started_) {
        started_ = start_.kind == TracePoint::Kind::none || reached(start_, i);
        if (!started_) return;
    }
    if (reached(stop_, i)) {
        done_ = true;
        std::fflush(out_);
        return;
    }
    if (i.retired) write(i);
}

void InsnTrace::write(const iss::ExecutedInsn& i) {
    const size_t f = functions_.find(i.pc);
    if (f != function_) {
        function_ = f;
        std::fprintf(out_, "# %s\n",
                     f == FunctionMap::npos ? "(outside every function)"
                                            : functions_.function(f).name.c_str());
    }
    char encoding[12];
    if (i.len == 2)
        std::snprintf(encoding, sizeof encoding, "    %04x", i.raw & 0xffff);
    else
        std::snprintf(encoding, sizeof encoding, "%08x", i.raw);
    // "add\ta0,a0,a1" -> "add     a0,a0,a1"
    std::string text = iss::disassemble(i.pc, i.raw);
    const size_t tab = text.find('\t');
    if (tab != std::string::npos) text.replace(tab, 1, std::string(tab < 8 ? 8 - tab : 1, ' '));
    char effects[96] = "";
    int n = 0;
    if (i.rd)
        n = std::snprintf(effects, sizeof effects, "%s=0x%08x", iss::reg_name(i.rd), i.rd_value);
    if (i.mem_size) {
        const int digits = 2 * i.mem_size;
        std::snprintf(effects + n, sizeof effects - n, "%s%s%u [0x%08x]=0x%0*x", n ? "  " : "",
                      i.mem_store ? "store" : "load", 8u * i.mem_size, i.mem_addr, digits,
                      i.mem_value);
    }
    char line[192];
    int len = std::snprintf(line, sizeof line, "%12" PRIu64 "  %08x  %s  %-36s %s", i.cycle, i.pc,
                            encoding, text.c_str(), effects);
    len = std::min<int>(len, sizeof line - 1);
    while (len > 0 && line[len - 1] == ' ') --len; // no trailing blanks without effects
    std::fprintf(out_, "%.*s\n", len, line);
    ++lines_;
}

} // namespace cimvp
