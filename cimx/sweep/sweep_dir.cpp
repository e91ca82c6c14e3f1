#include "cimx/sweep/sweep_dir.h"

#include "cimx/sweep/atomic_file.h"
#include "cimx/sweep/results_csv_reader.h"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <unistd.h>

namespace cimx {
namespace {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

const char* const format_name = "cimx-sweep 1";

// The files a sweep owns in its directory (--force removes exactly these).
const char* const owned_files[] = {"manifest.json", "sweep.cfg",   "rows",          "logs",
                                   "scratch",       "results.csv", "results.jsonl", "summary.csv",
                                   "plots",         "report.html"};

std::string manifest_text(const SweepSpec& spec, Shard shard) {
    ojson j = {{"format", format_name},
               {"sweep", ojson::parse(spec.identity())},
               {"shard", {{"index", shard.index}, {"count", shard.count}}}};
    return j.dump(1) + "\n";
}

struct Manifest {
    std::string identity;
    Shard shard;
};

Manifest read_manifest(const std::string& dir) {
    const std::string path = dir + "/manifest.json";
    Manifest m;
    try {
        const ojson j = ojson::parse(read_whole_file(path));
        if (j.at("format") != format_name) throw SweepError(path + ": not a cimx sweep manifest");
        m.identity = j.at("sweep").dump();
        m.shard.index = j.at("shard").at("index").get<int64_t>();
        m.shard.count = j.at("shard").at("count").get<int64_t>();
    } catch (const std::runtime_error& e) {
        throw SweepError(e.what());
    } catch (const nlohmann::json::exception& e) {
        throw SweepError(path + ": " + e.what());
    }
    return m;
}

bool parse_row_name(const std::string& name, int64_t& point, int64_t& chip) {
    long long p = 0, c = 0;
    char tail = 0;
    return std::sscanf(name.c_str(), "p%lld-c%lld.jso%c", &p, &c, &tail) == 3 && tail == 'n' &&
           name == "p" + std::to_string(p) + "-c" + std::to_string(c) + ".json" &&
           (point = p, chip = c, true);
}

} // namespace

Shard parse_shard(const std::string& text) {
    long long i = 0, n = 0;
    char extra = 0;
    if (std::sscanf(text.c_str(), "%lld/%lld%c", &i, &n, &extra) != 2 || n < 1 || i < 1 || i > n)
        throw SweepError("--shard " + text + ": expected I/N with 1 <= I <= N (e.g. 2/4)");
    return {i, n};
}

SweepSpec spec_from_identity(const std::string& identity, const std::string& file_name) {
    const ojson j = ojson::parse(identity);
    SweepSpec s;
    s.file = file_name;
    s.model = j.at("model").get<std::string>();
    s.images = j.at("images").get<int64_t>();
    s.chips = j.at("chips").get<int64_t>();
    s.seed = j.at("seed").get<uint64_t>();
    for (const ojson& e : j.at("set")) s.set.push_back({e[0], e[1], 0});
    for (const ojson& a : j.at("axes"))
        s.axes.push_back({a[0], a[1].get<std::vector<std::string>>(), 0});
    return s;
}

SweepDir SweepDir::create_or_resume(const std::string& dir, const SweepSpec& spec, Shard shard,
                                    const std::string& sweep_text, bool force) {
    SweepDir d;
    d.dir_ = dir, d.spec_ = spec, d.shard_ = shard;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir)) throw SweepError(dir + ": cannot create the directory");
    d.lock();
    const bool has_manifest = fs::exists(dir + "/manifest.json");
    bool fresh = !has_manifest;
    if (has_manifest) {
        const Manifest m = read_manifest(dir);
        const bool same = m.identity == spec.identity() && m.shard.index == shard.index &&
                          m.shard.count == shard.count;
        if (!same && !force)
            throw SweepError(
                dir +
                (m.identity == spec.identity()
                     ? " holds shard " + m.shard.str() + " of this sweep, not " + shard.str()
                     : " holds the results of a different sweep file") +
                "; use another --out directory, or --force to replace them");
        fresh = !same;
    } else if (fs::exists(dir + "/rows")) {
        throw SweepError(dir + " has rows/ but no manifest.json: not made by cimx sweep; use "
                               "another --out directory");
    }
    d.remove_leftovers();
    if (fresh) {
        for (const char* f : owned_files) fs::remove_all(fs::path(dir) / f);
        write_file_atomically(dir + "/sweep.cfg", sweep_text);
        write_file_atomically(dir + "/manifest.json", manifest_text(spec, shard));
    }
    for (const char* sub : {"rows", "logs", "scratch"}) fs::create_directories(dir + "/" + sub);
    d.load_rows();
    return d;
}

SweepDir SweepDir::open_existing(const std::string& dir) {
    if (!fs::exists(dir + "/manifest.json"))
        throw SweepError(dir + ": not a sweep directory (no manifest.json)");
    SweepDir d;
    d.dir_ = dir;
    const Manifest m = read_manifest(dir);
    try {
        d.spec_ = spec_from_identity(m.identity, dir + "/sweep.cfg");
    } catch (const nlohmann::json::exception& e) {
        throw SweepError(dir + "/manifest.json: " + e.what());
    }
    d.shard_ = m.shard;
    d.load_rows();
    return d;
}

void SweepDir::lock() {
    const std::string path = dir_ + "/.lock";
    const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw SweepError(path + ": cannot open the lock file");
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        throw SweepError(dir_ + " is in use by another cimx sweep");
    }
    lock_fd_ = std::shared_ptr<int>(new int(fd), [](int* p) {
        close(*p);
        delete p;
    });
}

