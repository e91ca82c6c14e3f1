// `cimx sweep SWEEP.cfg --out DIR [-j N] [--shard I/N]`: the design-space exploration. Expands
// the sweep file into points, checks every key and value with the tools, runs each point on
// each chip as its own `cimx run` process (N at once), and writes results.csv, results.jsonl
// and summary.csv to DIR; a second run with the same DIR finishes what is missing.
// `cimx sweep --merge DIR1 DIR2 ... --out DIR` combines shards. See docs/sweep.md.
#include "cimx/commands.h"

#include "cimx/run/process.h"
#include "cimx/sweep/atomic_file.h"
#include "cimx/sweep/progress.h"
#include "cimx/sweep/sweep_check.h"
#include "cimx/sweep/sweep_dir.h"
#include "cimx/sweep/sweep_runner.h"

#include <boost/program_options.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace cimx {
namespace {

struct SweepArgs {
    std::string sweep_file, out, shard = "1/1";
    std::vector<std::string> merge;
    int jobs = 1;
    bool force = false, retry_failed = false, check_only = false;
};

po::options_description sweep_options(SweepArgs& a) {
    po::options_description d("cimx sweep options");
    auto add = d.add_options();
    add("help,h", "show this help");
    add("out,o", po::value(&a.out)->value_name("DIR"),
        "output directory (created; resumed if it holds "
        "this sweep)");
    add("jobs,j", po::value(&a.jobs)->default_value(1)->value_name("N"),
        "runs at once (each is its own cimc/cimvp process)");
    add("shard", po::value(&a.shard)->default_value("1/1")->value_name("I/N"),
        "run only the I-th of N disjoint parts of the points (for a cluster)");
    add("merge", po::value(&a.merge)->multitoken()->value_name("DIR..."),
        "combine the shard directories DIR... into --out");
    add("force", po::bool_switch(&a.force),
        "replace the results of a different sweep in --out instead of stopping");
    add("retry-failed", po::bool_switch(&a.retry_failed),
        "run the failed rows of this sweep again (e.g. after a transient failure)");
    add("check-only", po::bool_switch(&a.check_only),
        "check the sweep file (keys and values, with the tools) and run nothing");
    return d;
}

std::string self_path() {
    std::error_code ec;
    const fs::path p = fs::read_symlink("/proc/self/exe", ec);
    return ec ? "cimx" : p.string();
}

SweepTools tools() {
    return {self_path(), tool_path("CIMX_CIMVP", CIMX_CIMVP_PATH),
            tool_path("CIMX_CIMC", CIMX_CIMC_PATH)};
}

int run_sweep(const SweepArgs& a) {
    const auto t0 = std::chrono::steady_clock::now();
    const SweepSpec spec = read_sweep_file(a.sweep_file);
    const Shard shard = parse_shard(a.shard);
    check_sweep_options(spec, tools());
    if (a.check_only) {
        std::fprintf(stderr,
                     "cimx sweep: %s: %lld points x %lld chips = %lld runs; keys and "
                     "values are valid\n",
                     a.sweep_file.c_str(), static_cast<long long>(spec.points()),
                     static_cast<long long>(spec.chips), static_cast<long long>(spec.rows()));
        return 0;
    }
    SweepDir dir =
        SweepDir::create_or_resume(a.out, spec, shard, read_whole_file(a.sweep_file), a.force);
    if (a.retry_failed) dir.drop_failed_rows();
    dir.write_tables();
    const size_t todo = dir.missing_rows().size();
    std::fprintf(stderr, "cimx sweep: %lld points x %lld chips%s; %zu runs to do, -j %d\n",
                 static_cast<long long>(spec.points()), static_cast<long long>(spec.chips),
                 shard.count > 1 ? (", shard " + shard.str()).c_str() : "", todo, a.jobs);
    Progress progress(dir, isatty(STDERR_FILENO) == 1);
    const int rc = run_missing_rows(dir, tools().cimx, a.jobs, progress);
    progress.finish();
    dir.write_tables();
    dir.write_jsonl();
    if (rc != 0) {
        std::fprintf(stderr,
                     "cimx sweep: stopped by a signal; the finished rows are kept: run the same "
                     "command again to finish the %zu missing\n",
                     dir.missing_rows().size());
        return rc;
    }
    int64_t failed = 0;
    for (const RowResult& r : dir.rows()) failed += !r.ok && shard.contains(r.point);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "cimx sweep: done in %s: %s/results.csv, summary.csv, results.jsonl",
                 format_duration(s).c_str(), a.out.c_str());
    if (failed)
        std::fprintf(stderr, "; %lld failed runs (status, error columns; logs in %s/logs)",
                     static_cast<long long>(failed), a.out.c_str());
    std::fprintf(stderr, "\n");
    return 0;
}

