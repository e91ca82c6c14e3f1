#include "cimx/eval/model_eval.h"

#include "compiler/qonnx/error.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

namespace cimx {
namespace {

// The input tensor shape for n images, from the model's declared input.
std::vector<int64_t> input_shape(const qonnx::Graph& g, const Dataset& d, int64_t n) {
    const auto& decl = g.inputs.at(0).shape;
    std::vector<int64_t> shape = decl;
    if (shape.empty())
        throw qonnx::QonnxError("model input '" + g.inputs[0].name + "' has no declared shape");
    shape[0] = n;
    int64_t per_image = 1;
    for (size_t i = 1; i < shape.size(); ++i) per_image *= shape[i];
    if (per_image != d.pixels())
        throw qonnx::QonnxError("model input " + qonnx::shape_string(decl) + " does not take " +
                                std::to_string(d.rows) + "x" + std::to_string(d.cols) + " images");
    return shape;
}

void run_batch(const qonnx::Executor& model, const Dataset& d, int64_t begin, int64_t end,
               std::vector<int>& pred) {
    qonnx::Tensor x(
        input_shape(model.graph(), d, end - begin),
        std::vector<float>(d.image(begin), d.image(begin) + (end - begin) * d.pixels()));
    const qonnx::Tensor y = model.run(x);
    if (y.rank() != 2 || y.dim(0) != end - begin)
        throw qonnx::QonnxError("model output has shape " + qonnx::shape_string(y.shape) +
                                ", expected [" + std::to_string(end - begin) + ", classes]");
    const int64_t classes = y.dim(1);
    for (int64_t i = 0; i < end - begin; ++i) {
        const float* row = y.data.data() + i * classes;
        pred[size_t(begin + i)] =
            int(std::max_element(row, row + classes) - row); // first max on ties
    }
}

} // namespace

EvalResult evaluate_model(const qonnx::Executor& model, const Dataset& data, int64_t images,
                          int64_t batch, int threads) {
    const auto t0 = std::chrono::steady_clock::now();
    EvalResult r;
    r.images = images <= 0 ? data.count : std::min(images, data.count);
    r.predictions.assign(size_t(r.images), -1);
    // Threads take batches in turn; each writes only its own predictions.
    std::atomic<int64_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto worker = [&] {
        try {
            for (int64_t b; (b = next.fetch_add(batch)) < r.images;)
                run_batch(model, data, b, std::min(r.images, b + batch), r.predictions);
        } catch (...) {
            std::lock_guard<std::mutex> lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            next = r.images;
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < std::max(1, threads); ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
    for (int64_t i = 0; i < r.images; ++i)
        r.correct += r.predictions[size_t(i)] == data.labels[size_t(i)];
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

} // namespace cimx
