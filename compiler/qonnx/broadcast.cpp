#include "compiler/qonnx/broadcast.h"

#include "compiler/qonnx/error.h"

#include <algorithm>

namespace qonnx {

std::vector<int64_t> broadcast_shape(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
    const size_t rank = std::max(a.size(), b.size());
    std::vector<int64_t> out(rank);
    for (size_t i = 0; i < rank; ++i) {
        // Align from the right; missing leading dimensions count as 1.
        const int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
        const int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
        if (da != db && da != 1 && db != 1)
            throw QonnxError("shapes " + shape_string(a) + " and " + shape_string(b) +
                             " cannot be broadcast");
        out[i] = da == 1 ? db : da;
    }
    return out;
}

std::vector<int64_t> broadcast_index(const std::vector<int64_t>& in,
                                     const std::vector<int64_t>& out) {
    const size_t rank = out.size();
    // Stride of each output axis in the input; 0 where the input is broadcast.
    std::vector<int64_t> stride(rank, 0);
    int64_t s = 1;
    for (size_t k = 0; k < in.size(); ++k) {
        const size_t i = in.size() - 1 - k, o = rank - 1 - k;
        stride[o] = in[i] == 1 ? 0 : s;
        s *= in[i];
    }
    const int64_t n = shape_numel(out);
    std::vector<int64_t> idx(static_cast<size_t>(n));
    std::vector<int64_t> pos(rank, 0);
    int64_t offset = 0;
    for (int64_t j = 0; j < n; ++j) {
        idx[static_cast<size_t>(j)] = offset;
        // Odometer increment of the output position, tracking the input offset.
        for (size_t a = rank; a-- > 0;) {
            ++pos[a];
            offset += stride[a];
            if (pos[a] < out[a]) break;
            offset -= stride[a] * pos[a];
            pos[a] = 0;
        }
    }
    return idx;
}

Tensor broadcast_binary(const Tensor& a, const Tensor& b,
                        const std::function<float(float, float)>& f) {
    const std::vector<int64_t> shape = broadcast_shape(a.shape, b.shape);
    Tensor out = Tensor::zeros(shape);
    if (a.shape == b.shape) {
        for (size_t i = 0; i < out.data.size(); ++i) out.data[i] = f(a.data[i], b.data[i]);
        return out;
    }
    const auto ia = broadcast_index(a.shape, shape), ib = broadcast_index(b.shape, shape);
    for (size_t i = 0; i < out.data.size(); ++i)
        out.data[i] = f(a.data[static_cast<size_t>(ia[i])], b.data[static_cast<size_t>(ib[i])]);
    return out;
}

} // namespace qonnx
