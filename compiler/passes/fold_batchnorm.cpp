#include "compiler/passes/fold_batchnorm.h"

#include "compiler/ir/error.h"
#include "compiler/passes/channel_ops.h"
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/op_registry.h"
#include "util/number_text.h"

#include <algorithm>
#include <climits>
#include <cmath>

namespace cimc {
namespace {

// Exhaustive checks up to this many evaluations per layer (a hidden layer: (2K+1) M).
constexpr int64_t kExhaustiveLimit = int64_t(1) << 23;
// A channel with more levels than this cannot be a binary/ternary activation.
constexpr size_t kMaxLevels = 8;

// One channel's activation as a step function of s' = dir * s, non-decreasing: `first` on
// [domain low, steps[0].first), then steps[i].second from steps[i].first on.
struct Steps {
    float first = 0;
    std::vector<std::pair<int64_t, float>> steps;
};

class Folder {
  public:
    Folder(Layer& l, std::string origin) : l_(l), origin_(std::move(origin)), m_(l.outputs) {
        std::tie(lo_, hi_) = preactivation_range(l);
    }

    void run() {
        const std::vector<float> at_lo = eval_uniform(lo_), at_hi = eval_uniform(hi_);
        dir_.assign(size_t(m_), 1);
        for (int64_t c = 0; c < m_; ++c)
            dir_[size_t(c)] = at_lo[size_t(c)] > at_hi[size_t(c)] ? -1 : 1;
        const std::vector<Steps> steps = find_steps();
        choose_alphabet(steps);
        l_.thresholds.assign(size_t(m_), Threshold{});
        for (int64_t c = 0; c < m_; ++c) l_.thresholds[size_t(c)] = threshold(c, steps[size_t(c)]);
        if ((hi_ - lo_ + 1) * m_ <= kExhaustiveLimit) verify_all();
        pool_directions();
    }

  private:
    // Output of the whole epilogue with per-channel pre-activations s[c].
    std::vector<float> eval(const std::vector<int64_t>& s) const {
        std::vector<float> x(s.size());
        for (size_t c = 0; c < s.size(); ++c) x[c] = preactivation_value(l_, int64_t(c), s[c]);
        return evaluate_epilogue(l_, x, 1, 0, l_.epilogue.size(), origin_);
    }
    std::vector<float> eval_uniform(int64_t s) const {
        return eval(std::vector<int64_t>(size_t(m_), s));
    }
    // In s' = dir * s per channel.
    std::vector<float> eval_dir(const std::vector<int64_t>& sp) const {
        std::vector<int64_t> s(sp.size());
        for (size_t c = 0; c < s.size(); ++c) s[c] = sp[c] * dir_[c];
        return eval(s);
    }
    int64_t domain_lo(size_t c) const { return dir_[c] > 0 ? lo_ : -hi_; }
    int64_t domain_hi(size_t c) const { return dir_[c] > 0 ? hi_ : -lo_; }

