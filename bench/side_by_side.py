#!/usr/bin/python3
"""Side-by-side speed comparison of cimvp with QEMU or with another cimvp build.

Runs the same firmware on two simulators, interleaved (A B, then B A, ... so that a drift of the
machine's speed hits both), each process pinned with taskset to the same single core, for
--rounds rounds. Prints, per round, each simulator's MIPS (retired instructions / wall time of
the whole process) and the ratio A/B by wall time and by CPU time (user + system), then the
median ratio and its range. The ratio is the figure: machine speed drifts, so absolute MIPS from
different runs are not comparable, ratios of neighbouring runs are.

A is cimvp (--cimvp, default BUILD/platform/cimvp). B is qemu-system-riscv32 -M virt (--against
qemu, the default; CPU-only firmware) or another cimvp executable (--against PATH, e.g. a build of
an older commit). QEMU reports no instruction count: its MIPS uses cimvp's count for the same
firmware, and the script checks that both print the same output.

Examples:
  bench/side_by_side.py --build-dir build-perf                     # mips_loop vs QEMU
  bench/side_by_side.py --against /tmp/old/cimvp \\
      --firmware out/firmware.elf --vp-args "--config vp-configs/default.cfg \\
      --xbar.mapping TNN_I" --firmware-args "out/images.idx 64"      # model firmware, old vs new
"""

import argparse
import json
import os
import shlex
import shutil
import statistics
import sys
import tempfile

import mips  # bench/mips.py: timed_run (this script's directory is on sys.path)

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default=os.path.join(REPO_ROOT, "build"),
                        help="CMake build directory (default: %(default)s)")
    parser.add_argument("--cimvp", help="simulator A (default: BUILD/platform/cimvp)")
    parser.add_argument("--against", default="qemu",
                        help="simulator B: 'qemu' or the path of another cimvp (default: qemu)")
    parser.add_argument("--firmware",
                        help="firmware ELF (default: BUILD/bench/bench_mips_loop.elf)")
    parser.add_argument("--firmware-args", default="",
                        help="firmware arguments (after --), e.g. the mips_loop round count")
    parser.add_argument("--vp-args", default="", help="extra options for every cimvp run")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (default: %(default)s)")
    parser.add_argument("--core", type=int, default=None,
                        help="host CPU to pin both to (default: the last one)")
    parser.add_argument("--no-pin", action="store_true", help="do not use taskset")
    return parser.parse_args()


def timed_run(command, name):
    """Runs command; returns (stdout, wall seconds, CPU seconds). Exits on failure."""
    completed, wall_seconds, cpu_seconds = mips.timed_run(command, name)
    return completed.stdout, wall_seconds, cpu_seconds


class Cimvp:
    def __init__(self, path, options, label):
        self.path, self.options, self.label = path, options, label

    def run(self, pin, firmware, firmware_args):
        """Returns (stdout, instructions, wall seconds, CPU seconds)."""
        with tempfile.TemporaryDirectory(prefix="cimvp-sbs-") as directory:
            stats_path = os.path.join(directory, "stats.json")
            command = pin + [self.path, "--quiet", "--stats-json", stats_path]
            command += shlex.split(self.options.vp_args) + [firmware]
            if firmware_args:
                command += ["--"] + firmware_args
            stdout, wall, cpu = timed_run(command, self.label)
            with open(stats_path, encoding="utf-8") as stats_file:
                instructions = int(json.load(stats_file)["instructions"])
        return stdout, instructions, wall, cpu


class Qemu:
    label = "qemu"

    def __init__(self, path):
        self.path = path

    def run(self, pin, firmware, firmware_args):
        semihosting = "enable=on,target=native,chardev=console,arg=" + firmware.replace(",", ",,")
        for argument in firmware_args:
            semihosting += ",arg=" + argument.replace(",", ",,")
        command = pin + [self.path, "-M", "virt", "-m", "128M", "-bios", "none", "-display",
                         "none", "-monitor", "none", "-chardev", "stdio,id=console,mux=on",
                         "-serial", "chardev:console", "-semihosting-config", semihosting,
                         "-kernel", firmware]
        stdout, wall, cpu = timed_run(command, "qemu")
        return stdout, None, wall, cpu