// Temporary files of writes that a kill cut short, and the scratch files of runs that were
// going on: none of them is a result.
void SweepDir::remove_leftovers() const {
    for (const fs::directory_entry& e : fs::directory_iterator(dir_)) {
        const std::string name = e.path().filename().string();
        for (const char* f : owned_files)
            if (name.rfind(std::string(f) + ".", 0) == 0 && name.size() > 4 &&
                name.substr(name.size() - 4) == ".tmp")
                fs::remove(e.path());
    }
    fs::remove_all(fs::path(dir_) / "scratch");
}

void SweepDir::load_rows() {
    rows_.clear();
    const fs::path rows = fs::path(dir_) / "rows";
    if (!fs::is_directory(rows)) {
        // Opened to read (cimx plot) without rows/: the results committed as CSV, if any.
        const std::string csv = dir_ + "/results.csv";
        if (!lock_fd_ && fs::exists(csv))
            for (RowResult& r : rows_from_results_csv(spec_, read_whole_file(csv), csv))
                rows_[{r.point, r.chip}] = std::move(r);
        return;
    }
    for (const fs::directory_entry& e : fs::directory_iterator(rows)) {
        const std::string name = e.path().filename().string();
        int64_t point = 0, chip = 0;
        if (!parse_row_name(name, point, chip)) {
            // A temporary file of a write that was cut short: the row was not finished.
            if (lock_fd_ && name.size() > 4 && name.substr(name.size() - 4) == ".tmp")
                fs::remove(e.path());
            continue;
        }
        RowResult r;
        try {
            r = row_from_file_json(ojson::parse(read_whole_file(e.path().string())));
        } catch (const std::exception& ex) {
            throw SweepError(e.path().string() + ": " + ex.what());
        }
        if (r.point != point || r.chip != chip || point >= spec_.points() || chip >= spec_.chips)
            throw SweepError(e.path().string() + ": a row that is not part of this sweep");
        rows_[{point, chip}] = r;
    }
}

std::string SweepDir::sweep_text() const {
    try {
        return read_whole_file(dir_ + "/sweep.cfg");
    } catch (const std::runtime_error&) {
        return "";
    }
}

std::vector<std::pair<int64_t, int64_t>> SweepDir::missing_rows() const {
    std::vector<std::pair<int64_t, int64_t>> v;
    for (int64_t p = 0; p < spec_.points(); ++p)
        if (shard_.contains(p))
            for (int64_t c = 0; c < spec_.chips; ++c)
                if (!has_row(p, c)) v.push_back({p, c});
    return v;
}

int64_t SweepDir::rows_missing_overall() const { return spec_.rows() - int64_t(rows_.size()); }

std::vector<RowResult> SweepDir::rows() const {
    std::vector<RowResult> v;
    for (const auto& [key, r] : rows_) v.push_back(r);
    return v;
}

std::vector<RowResult> SweepDir::point_rows(int64_t point) const {
    std::vector<RowResult> v;
    for (auto it = rows_.lower_bound({point, 0}); it != rows_.end() && it->first.first == point;
         ++it)
        v.push_back(it->second);
    return v;
}

std::string SweepDir::row_file(int64_t point, int64_t chip) const {
    return dir_ + "/rows/p" + std::to_string(point) + "-c" + std::to_string(chip) + ".json";
}

std::string SweepDir::log_file(int64_t point, int64_t chip) const {
    return dir_ + "/logs/p" + std::to_string(point) + "-c" + std::to_string(chip) + ".log";
}

std::string SweepDir::scratch_json(int64_t point, int64_t chip) const {
    return dir_ + "/scratch/p" + std::to_string(point) + "-c" + std::to_string(chip) + ".json";
}

void SweepDir::add_row(const RowResult& row, const ojson& record) {
    if (has_row(row.point, row.chip)) return;
    write_file_atomically(row_file(row.point, row.chip),
                          row_file_json(row, spec_, record).dump() + "\n");
    rows_[{row.point, row.chip}] = row;
}

void SweepDir::add_row_file(const std::string& content) {
    const RowResult r = row_from_file_json(ojson::parse(content));
    if (r.point >= spec_.points() || r.chip >= spec_.chips)
        throw SweepError("a row that is not part of this sweep");
    if (has_row(r.point, r.chip)) return;
    write_file_atomically(row_file(r.point, r.chip), content);
    rows_[{r.point, r.chip}] = r;
}

std::string SweepDir::row_file_content(int64_t point, int64_t chip) const {
    return read_whole_file(row_file(point, chip));
}

void SweepDir::drop_failed_rows() {
    for (auto it = rows_.begin(); it != rows_.end();) {
        if (!it->second.ok && shard_.contains(it->first.first)) {
            fs::remove(row_file(it->first.first, it->first.second));
            it = rows_.erase(it);
        } else {
            ++it;
        }
    }
}

void SweepDir::write_tables() const {
    const std::vector<RowResult> r = rows();
    write_file_atomically(dir_ + "/results.csv", results_csv(spec_, r), false);
    write_file_atomically(dir_ + "/summary.csv", summary_csv(spec_, summarize(r)), false);
}

void SweepDir::write_jsonl() const {
    std::string out;
    for (const auto& [key, r] : rows_)
        out += jsonl_line(ojson::parse(row_file_content(key.first, key.second)));
    write_file_atomically(dir_ + "/results.jsonl", out, false);
}

} // namespace cimx
