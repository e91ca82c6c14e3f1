// cimvp: runs RV32IMC firmware on the CIM virtual platform.
// stdout carries only what the firmware prints; the VP's own messages go to
// stderr (or --log FILE); the exit code is the firmware's, or 125 when the
// VP itself fails (bad option, bad ELF, fatal firmware error, limit hit).
#include "platform/elf_loader.h"
#include "platform/gdb_server.h"
#include "platform/soc/insn_tools.h"
#include "platform/soc/options.h"
#include "platform/soc/platform.h"
#include "platform/soc/run_stats.h"
#include "util/hex.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>

namespace {

constexpr int kVpFailure = 125;
FILE* vp_log = stderr;

int error(const std::string& msg) {
    std::fflush(stdout);
    std::fprintf(stderr, "cimvp: error: %s\n", msg.c_str());
    if (vp_log != stderr) std::fprintf(vp_log, "cimvp: error: %s\n", msg.c_str());
    return kVpFailure;
}

// SystemC reports go to the VP's log, never to the firmware's stdout.
void report_handler(const sc_core::sc_report& r, const sc_core::sc_actions& actions) {
    if (actions & sc_core::SC_DISPLAY)
        std::fprintf(vp_log, "cimvp: systemc: %s\n", sc_core::sc_report_compose_message(r).c_str());
    if (actions & (sc_core::SC_THROW | sc_core::SC_ABORT)) throw r;
}

using cimvp::hex;

std::string end_name(cimvp::RunEnd e) {
    switch (e) {
    case cimvp::RunEnd::exited: return "exited";
    case cimvp::RunEnd::fatal: return "fatal";
    case cimvp::RunEnd::instruction_limit: return "instruction_limit";
    case cimvp::RunEnd::sleeping_forever: return "sleeping_forever";
    case cimvp::RunEnd::killed: return "killed";
    default: return "running";
    }
}

// --gdb: listens, says where on stderr (always: a script may be waiting for the
// port), and waits for gdb before the first instruction.
std::unique_ptr<cimvp::GdbServer> start_gdb(const cimvp::PlatformConfig& cfg, cimvp::Cpu& cpu) {
    if (cfg.gdb_port < 0) return nullptr;
    auto gdb = std::make_unique<cimvp::GdbServer>(cpu, unsigned(cfg.gdb_port), vp_log);
    std::fprintf(stderr, "cimvp: gdb: waiting for a connection on 127.0.0.1:%u\n", gdb->port());
    std::fflush(stderr);
    gdb->accept_connection();
    cpu.attach_debugger(gdb.get());
    return gdb;
}

int run(const cimvp::CommandLine& cl, std::chrono::steady_clock::time_point t0) {
    const cimvp::PlatformConfig& cfg = cl.platform;
    cimvp::ElfImage image = cimvp::load_elf(cfg.firmware);
    tlm::tlm_global_quantum::instance().set(cfg.quantum);
    std::unique_ptr<cimvp::VcdWriter> vcd; // opened now: an unwritable file stops us here
    if (!cfg.vcd_file.empty()) vcd = std::make_unique<cimvp::VcdWriter>(cfg.vcd_file);
    cimvp::Platform vp(cfg);
    vp.load(image, cfg.firmware);
    if (vcd) vp.record_to(*vcd);
    cimvp::InsnTools insn_tools(cfg, image, vp.cpu().core()); // --trace, --profile
    std::unique_ptr<cimvp::GdbServer> gdb = start_gdb(cfg, vp.cpu());
    sc_core::sc_start();

    cimvp::Cpu& cpu = vp.cpu();
    cimvp::RunEnd end = cpu.end();
    if (end == cimvp::RunEnd::running && cpu.sleeping()) end = cimvp::RunEnd::sleeping_forever;
    std::fflush(stdout);
    if (vcd) vcd->finish(cimvp::vcd_ps(cpu.local_now()));

    cimvp::RunStats st;
    st.firmware = cfg.firmware;
    st.end = end_name(end);
    st.total = vp.activity();
    st.sim_time_s = cpu.local_now().to_seconds();
    st.clock_hz = 1.0 / cfg.cpu.clock_period.to_seconds();
    st.timebase_hz = 1.0 / cfg.mtime_tick.to_seconds();
    st.quantum_s = cfg.quantum.to_seconds();
    st.seed = cfg.seed;
    st.cpu_energy = cfg.cpu_energy;
    for (const auto& [id, r] : vp.stats_regions().regions())
        st.regions[id] = {r.entries, r.total, r.layers};
    st.layers = vp.stats_regions().layers();
    st.region_misuse = vp.stats_regions().misuse();
    st.interrupts_taken = cpu.core().interrupts_taken();

    int rc = kVpFailure;
    std::string failure;
    const uint32_t pc = cpu.core().pc();
    switch (end) {
    case cimvp::RunEnd::exited:
        // A process exit code has 8 bits: a firmware code outside 0..255 must not wrap
        // (256 would look like success), so it becomes 255 and the full value is logged.
        st.firmware_exit_code = cpu.core().exit_code();
        rc = st.firmware_exit_code >= 0 && st.firmware_exit_code <= 255 ? st.firmware_exit_code
                                                                        : 255;
        if (rc != st.firmware_exit_code)
            std::fprintf(vp_log,
                         "cimvp: firmware exit code %d does not fit in 8 bits; exiting with 255\n",
                         st.firmware_exit_code);
        break;
    case cimvp::RunEnd::fatal:
        failure = cpu.core().fatal().what + " at pc " + hex(cpu.core().fatal().pc);
        break;
    case cimvp::RunEnd::instruction_limit:
        failure = "firmware did not finish within --max-instructions " +
                  std::to_string(cfg.cpu.max_instructions) + " (pc " + hex(pc) + ")";
        break;
    case cimvp::RunEnd::sleeping_forever:
        failure = "firmware sleeps in wfi at pc " + hex(pc - 4) +
                  " with no interrupt that could ever wake it";
        break;
    case cimvp::RunEnd::killed: failure = "killed by the debugger at pc " + hex(pc); break;
    default: failure = "simulation ended without the firmware exiting (pc " + hex(pc) + ")"; break;
    }
    st.exit_code = rc;
    st.host_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::string tools_error = insn_tools.finish(cpu.core().cycles(), vp_log);
    if (!cfg.quiet) st.print(vp_log);
    if (!cfg.stats_json.empty()) st.write_json(cfg.stats_json);
    if (failure.empty()) failure = tools_error;
    if (!failure.empty()) rc = error(failure);
    if (gdb) gdb->run_ended(end, rc, failure); // after the error line: gdb may stop there
    return rc;
}

} // namespace

