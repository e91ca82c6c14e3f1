#include "ip/xbar/xbar_options.h"

#include "util/number_parse.h"

#include <cerrno>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <sstream>
#include <vector>

namespace po = boost::program_options;

namespace xbar {
namespace {

// One option: its key (without the xbar. prefix), help text, and how to show and set its value.
struct Option {
    const char* key;
    const char* help;
    std::function<std::string(const XbarConfig&)> show;
    std::function<void(XbarConfig&, const std::string&)> set;
};

[[noreturn]] void bad(const char* key, const std::string& v, const std::string& what) {
    throw ConfigError("xbar." + std::string(key) + " = " + v + ": " + what);
}

std::string fmt(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

double parse_double(const char* key, const std::string& s) {
    const std::optional<double> v = cimvp::parse_real(s);
    if (!v) bad(key, s, "not a number");
    return *v;
}

long long parse_int(const char* key, const std::string& s) {
    const std::optional<int64_t> v = cimvp::parse_signed(s);
    if (!v) bad(key, s, "not an integer");
    return *v;
}

int parse_small_int(const char* key, const std::string& s) {
    const long long v = parse_int(key, s);
    if (v < -1000000000LL || v > 1000000000LL) bad(key, s, "out of range");
    return static_cast<int>(v);
}

template <typename E>
E parse_enum(const char* key, const std::string& s,
             std::initializer_list<std::pair<const char*, E>> names) {
    std::string expected;
    for (const auto& [name, value] : names) {
        if (s == name) return value;
        expected += (expected.empty() ? "" : "|") + std::string(name);
    }
    bad(key, s, "expected " + expected);
}

// Helpers building table rows from an accessor returning a reference to the field.
template <typename Ref> Option real(const char* key, const char* help, Ref ref) {
    return {key, help,
            [ref](const XbarConfig& c) {
                XbarConfig copy = c; // the accessor hands out a mutable reference
                return fmt(ref(copy));
            },
            [ref, key](XbarConfig& c, const std::string& s) { ref(c) = parse_double(key, s); }};
}
template <typename Ref> Option integer(const char* key, const char* help, Ref ref) {
    return {key, help,
            [ref](const XbarConfig& c) {
                XbarConfig copy = c;
                return std::to_string(ref(copy));
            },
            [ref, key](XbarConfig& c, const std::string& s) { ref(c) = parse_small_int(key, s); }};
}

template <typename Ref> Option switch_option(const char* key, const char* help, Ref ref) {
    return {key, help,
            [ref](const XbarConfig& c) {
                XbarConfig copy = c;
                return std::string(ref(copy) ? "on" : "off");
            },
            [ref, key](XbarConfig& c, const std::string& s) {
                ref(c) = parse_enum<bool>(key, s, {{"off", false}, {"on", true}});
            }};
}

#define FIELD(path)                                                                                \
    [](XbarConfig & c) -> auto& { return c.path; }

const std::vector<Option>& options() {
    static const std::vector<Option> table = {
        integer("rows", "word-lines (rows) of one crossbar", FIELD(rows)),
        integer("cols", "bit-lines (columns) of one crossbar", FIELD(cols)),
        integer("count", "crossbars in the accelerator (tiles resident at once)", FIELD(crossbars)),
        {"mapping", "BNN_I..BNN_VI, TNN_I..TNN_V (docs/crossbar/mappings.md)",
         [](const XbarConfig& c) { return std::string(to_string(c.mapping)); },
         [](XbarConfig& c, const std::string& s) {
             const auto m = parse_mapping(s);
             if (!m) bad("mapping", s, "expected one of " + mapping_names());
             c.mapping = *m;
         }},
        {"mode", "digital (exact integer decomposition) | analog (currents, noise, ADC)",
         [](const XbarConfig& c) { return std::string(to_string(c.mode)); },
         [](XbarConfig& c, const std::string& s) {
             c.mode = parse_enum<ComputeMode>(
                 "mode", s, {{"digital", ComputeMode::digital}, {"analog", ComputeMode::analog}});
         }},
        real("i_hrs", "HRS cell read current at v_read (uA)", FIELD(device.i_hrs)),
        real("i_lrs", "LRS cell read current at v_read (uA)", FIELD(device.i_lrs)),
        real("v_read", "read voltage (V)", FIELD(device.v_read)),
        real("sigma_hrs",
             "device-to-device variability of HRS cells, std. dev. (uA), fixed per cell",
             FIELD(device.sigma_hrs)),
        real("sigma_lrs",
             "device-to-device variability of LRS cells, std. dev. (uA), fixed per cell",
             FIELD(device.sigma_lrs)),
        real("sigma_prog_hrs",
             "programming variability of HRS cells, std. dev. (uA), drawn at every programming",
             FIELD(device.sigma_prog_hrs)),
        real("sigma_prog_lrs",
             "programming variability of LRS cells, std. dev. (uA), drawn at every programming",
             FIELD(device.sigma_prog_lrs)),
        {"variability",
         "cell variability: normal (on current) | lognormal (on resistance, recommended)",
         [](const XbarConfig& c) { return std::string(to_string(c.device.variability)); },
         [](XbarConfig& c, const std::string& s) {
             c.device.variability = parse_enum<Variability>(
                 "variability", s,
                 {{"normal", Variability::normal}, {"lognormal", Variability::lognormal}});
         }},
        real("sigma_read", "read noise, std. dev. relative to the cell current (0.02 = 2 %)",
             FIELD(device.sigma_read)),
        {"read_noise_model", "summed (one draw per column) | per_cell (one draw per cell)",
         [](const XbarConfig& c) { return std::string(to_string(c.device.read_noise_model)); },
         [](XbarConfig& c, const std::string& s) {
             c.device.read_noise_model = parse_enum<ReadNoiseModel>(
                 "read_noise_model", s,
                 {{"summed", ReadNoiseModel::summed}, {"per_cell", ReadNoiseModel::per_cell}});
         }},
        real("p_stuck_hrs", "probability of a cell stuck at HRS", FIELD(device.p_stuck_hrs)),
        real("p_stuck_lrs", "probability of a cell stuck at LRS", FIELD(device.p_stuck_lrs)),
        integer("adc_bits", "ADC resolution in bits, 2^bits codes (0 = ideal)", FIELD(adc.bits)),
        real("adc_alpha", "ADC clipping factor in (0, 1]: full scale = alpha * max signal",
             FIELD(adc.alpha)),
        real("adc_full_scale", "explicit ADC full scale (uA); 0 = alpha * max signal",
             FIELD(adc.full_scale)),
        {"adc_levels",
         "symmetric-range ADC: midtread (two's complement codes, a level at 0) | midrise (levels "
         "at +-FS, none at 0)",
         [](const XbarConfig& c) { return std::string(to_string(c.adc.levels)); },
         [](XbarConfig& c, const std::string& s) {
             c.adc.levels = parse_enum<AdcLevels>(
                 "adc_levels", s,
                 {{"midtread", AdcLevels::midtread}, {"midrise", AdcLevels::midrise}});
         }},
        integer("adcs", "ADCs per crossbar (columns share them; affects time only)",
                FIELD(adc.adcs)),
        // Second set of non-idealities (docs/crossbar/nonidealities.md), all off by default.
        {"ir_drop",
         "IR drop of the word-/bit-line wires: off | exact (nodal solve) | fast (per-row ladders)",
         [](const XbarConfig& c) { return std::string(to_string(c.ir_drop.solver)); },
         [](XbarConfig& c, const std::string& s) {
             c.ir_drop.solver = parse_enum<IrDropSolver>("ir_drop", s,
                                                         {{"off", IrDropSolver::off},
                                                          {"exact", IrDropSolver::exact},
                                                          {"fast", IrDropSolver::fast}});
         }},
        real("r_wire_ohm", "wire resistance per cell segment, word- and bit-lines (Ohm)",
             FIELD(ir_drop.r_wire_ohm)),
        real("r_wl_ohm", "word-line resistance per segment (Ohm); 0 = xbar.r_wire_ohm",
             FIELD(ir_drop.r_wl_ohm)),
        real("r_bl_ohm", "bit-line resistance per segment (Ohm); 0 = xbar.r_wire_ohm",
             FIELD(ir_drop.r_bl_ohm)),
        integer("ir_fast_sweeps", "Gauss-Seidel sweeps of the fast IR-drop solver",
                FIELD(ir_drop.fast_sweeps)),
        switch_option("read_disturb", "read disturb of LRS cells (Jiang et al. 2021): off | on",
                      FIELD(read_disturb.on)),
        real("rd_t0_s", "read disturb: transition-time prefactor t0 (s)", FIELD(read_disturb.t0_s)),
        real("rd_fit", "read disturb: fitting constant F", FIELD(read_disturb.fit)),
        real("rd_c1", "read disturb: prefactor c1 of the exponent p", FIELD(read_disturb.c1)),
        real("rd_a_ev", "read disturb: voltage acceleration a of p (eV/V)",
             FIELD(read_disturb.a_ev)),
        real("rd_k", "read disturb: cycling degradation k", FIELD(read_disturb.k)),
        real("rd_m", "read disturb: cycling exponent m", FIELD(read_disturb.m)),
        real("rd_temperature_k", "read disturb: temperature (K)",
             FIELD(read_disturb.temperature_k)),
        integer("rd_prior_cycles", "read disturb: SET/RESET cycles before the simulation",
                FIELD(read_disturb.prior_cycles)),
        real("rd_prior_reads", "read disturb: reads of every cell before the simulation",
             FIELD(read_disturb.prior_reads)),
        real("rd_threshold",
             "read disturb: reset value of RD_THRESHOLD, the read count at which the firmware "
             "refreshes a tile (0 = never)",
             FIELD(read_disturb.threshold)),
        switch_option("drift", "conductance drift G = G0 ((t + t0) / t0)^-nu: off | on",
                      FIELD(drift.on)),
        real("drift_nu_hrs", "drift exponent nu of HRS cells", FIELD(drift.nu_hrs)),
        real("drift_nu_lrs", "drift exponent nu of LRS cells", FIELD(drift.nu_lrs)),
        real("drift_nu_sigma", "cell-to-cell std. dev. of nu", FIELD(drift.nu_sigma)),
        real("drift_t0_s", "drift reference time t0 (s)", FIELD(drift.t0_s)),
        real("drift_time_s", "simulated delay between programming and the run (s)",
             FIELD(drift.time_s)),
        real("drift_update",
             "the device re-ages cells when (age + t0) has grown by this relative step",
             FIELD(drift.update)),
        real("adc_offset_lsb", "std. dev. of each ADC's fixed offset (LSB)",
             FIELD(adc_errors.offset_lsb)),
        real("adc_gain_sigma", "std. dev. of each ADC's fixed relative gain error",
             FIELD(adc_errors.gain_sigma)),
        real("adc_inl_lsb", "std. dev. of each ADC code transition, fixed per ADC (LSB; INL/DNL)",
             FIELD(adc_errors.inl_lsb)),
        real("adc_noise_lsb", "input-referred ADC noise, rms per conversion (LSB)",
             FIELD(adc_errors.noise_lsb)),
        real("t_dac_ns", "word-line driver settling per phase (ns)", FIELD(timing.t_dac_ns)),
        real("t_read_ns", "bit-line integration per phase (ns)", FIELD(timing.t_read_ns)),
        real("t_adc_bit_ns", "SAR ADC time per bit (ns)", FIELD(timing.t_adc_bit_ns)),
        real("e_wl_pj", "energy per driven word-line per phase (pJ)", FIELD(timing.e_wl_pj)),
        real("e_adc_step_fj", "ADC Walden figure of merit (fJ per conversion step)",
             FIELD(timing.e_adc_step_fj)),
        real("e_digital_pj", "shift-and-add energy per converted value (pJ)",
             FIELD(timing.e_digital_pj)),
        {"program_granularity", "row (row-parallel write-verify) | cell (one cell at a time)",
         [](const XbarConfig& c) { return std::string(to_string(c.timing.program_granularity)); },
         [](XbarConfig& c, const std::string& s) {
             c.timing.program_granularity = parse_enum<ProgramGranularity>(
                 "program_granularity", s,
                 {{"row", ProgramGranularity::row}, {"cell", ProgramGranularity::cell}});
         }},
        real("t_write_ns", "SET/RESET pulse width (ns)", FIELD(timing.t_write_ns)),
        real("t_verify_ns", "verify read after a write pulse (ns)", FIELD(timing.t_verify_ns)),
        integer("write_iterations", "average write-verify iterations per cell",
                FIELD(timing.write_iterations)),
        real("e_write_pj", "energy per cell per write pulse (pJ)", FIELD(timing.e_write_pj)),
        real("e_verify_pj", "energy per cell per verify read (pJ)", FIELD(timing.e_verify_pj)),
        real("dma_bandwidth", "DMA bandwidth (bytes/ns = GB/s)", FIELD(timing.dma_bandwidth)),
        real("dma_latency_ns", "DMA latency per transfer (ns)", FIELD(timing.dma_latency_ns)),
        real("e_dma_pj_per_byte", "DMA energy per byte (pJ)", FIELD(timing.e_dma_pj_per_byte)),
        real("periph_elements_per_ns", "digital periphery throughput (elements per ns)",
             FIELD(timing.periph_elements_per_ns)),
        real("e_threshold_pj", "threshold unit energy per activation (pJ)",
             FIELD(timing.e_threshold_pj)),
        real("e_pool_pj", "max-pool unit energy per compared element (pJ)",
             FIELD(timing.e_pool_pj)),
        real("e_add_pj", "row-add unit energy per added int32 (pJ)", FIELD(timing.e_add_pj)),
    };
    return table;
}

#undef FIELD

uint64_t parse_seed(const std::string& s) {
    const std::optional<uint64_t> v = cimvp::parse_unsigned(s);
    if (!v) throw ConfigError("seed = " + s + ": not an unsigned integer");
    return *v;
}

uint64_t seed_from(const boost::any& v) {
    if (const auto* s = boost::any_cast<std::string>(&v)) return parse_seed(*s);
    if (const auto* u = boost::any_cast<uint64_t>(&v)) return *u;
    if (const auto* u = boost::any_cast<unsigned long long>(&v)) return *u;
    if (const auto* u = boost::any_cast<unsigned>(&v)) return *u;
    throw ConfigError("seed: unsupported option type");
}

} // namespace

void register_xbar_options(po::options_description& desc) {
    const XbarConfig defaults;
    for (const Option& o : options()) {
        const std::string value = o.show(defaults);
        desc.add_options()((std::string("xbar.") + o.key).c_str(),
                           po::value<std::string>()->default_value(value), o.help);
    }
}

void register_seed_option(po::options_description& desc) {
    desc.add_options()("seed", po::value<std::string>()->default_value("1"),
                       "seed of all random draws (same seed, same result)");
}

std::string xbar_option_default(const std::string& key) {
    const XbarConfig defaults;
    for (const Option& o : options())
        if (key == o.key) return o.show(defaults);
    throw std::out_of_range("no option xbar." + key);
}

XbarConfig xbar_config_from(const po::variables_map& vm) {
    XbarConfig c;
    for (const Option& o : options()) {
        const std::string name = std::string("xbar.") + o.key;
        if (vm.count(name)) o.set(c, vm[name].as<std::string>());
    }
    if (vm.count("seed")) c.seed = seed_from(vm["seed"].value());
    validate(c);
    return c;
}

} // namespace xbar