    // Every value change of every channel, by bisection of the intervals whose ends differ:
    // about log2(range) rounds, each one evaluation per open interval and channel.
    std::vector<Steps> find_steps() const {
        const size_t m = size_t(m_);
        struct Open {
            int64_t a, b;
            float fa, fb;
        };
        std::vector<std::vector<Open>> open(m);
        std::vector<Steps> out(m);
        {
            std::vector<int64_t> a(m), b(m);
            for (size_t c = 0; c < m; ++c) a[c] = domain_lo(c), b[c] = domain_hi(c);
            const std::vector<float> fa = eval_dir(a), fb = eval_dir(b);
            for (size_t c = 0; c < m; ++c) {
                out[c].first = fa[c];
                if (fa[c] != fb[c]) open[c].push_back({a[c], b[c], fa[c], fb[c]});
            }
        }
        for (bool any = true; any;) {
            any = false;
            size_t rows = 0;
            for (size_t c = 0; c < m; ++c) {
                std::vector<Open> keep;
                for (const Open& o : open[c]) {
                    if (o.b - o.a > 1) {
                        keep.push_back(o);
                    } else {
                        out[c].steps.emplace_back(o.b, o.fb);
                        if (out[c].steps.size() > kMaxLevels) too_many_levels(c);
                    }
                }
                open[c] = keep;
                rows = std::max(rows, open[c].size());
            }
            if (rows == 0) break;
            any = true;
            // Row r evaluates channel c's r-th open interval's midpoint.
            std::vector<std::vector<int64_t>> mids(rows, std::vector<int64_t>(m));
            for (size_t r = 0; r < rows; ++r)
                for (size_t c = 0; c < m; ++c)
                    mids[r][c] = r < open[c].size()
                                     ? open[c][r].a + (open[c][r].b - open[c][r].a) / 2
                                     : domain_lo(c);
            std::vector<float> x(rows * m);
            for (size_t r = 0; r < rows; ++r)
                for (size_t c = 0; c < m; ++c)
                    x[r * m + c] = preactivation_value(l_, int64_t(c), mids[r][c] * dir_[c]);
            const std::vector<float> ys =
                evaluate_epilogue(l_, x, int64_t(rows), 0, l_.epilogue.size(), origin_);
            for (size_t c = 0; c < m; ++c) {
                std::vector<Open> next;
                for (size_t r = 0; r < open[c].size(); ++r) {
                    const Open o = open[c][r];
                    const int64_t mid = mids[r][c];
                    const float fm = ys[r * m + c];
                    if (fm != o.fa) next.push_back({o.a, mid, o.fa, fm});
                    if (fm != o.fb) next.push_back({mid, o.b, fm, o.fb});
                }
                if (next.size() > kMaxLevels) too_many_levels(c);
                open[c] = next;
            }
        }
        for (Steps& s : out) std::sort(s.steps.begin(), s.steps.end());
        return out;
    }

    [[noreturn]] void too_many_levels(size_t c) const {
        fail("channel " + std::to_string(c) + " takes more than " + std::to_string(kMaxLevels) +
             " values: the activation is not binary/ternary");
    }

    // The layer's alphabet: all values in {-b, +b} (binary) or {-b, 0, +b} (ternary), one b.
    void choose_alphabet(const std::vector<Steps>& steps) {
        std::vector<float> values;
        for (const Steps& s : steps) {
            values.push_back(s.first);
            float prev = s.first;
            for (const auto& st : s.steps) {
                if (st.second < prev)
                    fail("channel " + std::to_string(&s - steps.data()) +
                         " is not a monotone step function of its pre-activation");
                prev = st.second;
                values.push_back(st.second);
            }
        }
        float b = 0;
        for (float v : values) b = std::max(b, std::fabs(v));
        bool zero = false;
        for (float v : values) {
            if (v != b && v != -b && v != 0) {
                std::sort(values.begin(), values.end());
                values.erase(std::unique(values.begin(), values.end()), values.end());
                std::string list;
                for (size_t i = 0; i < values.size() && i < 6; ++i)
                    list += (i ? ", " : "") + cimvp::short_number(values[i]);
                fail("the activation takes the values {" + list +
                     (values.size() > 6 ? ", ..." : "") +
                     "}, not {-b, +b} or {-b, 0, +b} with one b for all channels: map them there "
                     "(e.g. MultiThreshold out_scale/out_bias, or Mul/Add after it)");
            }
            zero = zero || v == 0;
        }
        l_.activation = zero ? Alphabet::ternary : Alphabet::binary;
        l_.activation_level = b > 0 ? b : 1.0f;
        level_ = l_.activation_level;
    }

    // The runtime's rule d*s >= hi -> +1, >= lo -> 0, else -1 from the channel's steps.
    Threshold threshold(int64_t c, const Steps& s) const {
        Threshold t;
        t.dir = dir_[size_t(c)];
        auto first_at = [&](float at_least) -> int32_t {
            if (s.first >= at_least) return INT32_MIN;
            for (const auto& st : s.steps)
                if (st.second >= at_least) return int32_t(st.first);
            return INT32_MAX;
        };
        t.hi = first_at(level_);
        t.lo = l_.activation == Alphabet::ternary ? first_at(0.0f) : t.hi;
        return t;
    }

