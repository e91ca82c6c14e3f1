// The tensor the import's walk along the layer chain has reached, seen from the runtime: its
// axes after the batch axis in the model's current order, each with its size, its stride in
// the runtime's buffer and what it is. Transpose, Unsqueeze, Squeeze, Flatten and Reshape move
// only the view; the runtime's data never moves. From the view the import derives the layout
// the next operator needs: where each feature of a flattened tensor sits (dense layers), the
// strides of a map's channels, rows and columns (convolutions, pooling), and the axis on which
// per-channel constants broadcast.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cimc {

class TensorView {
  public:
    // What an axis is: an axis of the graph input as declared (0, 1, ...; the input image is
    // stored as the file stores it), a channel/row/column of an activation map (stored HWC),
    // the features of a flattened tensor, or a size-1 axis an Unsqueeze inserted.
    static constexpr int kChannel = 100, kRow = 101, kColumn = 102, kFeatures = -2, kUnit = -1;

    // The graph input: its declared dimensions after N, stored row-major.
    static TensorView input(const std::vector<int64_t>& dims);
    // An activation map [C, H, W] stored HWC, or a vector of C values (h = w = 0).
    static TensorView activations(int64_t c, int64_t h, int64_t w);

    const std::vector<int64_t>& dims() const { return dims_; }
    const std::vector<int>& roles() const { return roles_; }
    int64_t numel() const;
    // The axes without size-1 ones an Unsqueeze inserted.
    size_t rank() const { return dims_.size(); }

    // These return "" on success, else why the view cannot follow the node.
    std::string transpose(const std::vector<int64_t>& perm); // perm over [N, axes...]
    std::string unsqueeze(const std::vector<int64_t>& axes); // axes of the output, N = 0
    std::string squeeze(const std::vector<int64_t>& axes);   // empty: every size-1 axis
    void flatten();
    // Reshape to `target` (N included; 0 copies, -1 infers): a flatten to [N, F], or a change
    // of size-1 axes only; anything else returns why not.
    std::string reshape(std::vector<int64_t> target, int64_t batch);

    // The feature k of the view read as one flat vector (model order) sits at offsets()[k].
    std::vector<int32_t> offsets() const;
    // An activation map in the model's NCHW order (Conv, MaxPool): C, H, W and their strides;
    // false when the view is anything else.
    bool map_chw(int64_t dims[3], int64_t strides[3]) const;
    // The axis index (after N) with the given role, or -1.
    int axis_of(int role) const;
    // The model's shape of this tensor, -1 for the batch axis, `channels` on the axis with
    // role `role` and 1 on every other axis (the shape per-channel constants broadcast on).
    std::vector<int64_t> channel_shape(int role, int64_t channels) const;
    std::string str() const; // "[1,28,28]"

  private:
    std::vector<int64_t> dims_, strides_;
    std::vector<int> roles_;
    std::vector<int32_t> flat_offsets_; // for the kFeatures axis
};

} // namespace cimc
