#!/usr/bin/python3
"""Measures cimvp's simulation speed in MIPS on the CPU-bound benchmark firmware
(bench/mips_loop.c): retired instructions (the "instructions" key of --stats-json) divided by
the wall time of the whole cimvp process (start-up, ELF loading and shutdown included),
measured here. Runs the default quantum and then --quantum 100ns, 1us, 10us, 100us, 1ms, and
checks that every run prints the same checksum. With --qemu, also times qemu-system-riscv32
on the same firmware (QEMU reports no instruction count: its figure uses cimvp's count).
With --repeat N, each configuration runs N times and the best and the median MIPS are shown;
the load average is printed before and after, as shared machines make wall times vary. The
"CPU MIPS" column divides by the process's CPU time (user + system) instead, which depends
much less on what else the machine runs.

Example: bench/mips.py --build-dir build
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_QUANTA = ["100ns", "1us", "10us", "100us", "1ms"]


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default=os.path.join(REPO_ROOT, "build"),
                        help="CMake build directory (default: %(default)s)")
    parser.add_argument("--cimvp", help="cimvp executable (default: BUILD/platform/cimvp)")
    parser.add_argument("--firmware",
                        help="benchmark ELF (default: BUILD/bench/bench_mips_loop.elf)")
    parser.add_argument("--rounds", type=int, default=0,
                        help="rounds of the benchmark loop (0: the firmware's default, "
                             "about 256 million instructions)")
    parser.add_argument("--quanta", default=",".join(DEFAULT_QUANTA),
                        help="comma-separated --quantum values to run after the default "
                             "(empty: none; default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per configuration: the best and the median MIPS are shown "
                             "(default: 1)")
    parser.add_argument("--qemu", action="store_true",
                        help="also time qemu-system-riscv32 -M virt on the firmware")
    parser.add_argument("--skip-cimvp", action="store_true",
                        help="do not run cimvp (with --qemu: check the firmware on QEMU only)")
    return parser.parse_args()


def firmware_arguments(rounds):
    return [str(rounds)] if rounds > 0 else []


def child_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cimvp(cimvp, firmware, rounds, quantum):
    """Returns (stdout, instructions, wall seconds, VP-reported MIPS, CPU seconds) of one cimvp
    run."""
    with tempfile.TemporaryDirectory(prefix="cimvp-mips-") as directory:
        stats_path = os.path.join(directory, "stats.json")
        command = [cimvp, "--quiet", "--stats-json", stats_path]
        if quantum is not None:
            command += ["--quantum", quantum]
        command.append(firmware)
        arguments = firmware_arguments(rounds)
        if arguments:
            command += ["--"] + arguments
        completed, wall_seconds, cpu_seconds = timed_run(command, "cimvp")
        with open(stats_path, encoding="utf-8") as stats_file:
            stats = json.load(stats_file)
    return (completed.stdout, int(stats["instructions"]), wall_seconds, stats.get("mips"),
            cpu_seconds)


def timed_run(command, name):
    """Runs command; returns (completed process, wall seconds, CPU seconds). Exits on failure."""
    cpu_start, start = child_cpu_seconds(), time.monotonic()
    completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, check=False)
    wall_seconds = time.monotonic() - start
    cpu_seconds = child_cpu_seconds() - cpu_start
    if completed.returncode != 0:
        sys.exit("%s failed (exit code %d): %s\n%s" % (
            name, completed.returncode, " ".join(command), completed.stderr))
    return completed, wall_seconds, cpu_seconds


def run_qemu(qemu, firmware, rounds):
    """Returns (stdout, wall seconds, CPU seconds) of one QEMU run."""
    semihosting = "enable=on,target=native,chardev=console,arg=" + firmware.replace(",", ",,")
    for argument in firmware_arguments(rounds):
        semihosting += ",arg=" + argument
    command = [qemu, "-M", "virt", "-m", "128M", "-bios", "none", "-display", "none",
               "-monitor", "none", "-chardev", "stdio,id=console,mux=on",
               "-serial", "chardev:console", "-semihosting-config", semihosting,
               "-kernel", firmware]
    completed, wall_seconds, cpu_seconds = timed_run(command, "qemu")
    return completed.stdout, wall_seconds, cpu_seconds


def load_average():
    try:
        return "load average %.2f %.2f %.2f (%d CPUs)" % (os.getloadavg() + (os.cpu_count(),))
    except OSError:
        return "load average unknown"


def print_row(name, instructions, wall_times, cpu_times, vp_mips):
    """One table row: the best run's wall time and MIPS, the median MIPS, and the MIPS of the
    run with the least CPU time."""
    best = min(wall_times)
    median = statistics.median(wall_times)
    rate = (lambda seconds: "%11.1f" % (instructions / seconds / 1e6)) if instructions else (
        lambda seconds: "%11s" % "-")
    print("%-10s %14s %9.3f %s %s %s %12s" % (name, instructions or "-", best, rate(best),
                                              rate(median), rate(min(cpu_times)), vp_mips),
          flush=True)


def main():
    options = parse_arguments()
    cimvp = options.cimvp or os.path.join(options.build_dir, "platform", "cimvp")
    firmware = options.firmware or os.path.join(options.build_dir, "bench",
                                                "bench_mips_loop.elf")
    if not os.path.isfile(firmware):
        sys.exit("benchmark firmware not found: %s (build the target bench_mips_loop)" % firmware)
    if not options.skip_cimvp and not os.access(cimvp, os.X_OK):
        sys.exit("cimvp not found: %s (build the target cimvp, or pass --cimvp)" % cimvp)
    repeat = max(1, options.repeat)

    outputs = set()
    instructions = None
    print(load_average())
    print("%-10s %14s %9s %11s %11s %11s %12s" % ("quantum", "instructions", "best s",
                                                   "best MIPS", "median MIPS", "CPU MIPS",
                                                   "VP's MIPS"))
    if not options.skip_cimvp:
        quanta = [None] + [q for q in options.quanta.split(",") if q]
        for quantum in quanta:
            runs = [run_cimvp(cimvp, firmware, options.rounds, quantum) for _ in range(repeat)]
            best = min(runs, key=lambda result: result[2])
            instructions, vp_mips = best[1], best[3]
            outputs.update(result[0] for result in runs)
            print_row(quantum or "default", instructions, [result[2] for result in runs],
                      [result[4] for result in runs],
                      "%.1f" % vp_mips if vp_mips is not None else "-")

    if options.qemu:
        qemu = shutil.which("qemu-system-riscv32")
        if qemu is None:
            sys.exit("qemu-system-riscv32 not found (Debian package qemu-system-misc)")
        runs = [run_qemu(qemu, firmware, options.rounds) for _ in range(repeat)]
        outputs.update(result[0] for result in runs)
        print_row("qemu", instructions, [result[1] for result in runs],
                  [result[2] for result in runs], "-")

    print(load_average())
    for output in sorted(outputs):
        print("firmware output: " + output.strip())
    if len(outputs) > 1:
        sys.exit("the runs printed different output")


if __name__ == "__main__":
    main()