int merge(const SweepArgs& a) {
    std::vector<SweepDir> inputs;
    for (const std::string& d : a.merge) inputs.push_back(SweepDir::open_existing(d));
    const SweepSpec& spec = inputs.front().spec();
    std::vector<bool> shard_given(size_t(inputs.front().shard().count), false);
    for (const SweepDir& d : inputs) {
        if (d.spec().identity() != spec.identity())
            throw SweepError(d.path() + " holds a different sweep than " + inputs.front().path());
        if (d.shard().count == int64_t(shard_given.size()))
            shard_given[size_t(d.shard().index - 1)] = true;
    }
    SweepDir out =
        SweepDir::create_or_resume(a.out, spec, Shard{}, inputs.front().sweep_text(), a.force);
    for (const SweepDir& d : inputs)
        for (const RowResult& r : d.rows())
            if (!out.has_row(r.point, r.chip))
                out.add_row_file(d.row_file_content(r.point, r.chip));
    out.write_tables();
    out.write_jsonl();
    const int64_t missing = out.rows_missing_overall();
    if (missing == 0) {
        std::fprintf(stderr, "cimx sweep: merged %zu directories into %s: %lld rows\n",
                     inputs.size(), a.out.c_str(), static_cast<long long>(spec.rows()));
        return 0;
    }
    std::string absent;
    for (size_t i = 0; i < shard_given.size(); ++i)
        if (!shard_given[i])
            absent += (absent.empty() ? "" : ", ") + std::to_string(i + 1) + "/" +
                      std::to_string(shard_given.size());
    std::fprintf(
        stderr,
        "cimx sweep: error: %s is missing %lld of %lld rows%s; run cimx sweep "
        "SWEEP.cfg --out %s to finish them\n",
        a.out.c_str(), static_cast<long long>(missing), static_cast<long long>(spec.rows()),
        absent.empty() ? "" : (" (shards not given: " + absent + ")").c_str(), a.out.c_str());
    return 1;
}

} // namespace

int sweep_command(const std::vector<std::string>& args) {
    SweepArgs a;
    po::options_description desc = sweep_options(a);
    po::options_description all;
    all.add(desc).add_options()("sweep-file", po::value(&a.sweep_file));
    po::positional_options_description pos;
    pos.add("sweep-file", 1);
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
        if (vm.count("help")) {
            std::cout << "usage: cimx sweep SWEEP.cfg --out DIR [-j N] [--shard I/N]\n"
                         "       cimx sweep --merge DIR1 DIR2 ... --out DIR\n"
                         "(the sweep file's syntax, outputs and resume: docs/sweep.md)\n"
                      << desc;
            return 0;
        }
        po::notify(vm);
        if (a.out.empty() && !a.check_only) throw po::error("--out DIR is required");
        if (a.jobs < 1 || a.jobs > 1024) throw po::error("-j must be in [1, 1024]");
        if (a.merge.empty() == a.sweep_file.empty())
            throw po::error("give a sweep file or --merge DIR..., not both");
        if (!a.merge.empty() && (vm["shard"].as<std::string>() != "1/1" || a.retry_failed))
            throw po::error("--merge takes only --out and --force");
    } catch (const po::error& e) {
        std::cerr << "cimx sweep: error: " << e.what() << "\n";
        return 2;
    }
    try {
        return a.merge.empty() ? run_sweep(a) : merge(a);
    } catch (const std::exception& e) {
        std::cerr << "cimx sweep: error: " << e.what() << "\n";
        return 1;
    }
}

} // namespace cimx