    float apply(const Threshold& t, int64_t s) const {
        const int64_t v = t.dir < 0 ? -s : s;
        return v >= t.hi ? level_ : v >= t.lo ? 0.0f : -level_;
    }

    // Every reachable s against the executor: catches non-monotone chains.
    void verify_all() const {
        const int64_t rows = hi_ - lo_ + 1;
        std::vector<float> x(size_t(rows * m_));
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t c = 0; c < m_; ++c)
                x[size_t(r * m_ + c)] = preactivation_value(l_, c, lo_ + r);
        const std::vector<float> y = evaluate_epilogue(l_, x, rows, 0, l_.epilogue.size(), origin_);
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t c = 0; c < m_; ++c)
                if (apply(l_.thresholds[size_t(c)], lo_ + r) != y[size_t(r * m_ + c)])
                    fail("channel " + std::to_string(c) +
                         " is not a monotone step function of its pre-activation");
    }

    [[noreturn]] void fail(const std::string& why) const {
        const qonnx::Node& n = l_.epilogue.back().node;
        throw CompileError(origin_ + ": " + n.describe() + ": " + why, n.name, n.op_type, why);
    }

    // A pool placed before epilogue node i sees values of the prefix [0, i): where the prefix
    // and the whole chain disagree in direction, the pooled activation is the minimum.
    void pool_directions() {
        for (Pool& p : l_.pools) {
            p.dir.assign(size_t(m_), 1);
            std::vector<float> x(size_t(2 * m_));
            for (int64_t c = 0; c < m_; ++c) {
                x[size_t(c)] = preactivation_value(l_, c, lo_);
                x[size_t(m_ + c)] = preactivation_value(l_, c, hi_);
            }
            const auto v = evaluate_epilogue(l_, x, 2, 0, size_t(p.epilogue_index), origin_);
            for (int64_t c = 0; c < m_; ++c) {
                const int prefix = v[size_t(c)] > v[size_t(m_ + c)] ? -1 : 1;
                p.dir[size_t(c)] = int8_t(prefix * l_.thresholds[size_t(c)].dir);
            }
        }
    }

    Layer& l_;
    std::string origin_;
    int64_t m_, lo_ = 0, hi_ = 0;
    std::vector<int> dir_;
    float level_ = 1.0f;
};

} // namespace

float preactivation_value(const Layer& l, int64_t o, int64_t s) {
    if (l.pre_scale.empty()) return static_cast<float>(s);
    const size_t k = size_t(o);
    return static_cast<float>(l.pre_scale[k] * (double(s) + l.pre_offset[k]));
}

std::pair<int64_t, int64_t> preactivation_range(const Layer& l) {
    const int64_t bound = l.fan_in * (l.input == Alphabet::real ? l.max_code : 1);
    return {-bound, bound};
}

void set_binary_preactivation(Layer& l) {
    l.max_code = 1;
    l.pixel_pad = 0;
    l.pre_scale.clear();
    l.pre_offset.clear();
    const bool unit = l.input_level == 1.0f && l.weight_scale.empty();
    if (unit) return; // (float)s
    for (int64_t o = 0; o < l.outputs; ++o) {
        const float a = l.weight_scale.empty() ? 1.0f : l.weight_scale[size_t(o)];
        l.pre_scale.push_back(double(l.input_level * a)); // each product is +-(float)(b * a)
        l.pre_offset.push_back(0.0);
    }
}

std::vector<float> evaluate_epilogue(const Layer& l, const std::vector<float>& x, int64_t rows,
                                     size_t begin, size_t end, const std::string& origin) {
    return evaluate_channel_ops(l.epilogue, l.constants, x, rows, l.outputs, begin, end, origin);
}

void fold_batchnorm(Layer& l, const std::string& origin) { Folder(l, origin).run(); }

void fold_batchnorm(Network& net) {
    for (size_t i = 0; i < net.layers.size(); ++i) {
        Layer& l = net.layers[i];
        if (i > 0) {
            const Layer& prev = net.layers[i - 1];
            l.input = prev.activation;
            l.input_level = prev.activation_level;
            set_binary_preactivation(l);
        }
        if (l.has_quantizer) fold_batchnorm(l, net.model_path);
    }
}

} // namespace cimc
