#include "platform/soc/options.h"

#include "ip/xbar/xbar_options.h"
#include "util/number_text.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace po = boost::program_options;

namespace cimvp {

namespace {

const char* const usage_line = "usage: cimvp [options] FIRMWARE.elf [-- firmware arguments]";

// The CPU energy options, in iss::InsnClass order: option name and what it costs.
struct EnergyOption {
    const char* key;
    const char* help;
};
const EnergyOption insn_energy_options[kInsnClasses] = {
    {"cpu.e_alu_pj", "energy of an ALU instruction (incl. lui/auipc), pJ"},
    {"cpu.e_load_pj", "energy of a load, RAM read included, pJ"},
    {"cpu.e_store_pj", "energy of a store, RAM write included, pJ"},
    {"cpu.e_branch_pj", "energy of a branch or jump, pJ"},
    {"cpu.e_mul_pj", "energy of mul/mulh*, pJ"},
    {"cpu.e_div_pj", "energy of div/rem, pJ"},
    {"cpu.e_system_pj", "energy of a CSR, ecall/ebreak/mret/wfi or fence instruction, pJ"},
};

// The CPU's cycle options, one per iss::CpiTable member; their defaults are the struct's.
struct CpiOption {
    const char* key;
    uint8_t iss::CpiTable::*field;
    const char* help;
    unsigned min;
};
const CpiOption kCpiOptions[] = {
    {"cpu.cpi_alu", &iss::CpiTable::alu, "cycles of an ALU instruction", 1},
    {"cpu.cpi_load", &iss::CpiTable::load, "cycles of a load", 1},
    {"cpu.cpi_store", &iss::CpiTable::store, "cycles of a store", 1},
    {"cpu.cpi_branch", &iss::CpiTable::branch, "cycles of a branch (not taken)", 1},
    {"cpu.cpi_jump", &iss::CpiTable::jump, "cycles of jal/jalr before the taken penalty", 1},
    {"cpu.taken_penalty", &iss::CpiTable::taken_penalty,
     "extra cycles of a taken branch or a jump (pipeline refill)", 0},
    {"cpu.cpi_mul", &iss::CpiTable::mul, "cycles of mul/mulh*", 1},
    {"cpu.cpi_div", &iss::CpiTable::div, "cycles of div/rem", 1},
    {"cpu.cpi_csr", &iss::CpiTable::csr, "cycles of a CSR instruction", 1},
    {"cpu.cpi_system", &iss::CpiTable::system, "cycles of ecall/ebreak/mret/wfi/fence", 1},
};

void add_energy_options(po::options_description& cpu) {
    const CpuEnergyParams defaults;
    for (unsigned k = 0; k < kInsnClasses; ++k)
        cpu.add_options()(
            insn_energy_options[k].key,
            po::value<std::string>()->default_value(cimvp::short_number(defaults.insn_pj[k])),
            insn_energy_options[k].help);
    cpu.add_options()(
        "cpu.e_sleep_pj_per_cycle",
        po::value<std::string>()->default_value(cimvp::short_number(defaults.sleep_pj_per_cycle)),
        "energy of a cycle asleep in wfi, pJ (docs/platform/cpu-energy.md)");
}

// Numbers are taken as strings and checked by value_parse (strictly).
po::options_description platform_options() {
    // One option per statement (`add(...)`), not one chained expression, so that each reads as
    // a line of the option table.
    po::options_description general("General");
    auto add = general.add_options();
    add("help,h", "print this help and exit");
    add("config", po::value<std::string>()->value_name("FILE"),
        "read options from FILE (INI syntax; the command line wins)");
    add("stats-json", po::value<std::string>()->value_name("FILE"),
        "write end-of-run statistics as JSON to FILE");
    add("vcd", po::value<std::string>()->value_name("FILE"),
        "write a waveform (VCD) of the accelerator, interrupts and CPU sleep to FILE");
    add("log", po::value<std::string>()->value_name("FILE"),
        "write the VP's own messages to FILE instead of stderr");
    add("quiet,q", "no end-of-run statistics on stderr");
    add("max-instructions", po::value<std::string>()->value_name("N")->default_value("0"),
        "stop with an error after N retired instructions (0 = no limit)");
    add("quantum", po::value<std::string>()->value_name("TIME")->default_value("10us"),
        "temporal decoupling quantum, with unit: ps, ns, us, ms, s");
    add("seed", po::value<std::string>()->value_name("N")->default_value("1"),
        "seed of every random draw in the run");
    add("gdb", po::value<std::string>()->value_name("PORT"),
        "wait for gdb (remote protocol) on 127.0.0.1:PORT before the first instruction "
        "(0: any free port, printed on stderr); see docs/platform/gdb.md");
    add("trace", po::value<std::string>()->value_name("FILE"),
        "write one line per retired instruction to FILE (docs/firmware.md)");
    add("trace-start", po::value<std::string>()->value_name("N|SYMBOL"),
        "start the trace after N retired instructions, or when the pc first reaches SYMBOL");
    add("trace-stop", po::value<std::string>()->value_name("N|SYMBOL"),
        "stop the trace after N retired instructions, or when the pc first reaches SYMBOL");
    add("profile", po::value<std::string>()->value_name("FILE"),
        "attribute instructions and cycles to the ELF's functions: table on stderr, CSV to FILE");

    po::options_description cpu("CPU (RV32IMC)");
    auto add_cpu = cpu.add_options();
    add_cpu("cpu.clock_mhz", po::value<std::string>()->default_value("100"), "CPU clock in MHz");
    const iss::CpiTable defaults;
    for (const CpiOption& o : kCpiOptions)
        add_cpu(o.key, po::value<std::string>()->default_value(std::to_string(defaults.*o.field)),
                o.help);
    add_cpu("cpu.bus_error", po::value<std::string>()->default_value("stop"),
            "access to an unmapped address: 'stop' the run with an error naming pc and address, "
            "or 'trap' (load/store access fault to the firmware's handler)");
    add_cpu("cpu.engine", po::value<std::string>()->default_value("native"),
            "how the ISS runs code, same results: 'native' (blocks translated to host code where "
            "built, else as 'blocks'), 'blocks' (decoded blocks of micro-ops) or 'insn' (one "
            "instruction at a time); docs/vp-performance.md");
    add_cpu("cpu.sync", po::value<std::string>()->default_value("when-needed"),
            "how the CPU synchronises with the rest of the platform at the end of each chunk "
            "(quantum), same results: 'when-needed' (only when something else is due by the "
            "CPU's time) or 'every-chunk' (always; slower, for checking); "
            "docs/vp-performance.md");
    add_energy_options(cpu);

    po::options_description mem("Memory and devices");
    auto add_mem = mem.add_options();
    add_mem("ram.size", po::value<std::string>()->default_value("128M"),
            "RAM size in bytes at 0x80000000 (suffix K, M, G)");
    add_mem("clint.timebase_mhz", po::value<std::string>()->default_value("10"),
            "CLINT mtime frequency in MHz (QEMU virt: 10)");

    po::options_description accel("Crossbar accelerator (at 0x60000000)");
    xbar::register_xbar_options(accel);
    accel.add_options()("xbar.buffer_size", po::value<std::string>()->default_value("256K"),
                        "on-chip buffer after the registers, bytes (suffix K, M)");

    po::options_description all;
    all.add(general).add(cpu).add(mem).add(accel);
    return all;
}

// --list-options and --check-options serve the tools that drive cimvp (cimx run routes each
// option to the tool that owns it; cimx sweep checks a sweep file's keys and values before it
// runs anything); they are not in --help.
po::options_description hidden_options() {
    po::options_description hidden;
    auto add = hidden.add_options();
    add("firmware", po::value<std::string>(), "firmware ELF");
    add("list-options", "print every option's name, one per line, followed by ' VALUE' when it "
                        "takes a value, and exit");
    add("check-options", "check the options' values, run nothing, exit 0 if they are valid");
    return hidden;
}

// The --list-options format (docs/user-guide.md, "For tools that drive cimvp"), the same as
// cimc's and cimx run's.
std::string option_list(const po::options_description& d) {
    std::string list;
    for (const auto& o : d.options())
        list += o->long_name() + (o->semantic()->max_tokens() > 0 ? " VALUE" : "") + "\n";
    return list;
}

std::string str(const po::variables_map& vm, const char* key) { return vm[key].as<std::string>(); }

void apply_values(const po::variables_map& vm, PlatformConfig& c) {
    c.firmware = vm.count("firmware") ? str(vm, "firmware") : "";
    if (vm.count("stats-json")) c.stats_json = str(vm, "stats-json");
    if (vm.count("vcd")) c.vcd_file = str(vm, "vcd");
    if (vm.count("log")) c.log_file = str(vm, "log");
    c.quiet = vm.count("quiet") > 0;
    c.cpu.max_instructions = parse_u64("max-instructions", str(vm, "max-instructions"));
    c.quantum = parse_time("quantum", str(vm, "quantum"));
    c.seed = parse_u64("seed", str(vm, "seed"));
    for (auto [key, field] : {std::pair{"trace", &c.trace_file},
                              {"trace-start", &c.trace_start},
                              {"trace-stop", &c.trace_stop},
                              {"profile", &c.profile_file}})
        if (vm.count(key)) *field = str(vm, key);
    if ((!c.trace_start.empty() || !c.trace_stop.empty()) && c.trace_file.empty())
        throw UsageError("--trace-start/--trace-stop need --trace FILE");
    if (vm.count("gdb")) c.gdb_port = static_cast<int>(parse_u64("gdb", str(vm, "gdb"), 0, 65535));

    double mhz = parse_double("cpu.clock_mhz", str(vm, "cpu.clock_mhz"), 1e-3, 1e5);
    c.cpu.clock_period = sc_core::sc_time(1e6 / mhz, sc_core::SC_PS);
    if (c.cpu.clock_period == sc_core::SC_ZERO_TIME)
        throw UsageError("--cpu.clock_mhz: clock period below the 1 ps time resolution");
    iss::CpiTable& t = c.cpu.cpi;
    for (const CpiOption& o : kCpiOptions)
        t.*o.field = static_cast<uint8_t>(parse_u64(o.key, str(vm, o.key), o.min, 255));
    std::string be = str(vm, "cpu.bus_error");
    if (be != "stop" && be != "trap")
        throw UsageError("--cpu.bus_error: '" + be + "' is not one of: stop, trap");
    c.cpu.bus_errors = be == "stop" ? iss::BusErrorPolicy::stop : iss::BusErrorPolicy::trap;
    const std::string engine = str(vm, "cpu.engine");
    if (engine != "native" && engine != "blocks" && engine != "insn")
        throw UsageError("--cpu.engine: '" + engine + "' is not one of: native, blocks, insn");
    c.cpu.blocks = engine != "insn";
    c.cpu.native_code = engine == "native";
    const std::string sync = str(vm, "cpu.sync");
    if (sync != "when-needed" && sync != "every-chunk")
        throw UsageError("--cpu.sync: '" + sync + "' is not one of: when-needed, every-chunk");
    c.cpu.sync_every_chunk = sync == "every-chunk";
    for (unsigned k = 0; k < kInsnClasses; ++k)
        c.cpu_energy.insn_pj[k] =
            parse_double(insn_energy_options[k].key, str(vm, insn_energy_options[k].key), 0, 1e9);
    c.cpu_energy.sleep_pj_per_cycle =
        parse_double("cpu.e_sleep_pj_per_cycle", str(vm, "cpu.e_sleep_pj_per_cycle"), 0, 1e9);

    c.ram_size = parse_size("ram.size", str(vm, "ram.size"));
    if (c.ram_size < 4096 || c.ram_size > (1ull << 31))
        throw UsageError("--ram.size: " + str(vm, "ram.size") + " is out of range [4K, 2G]");
    c.xbar_buffer_bytes =
        static_cast<uint32_t>(parse_size("xbar.buffer_size", str(vm, "xbar.buffer_size")));
    if (c.xbar_buffer_bytes > (16u << 20) - 0x10000)
        throw UsageError("--xbar.buffer_size: " + str(vm, "xbar.buffer_size") +
                         " is out of range [0, 16M - 64K]");
    try {
        c.xbar = xbar::xbar_config_from(vm);
    } catch (const xbar::ConfigError& e) {
        throw UsageError(std::string("--") + e.what());
    }
    double tb = parse_double("clint.timebase_mhz", str(vm, "clint.timebase_mhz"), 1e-3, 1e4);
    c.mtime_tick = sc_core::sc_time(1e6 / tb, sc_core::SC_PS);
}

// Finds the line of a config file that sets `key`, to point the user at it.
std::string config_location(const std::string& file, const std::string& key) {
    std::ifstream in(file);
    std::string line, section, name = key.substr(key.find('.') + 1);
    for (int n = 1; std::getline(in, line); ++n) {
        size_t b = line.find_first_not_of(" \t");
        if (b == std::string::npos) continue;
        if (line[b] == '[') section = line.substr(b + 1, line.find(']') - b - 1);
        std::string k = line.substr(b, line.find_first_of("= \t", b) - b);
        if (k == key || (section + "." + k) == key) return file + ":" + std::to_string(n);
    }
    return file;
}

} // namespace

CommandLine parse_command_line(int argc, const char* const argv[],
                               const std::vector<OptionGroup>& extra_groups) {
    CommandLine cl;
    // Everything after "--" belongs to the firmware.
    int vp_argc = argc;
    for (int i = 1; i < argc; ++i)
        if (std::string(argv[i]) == "--") {
            vp_argc = i;
            cl.platform.firmware_args.assign(argv + i + 1, argv + argc);
            break;
        }

    po::options_description visible = platform_options();
    for (const OptionGroup& g : extra_groups) g(visible);
    po::options_description all;
    all.add(visible).add(hidden_options());
    po::positional_options_description positional;
    positional.add("firmware", 1);

    try {
        po::store(po::command_line_parser(vp_argc, argv).options(all).positional(positional).run(),
                  cl.values);
    } catch (const po::error& e) {
        throw UsageError(e.what());
    }
    if (cl.values.count("list-options")) { // "help" with a machine-readable text
        cl.help = true;
        cl.help_text = option_list(visible);
        return cl;
    }
    if (cl.values.count("help")) {
        std::ostringstream s;
        s << usage_line
          << "\n\nRuns RV32IMC firmware on the CIM virtual platform. The firmware's output is "
             "on stdout,\nthe VP's messages on stderr; the exit code is the firmware's (125: the "
             "VP "
             "failed).\n"
          << visible;
        cl.help = true;
        cl.help_text = s.str();
        return cl;
    }
    if (cl.values.count("config")) {
        std::string file = cl.values["config"].as<std::string>();
        std::ifstream in(file);
        if (!in) throw UsageError(file + ": cannot open config file");
        try {
            po::store(po::parse_config_file(in, visible, false), cl.values);
        } catch (const po::error_with_option_name& e) {
            std::string key = e.get_option_name();
            while (!key.empty() && key[0] == '-') key.erase(0, 1);
            throw UsageError(config_location(file, key) + ": " + e.what());
        } catch (const po::error& e) {
            throw UsageError(file + ": " + e.what());
        }
    }
    po::notify(cl.values);
    apply_values(cl.values, cl.platform);
    if (cl.values.count("check-options")) { // valid: nothing to run, like --help
        cl.help = true;
        return cl;
    }
    if (cl.platform.firmware.empty())
        throw UsageError(std::string("no firmware given; ") + usage_line);
    return cl;
}

} // namespace cimvp
