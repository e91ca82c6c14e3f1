#include "ip/xbar/mapping.h"

#include <cctype>

namespace xbar {
namespace {

// Indicator helpers keep the table below readable: [x = v].
constexpr bool is(int a, int b) { return a == b; }

// Differential weight pair on two columns: slot 0 is LRS for w = +1, slot 1 for w = -1; w = 0
// leaves both in HRS.
constexpr bool diff_pair(int w, int, int s) { return s == 0 ? is(w, 1) : is(w, -1); }
// Differential input on two rows and cross-coupled weight pair (BNN VI, TNN I): the cell at
// (row slot t, column slot s) holds [w = +1] when t == s and [w = -1] otherwise.
constexpr bool cross_pair(int w, int t, int s) { return t == s ? is(w, 1) : is(w, -1); }
// Differential input on two rows: slot 0 is driven for x = +1, slot 1 for x = -1.
constexpr bool two_rows(int x, int t, int) { return t == 0 ? is(x, 1) : is(x, -1); }
// One row per input, phase 0 drives x = +1, phase 1 drives x = -1 (input split in time).
constexpr bool pos_neg_phases(int x, int, int p) { return p == 0 ? is(x, 1) : is(x, -1); }

constexpr Conversion c(int phase, int pos, int neg, int coef) { return {phase, pos, neg, coef}; }
constexpr Conversion none{0, 0, -1, 0};
using K = AdcRangeKind;

// clang-format off
const std::array<MappingSpec, kMappingCount> kSpecs = {{
    // BNN I: g+ = [w=+1], g- = [w=-1]; v = (x+1)/2; y = 2 K(+ - -) - Sw
    {Mapping::BNN_I, "BNN_I", false, 1, 2, 1, K::symmetric, 1,
     {c(0, 0, 1, 2), none, none, none}, -1, 0, 0,
     diff_pair, [](int x, int, int) { return is(x, 1); }},
    // BNN II: as I; v = (1-x)/2; y = 2 K(- - +) + Sw
    {Mapping::BNN_II, "BNN_II", false, 1, 2, 1, K::symmetric, 1,
     {c(0, 1, 0, 2), none, none, none}, 1, 0, 0,
     diff_pair, [](int x, int, int) { return is(x, -1); }},
    // BNN III: g = (w+1)/2; phases v+ = [x=+1], v- = [x=-1]; y = 2 K(v+) - 2 K(v-) - Sx
    {Mapping::BNN_III, "BNN_III", false, 1, 1, 2, K::positive, 2,
     {c(0, 0, -1, 2), c(1, 0, -1, -2), none, none}, 0, -1, 0,
     [](int w, int, int) { return is(w, 1); }, pos_neg_phases},
    // BNN IV: g = (1-w)/2; as III; y = 2 K(v-) - 2 K(v+) + Sx
    {Mapping::BNN_IV, "BNN_IV", false, 1, 1, 2, K::positive, 2,
     {c(0, 0, -1, -2), c(1, 0, -1, 2), none, none}, 0, 1, 0,
     [](int w, int, int) { return is(w, -1); }, pos_neg_phases},
    // BNN V: XNOR on one column, rows v+ / v- hold [w=+1] / [w=-1]; y = 2k - n
    {Mapping::BNN_V, "BNN_V", false, 2, 1, 1, K::positive, 1,
     {c(0, 0, -1, 2), none, none, none}, 0, 0, -1,
     [](int w, int t, int) { return t == 0 ? is(w, 1) : is(w, -1); }, two_rows},
    // BNN VI: differential input (2 rows) and differential weight (2 columns); y = K(+ - -)
    {Mapping::BNN_VI, "BNN_VI", false, 2, 2, 1, K::symmetric, 1,
     {c(0, 0, 1, 1), none, none, none}, 0, 0, 0, cross_pair, two_rows},
    // TNN I: as BNN VI; w = 0 -> both HRS, x = 0 -> no row driven
    {Mapping::TNN_I, "TNN_I", true, 2, 2, 1, K::symmetric, 1,
     {c(0, 0, 1, 1), none, none, none}, 0, 0, 0, cross_pair, two_rows},
    // TNN II: differential pair; x as 2-bit two's complement, b0 = [x!=0], b1 = [x=-1];
    // y = y(b0) - 2 y(b1)
    {Mapping::TNN_II, "TNN_II", true, 1, 2, 2, K::symmetric, 2,
     {c(0, 0, 1, 1), c(1, 0, 1, -2), none, none}, 0, 0, 0,
     diff_pair, [](int x, int, int p) { return p == 0 ? x != 0 : is(x, -1); }},
    // TNN III: differential pair; x+1 as 2-bit unsigned, b0 = [x=0], b1 = [x=+1];
    // y = y(b0) + 2 y(b1) - Sw
    {Mapping::TNN_III, "TNN_III", true, 1, 2, 2, K::symmetric, 2,
     {c(0, 0, 1, 1), c(1, 0, 1, 2), none, none}, -1, 0, 0,
     diff_pair, [](int x, int, int p) { return p == 0 ? is(x, 0) : is(x, 1); }},
    // TNN IV: w as 2-bit two's complement, LSB column [w!=0], MSB column [w=-1]; input split
    // in time (x=+1 / x=-1); y = y(LSB) - 2 y(MSB)
    {Mapping::TNN_IV, "TNN_IV", true, 1, 2, 2, K::positive, 4,
     {c(0, 0, -1, 1), c(1, 0, -1, -1), c(0, 1, -1, -2), c(1, 1, -1, 2)}, 0, 0, 0,
     [](int w, int, int s) { return s == 0 ? w != 0 : is(w, -1); }, pos_neg_phases},
    // TNN V: w+1 as 2-bit unsigned, LSB column [w=0], MSB column [w=+1];
    // y = y(LSB) + 2 y(MSB) - Sx
    {Mapping::TNN_V, "TNN_V", true, 1, 2, 2, K::positive, 4,
     {c(0, 0, -1, 1), c(1, 0, -1, -1), c(0, 1, -1, 2), c(1, 1, -1, -2)}, 0, -1, 0,
     [](int w, int, int s) { return s == 0 ? is(w, 0) : is(w, 1); }, pos_neg_phases},
}};
// clang-format on

std::string canonical(std::string_view s) {
    std::string out;
    for (char ch : s)
        out += ch == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return out;
}

} // namespace

const MappingSpec& spec(Mapping m) { return kSpecs[static_cast<int>(m)]; }

const char* to_string(Mapping m) { return spec(m).name; }

std::optional<Mapping> parse_mapping(std::string_view s) {
    const std::string name = canonical(s);
    for (const MappingSpec& sp : kSpecs)
        if (name == sp.name) return sp.id;
    return std::nullopt;
}

std::string mapping_names() {
    std::string out;
    for (const MappingSpec& sp : kSpecs) out += (out.empty() ? "" : ", ") + std::string(sp.name);
    return out;
}

} // namespace xbar
