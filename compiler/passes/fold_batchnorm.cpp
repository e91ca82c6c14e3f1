#include "compiler/passes/fold_batchnorm.h"

#include "compiler/ir/error.h"
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/op_registry.h"

#include <climits>
#include <cmath>

namespace cimc {
namespace {

// Exhaustive checks up to this many evaluations per layer (a hidden layer: (2K+1) M).
constexpr int64_t kExhaustiveLimit = int64_t(1) << 23;

class Folder {
  public:
    Folder(Layer& l, std::string origin) : l_(l), origin_(std::move(origin)), m_(l.outputs) {
        std::tie(lo_, hi_) = preactivation_range(l);
    }

    void run() {
        const std::vector<float> at_lo = eval_uniform(lo_), at_hi = eval_uniform(hi_);
        l_.thresholds.assign(size_t(m_), Threshold{});
        for (int64_t c = 0; c < m_; ++c)
            l_.thresholds[size_t(c)].dir = at_lo[size_t(c)] > at_hi[size_t(c)] ? -1 : 1;
        find_level(1.0f);
        if (l_.activation == Alphabet::Ternary) {
            find_level(0.0f);
        } else {
            for (auto& t : l_.thresholds) t.lo = t.hi;
        }
        if ((hi_ - lo_ + 1) * m_ <= kExhaustiveLimit) verify_all();
        pool_directions();
    }

  private:
    // Output of the whole epilogue with per-channel pre-activations s[c].
    std::vector<float> eval(const std::vector<int64_t>& s) const {
        std::vector<float> x(s.size());
        for (size_t c = 0; c < s.size(); ++c) x[c] = preactivation_value(l_.input, s[c]);
        return evaluate_epilogue(l_, x, 1, 0, l_.epilogue.size(), origin_);
    }
    std::vector<float> eval_uniform(int64_t s) const {
        return eval(std::vector<int64_t>(size_t(m_), s));
    }

    // Sets hi (level 1) or lo (level 0) of every channel: the smallest s' = dir * s at which
    // the activation reaches `level`, INT32_MIN if it always does, INT32_MAX if never.
    void find_level(float level) {
        const size_t m = static_cast<size_t>(m_);
        std::vector<int64_t> a(m), b(m), s(m);
        std::vector<char> active(m, 0);
        auto domain_lo = [&](size_t c) { return l_.thresholds[c].dir > 0 ? lo_ : -hi_; };
        auto domain_hi = [&](size_t c) { return l_.thresholds[c].dir > 0 ? hi_ : -lo_; };
        auto at = [&](const std::vector<int64_t>& sp) {
            for (size_t c = 0; c < m; ++c) s[c] = sp[c] * l_.thresholds[c].dir;
            return eval(s);
        };
        for (size_t c = 0; c < m; ++c) a[c] = domain_lo(c), b[c] = domain_hi(c);
        const std::vector<float> ya = at(a), yb = at(b);
        for (size_t c = 0; c < m; ++c) {
            int32_t& t = level > 0.5f ? l_.thresholds[c].hi : l_.thresholds[c].lo;
            if (ya[c] >= level)
                t = INT32_MIN;
            else if (yb[c] < level)
                t = INT32_MAX;
            else
                active[c] = 1;
        }
        for (bool any = true; any;) { // bisection, all channels at once: ~log2(range) rounds
            any = false;
            std::vector<int64_t> mid = a;
            for (size_t c = 0; c < m; ++c)
                if (active[c] && b[c] - a[c] > 1) mid[c] = a[c] + (b[c] - a[c]) / 2, any = true;
            if (!any) break;
            const std::vector<float> ym = at(mid);
            for (size_t c = 0; c < m; ++c)
                if (active[c] && b[c] - a[c] > 1) (ym[c] >= level ? b[c] : a[c]) = mid[c];
        }
        for (size_t c = 0; c < m; ++c)
            if (active[c])
                (level > 0.5f ? l_.thresholds[c].hi : l_.thresholds[c].lo) = int32_t(b[c]);
    }

