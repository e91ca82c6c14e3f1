#include "cimx/eval/model_eval.h"

#include "dataset/image_shape.h"
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
std::vector<int64_t> input_shape(const qonnx::Graph& g, int64_t n) {
    std::vector<int64_t> shape = g.inputs.at(0).shape;
    shape[0] = n;
    return shape;
}

// The producer of the graph's output, when it is ArgMax or TopK: the output is the class.
bool outputs_class(const qonnx::Graph& g) {
    const qonnx::Node* p = g.producer_of(g.outputs.at(0).name);
    return p && qonnx::is_onnx_domain(p->domain) &&
           (p->op_type == "ArgMax" ||
            (p->op_type == "TopK" && p->outputs.size() > 1 && p->outputs[1] == g.outputs[0].name));
}

void run_batch(const qonnx::Executor& model, const Dataset& d, int64_t begin, int64_t end,
               int64_t fixed, std::vector<int>& pred) {
    const int64_t n = end - begin, rows = fixed > 0 ? fixed : n;
    std::vector<float> x(size_t(rows * d.pixels()), 0.0f); // a fixed batch is padded
    std::copy(d.image(begin), d.image(begin) + n * d.pixels(), x.begin());
    const qonnx::Tensor y = model.run(qonnx::Tensor(input_shape(model.graph(), rows), x));
    if (outputs_class(model.graph())) {
        if (y.numel() != rows)
            throw qonnx::QonnxError("model output (the class) has shape " +
                                    qonnx::shape_string(y.shape) + " for " + std::to_string(rows) +
                                    " images");
        for (int64_t i = 0; i < n; ++i) pred[size_t(begin + i)] = int(y.data[size_t(i)]);
        return;
    }
    if (y.rank() != 2 || y.dim(0) != rows)
        throw qonnx::QonnxError("model output has shape " + qonnx::shape_string(y.shape) +
                                ", expected [" + std::to_string(rows) + ", classes]");
    const int64_t classes = y.dim(1);
    for (int64_t i = 0; i < n; ++i) {
        const float* row = y.data.data() + i * classes;
        pred[size_t(begin + i)] =
            int(std::max_element(row, row + classes) - row); // first max on ties
    }
}

} // namespace

EvalResult evaluate_model(const qonnx::Executor& model, const Dataset& data, int64_t images,
                          int64_t batch, int threads, const std::string& images_path,
                          const std::string& model_path) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::vector<int64_t>& decl = model.graph().inputs.at(0).shape;
    if (decl.empty())
        throw qonnx::QonnxError("model input '" + model.graph().inputs[0].name +
                                "' has no declared shape");
    check_image_shape(data.shape, std::vector<int64_t>(decl.begin() + 1, decl.end()), images_path,
                      model_path);
    const int64_t fixed = decl[0] > 0 ? decl[0] : 0; // a fixed batch size
    if (fixed > 0) batch = fixed;
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
                run_batch(model, data, b, std::min(r.images, b + batch), fixed, r.predictions);
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
