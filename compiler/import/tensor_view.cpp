#include "compiler/import/tensor_view.h"

namespace cimc {

TensorView TensorView::input(const std::vector<int64_t>& dims) {
    TensorView v;
    v.dims_ = dims;
    v.strides_.assign(dims.size(), 1);
    for (size_t i = dims.size(); i-- > 1;) v.strides_[i - 1] = v.strides_[i] * dims[i];
    for (size_t i = 0; i < dims.size(); ++i) v.roles_.push_back(int(i));
    return v;
}

TensorView TensorView::activations(int64_t c, int64_t h, int64_t w) {
    TensorView v;
    if (h == 0) {
        v.dims_ = {c}, v.strides_ = {1}, v.roles_ = {kChannel};
        return v;
    }
    v.dims_ = {c, h, w};
    v.strides_ = {1, w * c, c};
    v.roles_ = {kChannel, kRow, kColumn};
    return v;
}

int64_t TensorView::numel() const {
    int64_t n = 1;
    for (int64_t d : dims_) n *= d;
    return n;
}

std::string TensorView::transpose(const std::vector<int64_t>& perm) {
    const size_t r = dims_.size() + 1;
    if (perm.size() != r)
        return "perm has " + std::to_string(perm.size()) + " axes, the tensor " + std::to_string(r);
    if (perm[0] != 0) return "moves the batch axis";
    std::vector<int64_t> d, s;
    std::vector<int> roles;
    std::vector<char> seen(r, 0);
    for (size_t i = 1; i < r; ++i) {
        const int64_t p = perm[i];
        if (p < 1 || p >= int64_t(r) || seen[size_t(p)]) return "perm is not a permutation";
        seen[size_t(p)] = 1;
        d.push_back(dims_[size_t(p - 1)]);
        s.push_back(strides_[size_t(p - 1)]);
        roles.push_back(roles_[size_t(p - 1)]);
    }
    dims_ = d, strides_ = s, roles_ = roles;
    return "";
}

std::string TensorView::unsqueeze(const std::vector<int64_t>& axes) {
    const int64_t r = int64_t(dims_.size()) + 1 + int64_t(axes.size());
    std::vector<char> ins(size_t(r), 0);
    for (int64_t a : axes) {
        const int64_t k = a < 0 ? a + r : a;
        if (k < 0 || k >= r || ins[size_t(k)]) return "axes out of range or repeated";
        if (k == 0) return "inserts an axis before the batch axis";
        ins[size_t(k)] = 1;
    }
    std::vector<int64_t> d, s;
    std::vector<int> roles;
    for (int64_t i = 1, j = 0; i < r; ++i) {
        if (ins[size_t(i)]) {
            d.push_back(1), s.push_back(0), roles.push_back(kUnit);
        } else {
            d.push_back(dims_[size_t(j)]), s.push_back(strides_[size_t(j)]);
            roles.push_back(roles_[size_t(j)]), ++j;
        }
    }
    dims_ = d, strides_ = s, roles_ = roles;
    return "";
}

std::string TensorView::squeeze(const std::vector<int64_t>& axes) {
    const int64_t r = int64_t(dims_.size()) + 1;
    std::vector<char> drop(size_t(r), 0);
    for (int64_t a : axes) {
        const int64_t k = a < 0 ? a + r : a;
        if (k < 0 || k >= r) return "axis " + std::to_string(a) + " is out of range";
        if (k == 0) return "removes the batch axis";
        if (dims_[size_t(k - 1)] != 1)
            return "axis " + std::to_string(a) + " has size " +
                   std::to_string(dims_[size_t(k - 1)]) + ", not 1";
        drop[size_t(k)] = 1;
    }
    std::vector<int64_t> d, s;
    std::vector<int> roles;
    for (int64_t i = 1; i < r; ++i) {
        const bool gone = axes.empty() ? dims_[size_t(i - 1)] == 1 : drop[size_t(i)] != 0;
        if (gone) continue;
        d.push_back(dims_[size_t(i - 1)]), s.push_back(strides_[size_t(i - 1)]);
        roles.push_back(roles_[size_t(i - 1)]);
    }
    dims_ = d, strides_ = s, roles_ = roles;
    return "";
}

std::vector<int32_t> TensorView::offsets() const {
    std::vector<int32_t> out;
    out.reserve(size_t(numel()));
    std::vector<int64_t> idx(dims_.size(), 0);
    for (int64_t k = 0; k < numel(); ++k) {
        int64_t off = 0;
        for (size_t i = 0; i < dims_.size(); ++i)
            off += roles_[i] == kFeatures ? flat_offsets_[size_t(idx[i])] : idx[i] * strides_[i];
        out.push_back(int32_t(off));
        for (size_t i = dims_.size(); i-- > 0 && ++idx[i] == dims_[i];) idx[i] = 0;
    }
    return out;
}

void TensorView::flatten() {
    const std::vector<int32_t> off = offsets();
    dims_ = {int64_t(off.size())}, strides_ = {1}, roles_ = {kFeatures};
    flat_offsets_ = off;
}

std::string TensorView::reshape(std::vector<int64_t> target, int64_t batch) {
    if (target.empty()) return "the target shape is empty";
    // 0 copies the input's dimension (ONNX, allowzero = 0); the batch axis may be given as
    // 0, -1 or the model's fixed batch size.
    std::vector<int64_t> full = {batch};
    full.insert(full.end(), dims_.begin(), dims_.end());
    const bool batch_ok = target[0] == -1 || target[0] == 0 || target[0] == batch;
    if (!batch_ok) return "changes the batch axis";
    int64_t known = 1, infer = -1;
    for (size_t i = 1; i < target.size(); ++i) {
        if (target[i] == 0) {
            if (i >= full.size()) return "a 0 has no input dimension to copy";
            target[i] = full[i];
        }
        if (target[i] == -1) {
            if (infer >= 0 || target[0] == -1) return "more than one -1";
            infer = int64_t(i);
        } else if (target[i] < 0) {
            return "a negative dimension";
        } else {
            known *= target[i];
        }
    }
    if (infer > 0) {
        if (known == 0 || numel() % known != 0) return "cannot infer the -1";
        target[size_t(infer)] = numel() / known;
    }
    std::vector<int64_t> rest(target.begin() + 1, target.end());
    int64_t n = 1;
    for (int64_t d : rest) n *= d;
    if (n != numel()) return "the element count changes";
    std::vector<int64_t> a, b;
    for (int64_t d : dims_)
        if (d != 1) a.push_back(d);
    for (int64_t d : rest)
        if (d != 1) b.push_back(d);
    if (a == b) { // only size-1 axes change: keep the axes, drop or insert units
        std::vector<int64_t> d, s;
        std::vector<int> roles;
        size_t j = 0;
        for (int64_t t : rest) {
            while (j < dims_.size() && dims_[j] == 1) ++j;
            if (t == 1) {
                d.push_back(1), s.push_back(0), roles.push_back(kUnit);
            } else {
                d.push_back(dims_[j]), s.push_back(strides_[j]), roles.push_back(roles_[j]), ++j;
            }
        }
        std::vector<int32_t> flat = flat_offsets_;
        dims_ = d, strides_ = s, roles_ = roles, flat_offsets_ = flat;
        return "";
    }
    if (b.size() == 1) { // a flatten, perhaps with size-1 axes around the feature axis
        flatten();
        return "";
    }
    return "only a flatten to [N, " + std::to_string(numel()) +
           "] or adding/removing size-1 axes is supported";
}

bool TensorView::map_chw(int64_t d[3], int64_t s[3]) const {
    std::vector<size_t> axes;
    for (size_t i = 0; i < dims_.size(); ++i)
        if (roles_[i] != kUnit) axes.push_back(i);
    if (axes.size() != 3) return false;
    for (size_t k = 0; k < 3; ++k) {
        const int role = roles_[axes[k]];
        if (role == kFeatures) return false;
        if (role >= kChannel && role != kChannel + int(k)) return false; // activations: NCHW
        d[k] = dims_[axes[k]], s[k] = strides_[axes[k]];
    }
    return axes.size() == dims_.size();
}

int TensorView::axis_of(int role) const {
    for (size_t i = 0; i < roles_.size(); ++i)
        if (roles_[i] == role) return int(i);
    return -1;
}

std::vector<int64_t> TensorView::channel_shape(int role, int64_t channels) const {
    std::vector<int64_t> shape = {-1};
    for (int r : roles_) shape.push_back(r == role ? channels : 1);
    return shape;
}

std::string TensorView::str() const {
    std::string s = "[";
    for (size_t i = 0; i < dims_.size(); ++i) s += (i ? "," : "") + std::to_string(dims_[i]);
    return s + "]";
}

} // namespace cimc
