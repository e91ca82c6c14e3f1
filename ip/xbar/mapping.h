// The eleven BNN/TNN crossbar mappings (names as in CIM-Explorer), described as data: how a weight
// becomes cell states, which word-lines an input drives in each phase, which column signals are
// converted, and how the converted values recombine into y = W x. The crossbar model evaluates
// any mapping from this description; docs/crossbar/mappings.md derives every entry.
//
// Physical layout of a tile (M outputs, N inputs) on the crossbar:
//   input i, row slot t   -> row    i * rows_per_input + t
//   output j, column slot s -> column j * cols_per_output + s
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace xbar {

enum class Mapping {
    BNN_I,
    BNN_II,
    BNN_III,
    BNN_IV,
    BNN_V,
    BNN_VI,
    TNN_I,
    TNN_II,
    TNN_III,
    TNN_IV,
    TNN_V
};
constexpr int kMappingCount = 11;
constexpr std::array<Mapping, kMappingCount> kAllMappings = {
    Mapping::BNN_I,   Mapping::BNN_II, Mapping::BNN_III, Mapping::BNN_IV,
    Mapping::BNN_V,   Mapping::BNN_VI, Mapping::TNN_I,   Mapping::TNN_II,
    Mapping::TNN_III, Mapping::TNN_IV, Mapping::TNN_V};

// Signed (differential) column signals need a range symmetric around 0; single-ended column
// currents are never negative.
enum class AdcRangeKind { symmetric, positive };

// One ADC conversion per output: the signal is the current of column slot `pos` (minus the current
// of slot `neg` for a differential pair; neg < 0 for single-ended) while the word-lines of `phase`
// are driven. The recombination adds coef * K, K being the number of LRS cells the signal counts.
struct Conversion {
    int phase;
    int pos;
    int neg;
    int coef;
};

struct MappingSpec {
    Mapping id;
    const char* name;
    bool ternary; // alphabet {-1, 0, +1}; otherwise {-1, +1}
    int rows_per_input;
    int cols_per_output;
    int phases;
    AdcRangeKind adc_range;
    int n_conversions;
    std::array<Conversion, 4> conversions;
    // Digital offsets of the recovery y = sum(coef * K) + k_sw * Sw + k_sx * Sx + k_n * n, with
    // Sw the sum of the output's weights, Sx the sum of the inputs, n the non-zero inputs.
    int k_sw, k_sx, k_n;
    // Cell state (true = LRS) encoding weight w at (row slot, column slot).
    bool (*cell)(int w, int row_slot, int col_slot);
    // Whether input x drives its word-line `row_slot` during `phase`.
    bool (*drive)(int x, int row_slot, int phase);
};

const MappingSpec& spec(Mapping m);
const char* to_string(Mapping m);
// Accepts the canonical names (BNN_I ... TNN_V), case-insensitive, '-' or '_' as separator.
std::optional<Mapping> parse_mapping(std::string_view s);
std::string mapping_names(); // "BNN_I, ..., TNN_V", for error messages and --help

inline bool in_alphabet(const MappingSpec& s, int v) {
    return v == 1 || v == -1 || (s.ternary && v == 0);
}
inline const char* alphabet_name(const MappingSpec& s) {
    return s.ternary ? "TNN alphabet {-1,0,+1}" : "BNN alphabet {-1,+1}";
}

// Largest tile (inputs x outputs) the mapping fits into a rows x cols crossbar.
inline int max_inputs(const MappingSpec& s, int rows) { return rows / s.rows_per_input; }
inline int max_outputs(const MappingSpec& s, int cols) { return cols / s.cols_per_output; }

} // namespace xbar
