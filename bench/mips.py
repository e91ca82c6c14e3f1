#!/usr/bin/python3
"""Measures cimvp's simulation speed in MIPS on the CPU-bound benchmark firmware
(bench/mips_loop.c): retired instructions (the "instructions" key of --stats-json) divided by
the wall time of the whole cimvp process (start-up, ELF loading and shutdown included),
measured here. Runs the default quantum and then --quantum 100ns, 1us, 10us, 100us, 1ms, and
checks that every run prints the same checksum. With --qemu, also times qemu-system-riscv32
on the same firmware (QEMU reports no instruction count: its figure uses cimvp's count).

Example: bench/mips.py --build-dir build
"""

import argparse
import json
import os
import shutil
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
                        help="runs per configuration; the fastest counts (default: 1)")
    parser.add_argument("--qemu", action="store_true",
                        help="also time qemu-system-riscv32 -M virt on the firmware")
    parser.add_argument("--skip-cimvp", action="store_true",
                        help="do not run cimvp (with --qemu: check the firmware on QEMU only)")
    return parser.parse_args()


def firmware_arguments(rounds):
    return [str(rounds)] if rounds > 0 else []


def run_cimvp(cimvp, firmware, rounds, quantum):
    """Returns (stdout, instructions, wall seconds, VP-reported MIPS) of one cimvp run."""
    with tempfile.TemporaryDirectory(prefix="cimvp-mips-") as directory:
        stats_path = os.path.join(directory, "stats.json")
        command = [cimvp, "--quiet", "--stats-json", stats_path]
        if quantum is not None:
            command += ["--quantum", quantum]
        command.append(firmware)
        arguments = firmware_arguments(rounds)
        if arguments:
            command += ["--"] + arguments
        start = time.monotonic()
        completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, check=False)
        wall_seconds = time.monotonic() - start
        if completed.returncode != 0:
            sys.exit("cimvp failed (exit code %d): %s\n%s" % (
                completed.returncode, " ".join(command), completed.stderr))
        with open(stats_path, encoding="utf-8") as stats_file:
            stats = json.load(stats_file)
    return completed.stdout, int(stats["instructions"]), wall_seconds, stats.get("mips")


def run_qemu(qemu, firmware, rounds):
    """Returns (stdout, wall seconds) of one QEMU run."""
    semihosting = "enable=on,target=native,chardev=console,arg=" + firmware.replace(",", ",,")
    for argument in firmware_arguments(rounds):
        semihosting += ",arg=" + argument
    command = [qemu, "-M", "virt", "-m", "128M", "-bios", "none", "-display", "none",
               "-monitor", "none", "-chardev", "stdio,id=console,mux=on",
               "-serial", "chardev:console", "-semihosting-config", semihosting,
               "-kernel", firmware]
    start = time.monotonic()
    completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, check=False)
    wall_seconds = time.monotonic() - start
    if completed.returncode != 0:
        sys.exit("qemu failed (exit code %d): %s\n%s" % (
            completed.returncode, " ".join(command), completed.stderr))
    return completed.stdout, wall_seconds


def main():
    options = parse_arguments()
    cimvp = options.cimvp or os.path.join(options.build_dir, "platform", "cimvp")
    firmware = options.firmware or os.path.join(options.build_dir, "bench",
                                                "bench_mips_loop.elf")
    if not os.path.isfile(firmware):
        sys.exit("benchmark firmware not found: %s (build the target bench_mips_loop)" % firmware)
    if not options.skip_cimvp and not os.access(cimvp, os.X_OK):
        sys.exit("cimvp not found: %s (build the target cimvp, or pass --cimvp)" % cimvp)

    outputs = set()
    instructions = None
    print("%-10s %14s %9s %9s %12s" % ("quantum", "instructions", "wall s", "MIPS",
                                       "VP's MIPS"))
    if not options.skip_cimvp:
        quanta = [None] + [q for q in options.quanta.split(",") if q]
        for quantum in quanta:
            best = None
            for _ in range(max(1, options.repeat)):
                result = run_cimvp(cimvp, firmware, options.rounds, quantum)
                if best is None or result[2] < best[2]:
                    best = result
            stdout, instructions, wall_seconds, vp_mips = best
            outputs.add(stdout)
            print("%-10s %14d %9.3f %9.1f %12s" % (
                quantum or "default", instructions, wall_seconds,
                instructions / wall_seconds / 1e6,
                "%.1f" % vp_mips if vp_mips is not None else "-"), flush=True)

    if options.qemu:
        qemu = shutil.which("qemu-system-riscv32")
        if qemu is None:
            sys.exit("qemu-system-riscv32 not found (Debian package qemu-system-misc)")
        stdout, wall_seconds = min((run_qemu(qemu, firmware, options.rounds)
                                    for _ in range(max(1, options.repeat))),
                                   key=lambda result: result[1])
        outputs.add(stdout)
        mips = "%9.1f" % (instructions / wall_seconds / 1e6) if instructions else "%9s" % "-"
        print("%-10s %14s %9.3f %s %12s" % ("qemu", instructions or "-", wall_seconds, mips, "-"))

    for output in sorted(outputs):
        print("firmware output: " + output.strip())
    if len(outputs) > 1:
        sys.exit("the runs printed different output")


if __name__ == "__main__":
    main()