def load_average():
    try:
        return "load average %.2f %.2f %.2f (%d CPUs)" % (os.getloadavg() + (os.cpu_count(),))
    except OSError:
        return "load average unknown"


def rate_mips(instructions, seconds):
    return instructions / seconds / 1e6


def main():
    options = parse_arguments()
    cimvp_path = options.cimvp or os.path.join(options.build_dir, "platform", "cimvp")
    firmware = options.firmware or os.path.join(options.build_dir, "bench",
                                                "bench_mips_loop.elf")
    for path in (cimvp_path, firmware):
        if not os.path.isfile(path):
            sys.exit("not found: %s (build the targets cimvp and bench_mips_loop)" % path)
    a = Cimvp(cimvp_path, options, "cimvp")
    if options.against == "qemu":
        qemu = shutil.which("qemu-system-riscv32")
        if qemu is None:
            sys.exit("qemu-system-riscv32 not found (Debian package qemu-system-misc)")
        b = Qemu(qemu)
    else:
        if not os.access(options.against, os.X_OK):
            sys.exit("--against: not an executable: %s" % options.against)
        b = Cimvp(options.against, options, "other cimvp")
    core = options.core if options.core is not None else os.cpu_count() - 1
    pin = [] if options.no_pin else ["taskset", "-c", str(core)]
    firmware_args = shlex.split(options.firmware_args)

    print(load_average())
    print("A = %s, B = %s, firmware %s %s, %s" % (
        cimvp_path, options.against, firmware, " ".join(firmware_args),
        "unpinned" if options.no_pin else "pinned to CPU %d" % core))
    print("%5s %14s %10s %10s %12s %12s" % ("round", "instructions", "A MIPS", "B MIPS",
                                            "A/B (wall)", "A/B (CPU)"), flush=True)
    outputs, wall_ratios, cpu_ratios, a_rates, b_rates = set(), [], [], [], []
    for round_index in range(max(1, options.rounds)):
        order = (a, b) if round_index % 2 == 0 else (b, a)
        results = {}
        for simulator in order:
            results[simulator] = simulator.run(pin, firmware, firmware_args)
        (a_out, a_insns, a_wall, a_cpu), (b_out, b_insns, b_wall, b_cpu) = results[a], results[b]
        outputs.update((a_out, b_out))
        if b_insns is None:
            b_insns = a_insns
        if b_insns != a_insns:
            sys.exit("the simulators retired different instruction counts: %d and %d" % (
                a_insns, b_insns))
        wall_ratios.append(b_wall / a_wall)
        cpu_ratios.append(b_cpu / a_cpu)
        a_rates.append(rate_mips(a_insns, a_wall))
        b_rates.append(rate_mips(b_insns, b_wall))
        print("%5d %14d %10.1f %10.1f %12.3f %12.3f" % (round_index + 1, a_insns, a_rates[-1],
                                                        b_rates[-1], wall_ratios[-1],
                                                        cpu_ratios[-1]), flush=True)
    print("median %13s %10.1f %10.1f %12.3f %12.3f" % ("", statistics.median(a_rates),
                                                       statistics.median(b_rates),
                                                       statistics.median(wall_ratios),
                                                       statistics.median(cpu_ratios)))
    print("range of A/B: wall %.3f to %.3f, CPU %.3f to %.3f" % (
        min(wall_ratios), max(wall_ratios), min(cpu_ratios), max(cpu_ratios)))
    print(load_average())
    if len(outputs) > 1:
        for output in sorted(outputs):
            print("firmware output: " + output.strip()[:200])
        sys.exit("the runs printed different output")
    print("firmware output (all runs): " + next(iter(outputs)).strip()[:200])


if __name__ == "__main__":
    main()
