#include "platform/insn_profile.h"

#include <algorithm>
#include <cinttypes>

namespace cimvp {

InsnProfile::InsnProfile(const FunctionMap& functions)
    : functions_(functions), counts_(functions.size() + 1), last_(functions.size()) {
    for (size_t i = 0; i < functions.size(); ++i) {
        counts_[i].name = functions.function(i).name;
        counts_[i].address = functions.function(i).address;
        counts_[i].size = functions.function(i).size;
    }
    counts_.back().name = "(outside every function)";
}

// Cycles between the end of one instruction and the start of the next are the sleep the
// platform charged after a wfi (iss::Core::add_idle_cycles): nothing else passes time.
void InsnProfile::executed(const iss::ExecutedInsn& i) {
    if (i.cycle > next_cycle_) counts_[last_].asleep += i.cycle - next_cycle_;
    const size_t f = functions_.find(i.pc);
    last_ = f == FunctionMap::npos ? counts_.size() - 1 : f;
    Row& r = counts_[last_];
    r.cycles += i.cycles;
    r.instructions += i.retired;
    next_cycle_ = i.cycle + i.cycles;
}

void InsnProfile::finish(uint64_t end_cycles) {
    if (end_cycles > next_cycle_) counts_[last_].asleep += end_cycles - next_cycle_;
    next_cycle_ = end_cycles;
}

std::vector<InsnProfile::Row> InsnProfile::rows() const {
    std::vector<Row> out;
    for (const Row& r : counts_)
        if (r.instructions || r.total()) out.push_back(r);
    std::sort(out.begin(), out.end(), [](const Row& a, const Row& b) {
        if (a.total() != b.total()) return a.total() > b.total();
        if (a.instructions != b.instructions) return a.instructions > b.instructions;
        return a.name < b.name;
    });
    return out;
}

InsnProfile::Row InsnProfile::totals() const {
    Row t;
    t.name = "total";
    for (const Row& r : counts_)
        t.instructions += r.instructions, t.cycles += r.cycles, t.asleep += r.asleep;
    return t;
}

void InsnProfile::print_table(FILE* out, size_t max_rows) const {
    const std::vector<Row> rows = this->rows();
    const Row t = totals();
    const double all = t.total() ? double(t.total()) : 1.0;
    std::fprintf(out, "cimvp: profile (cycles = executing + asleep in wfi):\n");
    std::fprintf(out, "  %6s %14s %14s %14s %14s  %s\n", "share", "cycles", "executing", "asleep",
                 "instructions", "function");
    auto line = [&](const Row& r) {
        std::fprintf(out, "  %5.1f%% %14" PRIu64 " %14" PRIu64 " %14" PRIu64 " %14" PRIu64 "  %s\n",
                     100.0 * double(r.total()) / all, r.total(), r.cycles, r.asleep, r.instructions,
                     r.name.c_str());
    };
    Row rest;
    size_t rest_count = 0;
    for (size_t k = 0; k < rows.size(); ++k) {
        if (k < max_rows) {
            line(rows[k]);
            continue;
        }
        rest.instructions += rows[k].instructions, rest.cycles += rows[k].cycles;
        rest.asleep += rows[k].asleep, ++rest_count;
    }
    if (rest_count) {
        rest.name = "(" + std::to_string(rest_count) + " more functions)";
        line(rest);
    }
    line(t);
}

bool InsnProfile::write_csv(FILE* out) const {
    std::fprintf(out, "function,address,size,instructions,cycles,executing_cycles,asleep_cycles\n");
    auto line = [&](const Row& r, bool has_address) {
        std::fprintf(out, "%s,", r.name.c_str());
        if (has_address)
            std::fprintf(out, "0x%08x,%u,", r.address, r.size);
        else
            std::fprintf(out, ",,");
        std::fprintf(out, "%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n", r.instructions,
                     r.total(), r.cycles, r.asleep);
    };
    for (const Row& r : rows()) line(r, r.name != counts_.back().name);
    line(totals(), false);
    return std::fflush(out) == 0 && !std::ferror(out);
}

} // namespace cimvp
