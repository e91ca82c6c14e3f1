// Progress of one cimx run on stderr: images done / total, elapsed and time left, counted from
// the firmware's "pred" lines as cimvp prints them (a batch at a time). The time left also
// counts the latency phase that follows (images run one at a time, printing nothing). On a
// terminal one line redrawn in place (and cleared at the end); otherwise, for runs longer than
// 10 s, a line at every tenth of the images. The same form as cimx sweep's progress line.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>

namespace cimx {

class RunProgress {
  public:
    // total_images: the "pred" lines to expect; images_after: images that run after them
    // without a line (their time is estimated at the mean time per image so far).
    RunProgress(int64_t total_images, int64_t images_after, bool enabled, bool tty,
                std::FILE* out = stderr);
    void output(const char* data, size_t size); // cimvp's stdout as it arrives
    void finish();

  private:
    void show();

    int64_t total_, after_, done_ = 0, last_tenth_ = 0;
    bool enabled_, tty_, drawn_ = false, line_start_ = true, pred_line_ = false;
    std::FILE* out_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_{};
};

} // namespace cimx
