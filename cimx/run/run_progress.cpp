#include "cimx/run/run_progress.h"

#include "cimx/sweep/progress.h"

namespace cimx {

RunProgress::RunProgress(int64_t total, int64_t after, bool enabled, bool tty, std::FILE* out)
    : total_(total), after_(after), enabled_(enabled && total > 0), tty_(tty), out_(out) {}

void RunProgress::output(const char* data, size_t size) {
    for (size_t i = 0; i < size; ++i) {
        if (line_start_) pred_line_ = data[i] == 'p'; // "pred <index> <class>"
        line_start_ = data[i] == '\n';
        if (line_start_ && pred_line_) ++done_;
    }
    if (enabled_) show();
}

void RunProgress::show() {
    using namespace std::chrono;
    const auto now = steady_clock::now();
    const double elapsed = duration<double>(now - start_).count();
    const int64_t tenth = done_ * 10 / total_;
    if (tty_ ? elapsed < 1 || now - last_ < milliseconds(250)
             : elapsed < 10 || tenth == last_tenth_)
        return;
    last_ = now, last_tenth_ = tenth;
    const std::string left =
        done_ ? "~" + format_duration(elapsed / double(done_) * double(total_ + after_ - done_))
              : "?";
    std::fprintf(out_, "%scimx run: %lld/%lld images, elapsed %s, left %s%s",
                 tty_ ? "\r\033[K" : "", static_cast<long long>(done_),
                 static_cast<long long>(total_), format_duration(elapsed).c_str(), left.c_str(),
                 tty_ ? "" : "\n");
    std::fflush(out_);
    drawn_ = true;
}

void RunProgress::finish() {
    if (drawn_ && tty_) std::fprintf(out_, "\r\033[K");
    std::fflush(out_);
}

} // namespace cimx