int sc_main(int argc, char* argv[]) {
    auto t0 = std::chrono::steady_clock::now();
    sc_core::sc_report_handler::set_handler(report_handler);
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    try {
        cimvp::CommandLine cl = cimvp::parse_command_line(argc, argv);
        if (cl.help) {
            std::cout << cl.help_text;
            return 0;
        }
        if (!cl.platform.log_file.empty()) {
            vp_log = std::fopen(cl.platform.log_file.c_str(), "w");
            if (!vp_log) {
                vp_log = stderr;
                return error(cl.platform.log_file + ": cannot open log file");
            }
        }
        return run(cl, t0);
    } catch (const cimvp::UsageError& e) {
        return error(e.what());
    } catch (const cimvp::ElfError& e) {
        return error(e.what());
    } catch (const cimvp::VcdError& e) {
        return error("--vcd: " + std::string(e.what()));
    } catch (const cimvp::LoadError& e) {
        return error(e.what());
    } catch (const sc_core::sc_report& r) {
        return error(std::string("systemc: ") + r.what());
    } catch (const std::exception& e) {
        return error(e.what());
    }
}

// The banner SystemC prints at start-up would land on the firmware's stdout.
namespace {
struct DisableBanner {
    DisableBanner() { setenv("SC_COPYRIGHT_MESSAGE", "DISABLE", 1); }
} disable_banner;
} // namespace
