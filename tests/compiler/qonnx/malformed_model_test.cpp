// Unsupported or malformed ONNX input gives one clear error naming the file or the node.
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/executor.h"
#include "compiler/qonnx/graph_builder.h"
#include "compiler/qonnx/onnx_io.h"
#include "tests/common/test_files.h"

#include <gtest/gtest.h>

namespace {

using qonnx::Attribute;
using qonnx::GraphBuilder;
using qonnx::Tensor;

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const qonnx::QonnxError& e) {
        const std::string msg = e.what();
        EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line: " << msg;
        return msg;
    }
    ADD_FAILURE() << "no QonnxError";
    return "";
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

TEST(MalformedModel, UnsupportedOperatorNamesTheNode) {
    GraphBuilder b("g");
    const std::string x = b.input("x", {-1, 4});
    const std::string r = b.node("Relu", {x}, {}, "", "my_relu");
    b.output(b.node("Softmax", {r}, {}, "", "final_softmax"), {-1, 4});
    // Relu is not supported either; the first one is reported.
    const std::string msg = error_of([&] { qonnx::Executor e(b.finish()); });
    EXPECT_TRUE(contains(msg, "'my_relu'")) << msg;
    EXPECT_TRUE(contains(msg, "unsupported operator 'Relu'")) << msg;
}

TEST(MalformedModel, UnknownDomainNamesTheNode) {
    GraphBuilder b("g");
    b.output(b.node("BipolarQuant", {b.input("x", {1}), b.initializer("s", Tensor::scalar(1))}, {},
                    "com.example", "bq"),
             {1});
    const std::string msg = error_of([&] { qonnx::Executor e(b.finish()); });
    EXPECT_TRUE(contains(msg, "'bq'") && contains(msg, "domain 'com.example'")) << msg;
}

TEST(MalformedModel, MissingAndUndefinedInputsNameTheNode) {
    GraphBuilder b("g");
    b.output(b.node("MatMul", {b.input("x", {1, 2})}, {}, "", "mm"), {1, 1});
    std::string msg = error_of([&] { qonnx::Executor e(b.finish()); });
    EXPECT_TRUE(contains(msg, "'mm'") && contains(msg, "has 1 inputs")) << msg;

    GraphBuilder c("g");
    c.output(c.node("MatMul", {c.input("x", {1, 2}), "nowhere"}, {}, "", "mm2"), {1, 1});
    msg = error_of([&] { qonnx::Executor e(c.finish()); });
    EXPECT_TRUE(contains(msg, "'mm2'") && contains(msg, "'nowhere'")) << msg;
}

TEST(MalformedModel, RuntimeShapeErrorsNameTheNode) {
    GraphBuilder b("g");
    b.output(b.node("MatMul", {b.input("x", {-1, 3}), b.initializer("w", Tensor::zeros({4, 2}))},
                    {}, "", "dense1"),
             {-1, 2});
    qonnx::Executor e(b.finish());
    const std::string msg = error_of([&] { e.run(Tensor::zeros({1, 3})); });
    EXPECT_TRUE(contains(msg, "'dense1'") && contains(msg, "inner dimensions")) << msg;

    GraphBuilder c("g");
    c.output(c.node("Conv",
                    {c.input("x", {1, 1, 4, 4}), c.initializer("w", Tensor::zeros({1, 1, 3, 3}))},
                    {{"group", Attribute::of_int(2)}}, "", "grouped"),
             {1, 1, 2, 2});
    qonnx::Executor ec(c.finish());
    const std::string m2 = error_of([&] { ec.run(Tensor::zeros({1, 1, 4, 4})); });
    EXPECT_TRUE(contains(m2, "'grouped'") && contains(m2, "grouped convolutions")) << m2;
}

TEST(MalformedModel, BadQuantBitwidthNamesTheNode) {
    GraphBuilder b("g");
    b.output(
        b.node("Quant",
               {b.input("x", {2}), b.initializer("s", Tensor::scalar(1)),
                b.initializer("z", Tensor::scalar(0)), b.initializer("bw", Tensor::scalar(2.5f))},
               {}, qonnx::kQonnxDomain, "q"),
        {2});
    qonnx::Executor e(b.finish());
    const std::string msg = error_of([&] { e.run(Tensor::zeros({2})); });
    EXPECT_TRUE(contains(msg, "'q'") && contains(msg, "bitwidth")) << msg;
}

TEST(MalformedModel, GarbageAndTruncatedFilesNameTheFile) {
    modeltest::TempDir dir;
    modeltest::write_file(dir.path("garbage.onnx"), "this is not a protobuf \xff\xff\xff\xff");
    std::string msg = error_of([&] { qonnx::read_model(dir.path("garbage.onnx")); });
    EXPECT_TRUE(contains(msg, dir.path("garbage.onnx")) && contains(msg, "not an ONNX model"))
        << msg;

    GraphBuilder b("g");
    b.output(b.node("MatMul", {b.input("x", {1, 64}), b.initializer("w", Tensor::zeros({64, 64}))}),
             {1, 64});
    const std::string bytes = qonnx::serialize_model(b.finish());
    modeltest::write_file(dir.path("cut.onnx"), bytes.substr(0, bytes.size() / 2));
    msg = error_of([&] { qonnx::read_model(dir.path("cut.onnx")); });
    EXPECT_TRUE(contains(msg, dir.path("cut.onnx"))) << msg;

    msg = error_of([&] { qonnx::read_model(dir.path("absent.onnx")); });
    EXPECT_TRUE(contains(msg, dir.path("absent.onnx")) && contains(msg, "cannot open")) << msg;

    modeltest::write_file(dir.path("empty.onnx"), "");
    msg = error_of([&] { qonnx::read_model(dir.path("empty.onnx")); });
    EXPECT_TRUE(contains(msg, dir.path("empty.onnx"))) << msg;
}

TEST(MalformedModel, InitializerWithWrongSizeNamesTheTensor) {
    // The Graph API refuses inconsistent tensors, so corrupt the protobuf bytes instead:
    // serialise a 2-value initializer and patch its dims varint (field 1) from 2 to 4.
    GraphBuilder b("g");
    b.output(b.node("Identity", {b.input("x", {1})}), {1});
    qonnx::Graph g = b.finish();
    g.initializers["w"] = Tensor({2}, {1, 2});
    std::string bytes = qonnx::serialize_model(g);
    const auto pos = bytes.find(std::string("\x08\x02", 2));
    ASSERT_NE(pos, std::string::npos);
    bytes[pos + 1] = 4;
    const std::string msg = error_of([&] { qonnx::parse_model(bytes, "patched.onnx"); });
    EXPECT_TRUE(contains(msg, "patched.onnx") && contains(msg, "'w'")) << msg;
}

} // namespace
