#include "compiler/emit/build_firmware.h"

#include "compiler/ir/error.h"
#include "util/hex.h"

#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace cimc {
namespace {

// The runtime's portable core plus the firmware-only parts (VP backend, main).
const char* const kRuntimeSources[] = {
    "sw/nn/nn_runtime.c",     "sw/nn/nn_gather.c",        "sw/nn/nn_cpu_linear.c",
    "sw/nn/nn_xbar_linear.c", "sw/nn/nn_xbar_bitslice.c", "sw/nn/nn_pad_correct.c",
    "sw/nn/nn_threshold.c",   "sw/nn/nn_pool.c",          "sw/nn/nn_output.c",
    "sw/nn/nn_idx.c",         "sw/nn/nn_backend_cimvp.c", "sw/nn/firmware_main.c",
    "sw/nn/nn_queue.c",
    "sw/drivers/xbar.c"};

using cimvp::hex;

std::string first_error(const std::string& log_path) {
    std::ifstream f(log_path);
    std::string line, first;
    std::getline(f, line); // the command itself
    while (std::getline(f, line)) {
        if (first.empty() && !line.empty()) first = line;
        if (line.find("error:") != std::string::npos) return line;
    }
    return first;
}

} // namespace

Toolchain default_toolchain() {
    Toolchain tc;
    tc.gcc = CIMC_RISCV_GCC;
    tc.source_dir = CIMC_SOURCE_DIR;
    tc.ram_base = CIMC_FW_RAM_BASE;
    tc.ram_size = CIMC_FW_RAM_SIZE;
    tc.text_size = CIMC_FW_TEXT_SIZE;
    tc.stack_size = CIMC_FW_STACK_SIZE;
    if (const char* e = std::getenv("CIMC_RISCV_GCC"); e && *e) tc.gcc = e;
    if (const char* e = std::getenv("CIMC_SOURCE_DIR"); e && *e) tc.source_dir = e;
    return tc;
}

std::vector<std::string> firmware_command(const Toolchain& tc, const std::string& outdir) {
    const std::string& s = tc.source_dir;
    std::vector<std::string> cmd = {tc.gcc,
                                    "-march=rv32imc",
                                    "-misa-spec=2.2",
                                    "-mabi=ilp32",
                                    "--specs=picolibc.specs",
                                    "--oslib=semihost",
                                    "--crt0=semihost",
                                    "-O2",
                                    "-g",
                                    "-std=gnu11",
                                    "-ffunction-sections",
                                    "-fdata-sections",
                                    "-ffp-contract=off",
                                    "-Wall",
                                    "-Wextra",
                                    "-Werror",
                                    "-I" + s + "/sw/include",
                                    "-I" + s,
                                    "-I" + outdir};
    for (const char* src : kRuntimeSources) cmd.push_back(s + "/" + src);
    cmd.push_back(outdir + "/model_data.c");
    const uint64_t data_base = tc.ram_base + tc.text_size, data_size = tc.ram_size - tc.text_size;
    for (const std::string& d : {"__flash=" + hex(tc.ram_base), "__flash_size=" + hex(tc.text_size),
                                 "__ram=" + hex(data_base), "__ram_size=" + hex(data_size),
                                 "__stack_size=" + hex(tc.stack_size)})
        cmd.push_back("-Wl,--defsym=" + d);
    cmd.push_back("-Wl,-Map=" + outdir + "/firmware.map");
    cmd.push_back("-o");
    cmd.push_back(outdir + "/firmware.elf");
    return cmd;
}

void build_firmware(const Toolchain& tc, const std::string& outdir) {
    struct stat st {};
    if (stat((tc.source_dir + "/sw/nn/nn_runtime.c").c_str(), &st) != 0)
        throw CompileError("source directory '" + tc.source_dir +
                           "' has no sw/nn/nn_runtime.c (set --source-dir or CIMC_SOURCE_DIR)");
    const std::vector<std::string> cmd = firmware_command(tc, outdir);
    const std::string log = outdir + "/build.log";
    {
        std::ofstream f(log);
        for (const auto& a : cmd) f << a << ' ';
        f << '\n';
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    std::vector<char*> argv;
    for (const auto& a : cmd) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, cmd[0].c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        throw CompileError("cannot run the cross compiler '" + tc.gcc +
                           "' (set --riscv-gcc or CIMC_RISCV_GCC)");
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw CompileError("firmware build failed (see " + log + "): " + first_error(log));
}

} // namespace cimc