    static float apply(const Threshold& t, int64_t s) {
        const int64_t v = t.dir < 0 ? -s : s;
        return v >= t.hi ? 1.0f : v >= t.lo ? 0.0f : -1.0f;
    }

    // Every reachable s against the executor: catches non-monotone chains and values outside
    // the alphabet (a quantizer scale != 1).
    void verify_all() const {
        const int64_t rows = hi_ - lo_ + 1;
        std::vector<float> x(size_t(rows * m_));
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t c = 0; c < m_; ++c)
                x[size_t(r * m_ + c)] = preactivation_value(l_.input, lo_ + r);
        const std::vector<float> y = evaluate_epilogue(l_, x, rows, 0, l_.epilogue.size(), origin_);
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t c = 0; c < m_; ++c) {
                const float want = y[size_t(r * m_ + c)];
                if (want != -1.0f && want != 1.0f &&
                    !(want == 0.0f && l_.activation == Alphabet::Ternary))
                    fail("activation value " + std::to_string(want) + " is not in the " +
                         to_string(l_.activation) + " alphabet (quantizer scale must be 1)");
                if (apply(l_.thresholds[size_t(c)], lo_ + r) != want)
                    fail("channel " + std::to_string(c) +
                         " is not a monotone step function of its pre-activation");
            }
    }

    [[noreturn]] void fail(const std::string& why) const {
        throw CompileError(origin_ + ": " + l_.epilogue.back().describe() + ": " + why);
    }

    // A pool placed before epilogue node i sees values of the prefix [0, i): where the prefix
    // and the rest disagree in direction, the pooled activation is the minimum.
    void pool_directions() {
        for (Pool& p : l_.pools) {
            p.dir.assign(size_t(m_), 1);
            if (p.epilogue_index < 0) continue;
            std::vector<float> x(size_t(2 * m_));
            for (int64_t c = 0; c < m_; ++c) {
                x[size_t(c)] = preactivation_value(l_.input, lo_);
                x[size_t(m_ + c)] = preactivation_value(l_.input, hi_);
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
};

} // namespace

float preactivation_value(Alphabet input, int64_t s) {
    if (input == Alphabet::Real) return static_cast<float>(static_cast<double>(s) / kPixelDivisor);
    return static_cast<float>(s);
}

std::pair<int64_t, int64_t> preactivation_range(const Layer& l) {
    const int64_t bound = l.fan_in * (l.input == Alphabet::Real ? 255 : 1);
    return {-bound, bound};
}

std::vector<float> evaluate_epilogue(const Layer& l, const std::vector<float>& x, int64_t rows,
                                     size_t begin, size_t end, const std::string& origin) {
    std::vector<int64_t> shape = {rows, l.outputs};
    if (l.conv)
        shape = {rows, l.outputs, 1, 1}; // per-channel constants broadcast as over [N, M, H, W]
    qonnx::Tensor cur(shape, x);
    for (size_t i = begin; i < end; ++i) {
        const qonnx::Node& n = l.epilogue[i];
        std::vector<const qonnx::Tensor*> args;
        for (const auto& name : n.inputs) {
            auto it = l.constants.find(name);
            args.push_back(name.empty() ? nullptr : it != l.constants.end() ? &it->second : &cur);
        }
        try {
            std::vector<qonnx::Tensor> out = qonnx::find_op(n)->run(n, args);
            if (out.empty() || out[0].shape != shape)
                throw qonnx::QonnxError(
                    "its constants are not per channel (output shape " +
                    qonnx::shape_string(out.empty() ? std::vector<int64_t>{} : out[0].shape) + ")");
            cur = std::move(out[0]);
        } catch (const qonnx::QonnxError& e) {
            throw CompileError(origin + ": " + n.describe() + ": " + e.what());
        }
    }
    return cur.data;
}

void fold_batchnorm(Layer& l, const std::string& origin) { Folder(l, origin).run(); }

void fold_batchnorm(Network& net) {
    for (Layer& l : net.layers)
        if (l.has_quantizer) fold_batchnorm(l, net.model_path);
}

} // namespace cimc
