#include "platform/soc/platform.h"

#include "platform/memory_map.h"
#include "util/hex.h"

#include <cstring>
#include <sstream>

namespace cimvp {

namespace {
CpuConfig cpu_config(const PlatformConfig& c) {
    CpuConfig cpu = c.cpu;
    cpu.mtime_address = CIMVP_CLINT_BASE + CIMVP_CLINT_MTIME;
    return cpu;
}

// The energy of everything so far, by component (energy_breakdown.h). The one place where
// the components are filled. The device's MVM energy is array + ADC + digital
// (XbarDevice::Counters): the ADC is its own component, the rest is xbar_mvm.
EnergyBreakdown system_energy(const CpuEnergyParams& cpu_params, const CpuActivity& cpu,
                              const XbarDevice::Counters& xbar) {
    EnergyBreakdown e;
    e.cpu_j = cpu_energy_pj(cpu_params, cpu) * 1e-12;
    e.xbar_mvm_j = (xbar.mvm_array_pj + xbar.mvm_digital_pj) * 1e-12;
    e.xbar_adc_j = xbar.mvm_adc_pj * 1e-12;
    e.xbar_dma_j = xbar.dma_pj * 1e-12;
    e.xbar_program_j = xbar.program_pj * 1e-12;
    e.xbar_periphery_j = xbar.periph_pj * 1e-12;
    return e;
}

// The accelerator's part of an Activity from its counters (the CPU's left at 0).
Activity xbar_activity(const CpuEnergyParams& cpu_params, const XbarDevice::Counters& x) {
    Activity a;
    a.xbar_commands = x.commands, a.xbar_mvms = x.mvms, a.xbar_conversions = x.conversions;
    a.xbar_cells = x.cells, a.xbar_dma_bytes = x.dma_bytes;
    a.xbar_busy_ns = static_cast<double>(x.busy_ns), a.xbar_mvm_ns = x.mvm_ns;
    a.xbar_dma_ns = x.dma_ns, a.xbar_program_ns = x.program_ns;
    a.xbar_descriptors = x.descriptors, a.xbar_periph_ns = x.periph_ns;
    a.xbar_dma_wait_ns = x.dma_wait_ns;
    a.energy = system_energy(cpu_params, a.cpu, x);
    return a;
}

} // namespace

Platform::Platform(const PlatformConfig& config)
    : config_(config), bus_("bus"), cpu_("cpu", cpu_config(config)),
      ram_("ram", config.ram_size, sc_core::SC_ZERO_TIME), clint_("clint", config.mtime_tick),
      uart_("uart", stdout), finisher_("finisher"),
      xbar_("xbar", config.xbar, CIMVP_XBAR_BASE, config.xbar_buffer_bytes),
      stats_("stats", [this] { return activity(); }) {
    cpu_.socket.bind(bus_.target);
    bus_.map(finisher_.socket, CIMVP_FINISHER_BASE, CIMVP_FINISHER_SIZE, "finisher");
    bus_.map(stats_.socket, CIMVP_STATS_BASE, CIMVP_STATS_SIZE, "stats");
    bus_.map(clint_.socket, CIMVP_CLINT_BASE, CIMVP_CLINT_SIZE, "clint");
    bus_.map(uart_.socket, CIMVP_UART_BASE, CIMVP_UART_SIZE, "uart");
    bus_.map(xbar_.socket, CIMVP_XBAR_BASE, CIMVP_XBAR_SIZE, "xbar");
    bus_.map(ram_.socket, CIMVP_RAM_BASE, config.ram_size, "ram");
    xbar_.dma.bind(bus_.target);

    cpu_.connect_irq(clint_.timer_irq, iss::irq_mti);
    cpu_.connect_irq(clint_.soft_irq, iss::irq_msi);
    cpu_.connect_irq(xbar_.irq, iss::irq_mei);
    finisher_.on_exit = [this](int code) { cpu_.request_exit(code); };
    stats_.track_layers(
        [this] {
            std::map<uint32_t, Activity> by_layer;
            for (const auto& [tag, c] : xbar_.layer_counters())
                by_layer[tag] = xbar_activity(config_.cpu_energy, c);
            return by_layer;
        },
        config.cpu.clock_period.to_seconds() * 1e9);

    std::string cmdline = config.firmware;
    for (const std::string& a : config.firmware_args) cmdline += " " + a;
    Semihosting::Hooks hooks;
    hooks.exit = [this](int code) { cpu_.request_exit(code); };
    hooks.elapsed_ticks = [this] { return cpu_.core().cycles(); };
    hooks.tick_hz =
        static_cast<uint64_t>(sc_core::sc_time(1, sc_core::SC_SEC) / config.cpu.clock_period);
    iss::DmiWindow ram{ram_.data(), CIMVP_RAM_BASE, static_cast<uint32_t>(config.ram_size)};
    semihosting_ = std::make_unique<Semihosting>(ram, cmdline, hooks);
    cpu_.set_semihosting(semihosting_.get());
}

Activity Platform::activity() {
    Activity a;
    const iss::Core& core = cpu_.core();
    a.cycles = core.cycles();
    a.instructions = core.instret();
    for (unsigned k = 0; k < kInsnClasses; ++k)
        a.cpu.retired[k] = core.retired(static_cast<iss::InsnClass>(k));
    a.cpu.sleep_cycles = cpu_.sleep_cycles();
    const Activity x = xbar_activity(config_.cpu_energy, xbar_.counters());
    const CpuActivity cpu = a.cpu;
    a += x; // the CPU's fields of x are 0
    a.energy = system_energy(config_.cpu_energy, cpu, xbar_.counters());
    return a;
}

void Platform::load(const ElfImage& image, const std::string& path) {
    const uint64_t ram_end = CIMVP_RAM_BASE + config_.ram_size;
    for (size_t i = 0; i < image.segments.size(); ++i) {
        const ElfSegment& s = image.segments[i];
        uint64_t end = uint64_t(s.paddr) + s.mem_size;
        if (s.paddr < CIMVP_RAM_BASE || end > ram_end)
            throw LoadError(path + ": segment " + std::to_string(i) + " [" + hex(s.paddr) + ", " +
                            hex(end) + ") lies outside RAM [" + hex(CIMVP_RAM_BASE) + ", " +
                            hex(ram_end) + ")");
        uint8_t* dst = ram_.data() + (s.paddr - CIMVP_RAM_BASE);
        if (!s.data.empty())
            std::memcpy(dst, s.data.data(), s.data.size()); // .bss has no file data
        std::memset(dst + s.data.size(), 0, s.mem_size - s.data.size());
    }
    if (image.entry < CIMVP_RAM_BASE || image.entry >= ram_end)
        throw LoadError(path + ": entry point " + hex(image.entry) + " lies outside RAM");
    // picolibc's linker script puts the initial stack pointer at __stack: firmware linked
    // for more RAM than the VP has would fault on its first push.
    auto stack = image.symbols.find("__stack");
    if (stack != image.symbols.end() &&
        (stack->second <= CIMVP_RAM_BASE || stack->second > ram_end))
        throw LoadError(path + ": initial stack pointer __stack = " + hex(stack->second) +
                        " lies outside RAM [" + hex(CIMVP_RAM_BASE) + ", " + hex(ram_end) +
                        "); give the VP more RAM (--ram.size) or link for less");
    auto tohost = image.symbols.find("tohost");
    cpu_.start(image.entry, tohost != image.symbols.end() ? tohost->second : 0);
}

} // namespace cimvp
