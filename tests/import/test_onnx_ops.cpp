// ONNX op semantics the backend conformance cases do not reach, each against a reference written here: opset
// differences (Softmax before 13, Squeeze/Unsqueeze/Pad/Dropout attributes vs inputs, Upsample vs Resize),
// Reshape with 0/-1/allowzero, Shape start/end, Constant forms, constants as first operands, MatMul with constant
// weights, LayerNormalization, 1-D average pooling, and the clear rejection of 3-D convolution.

#include "gradcheck.h"
#include "onnx_builder.h"

#include "lantern/error.h"
#include "lantern/formats/onnx_import.h"
#include "lantern/ops/dropout.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <tuple>

using namespace lantern;
using namespace onnxtest;

namespace {

Model load(const onnx::ModelProto& m)
{
    return formats::importOnnxBytes(bytes(m), m.graph().name() + ".onnx");
}

Tensor run(Model& model, const Tensor& x)
{
    return model.graph.forward({{model.graph.inputNames().front(), x}}).value(model.graph.outputNames().front());
}

/// A tensor of `shape` whose element at multi-index idx is f(idx).
Tensor make(const Shape& shape, const std::function<double(const std::vector<int64_t>&)>& f)
{
    Tensor t(shape);
    std::vector<int64_t> idx(shape.size(), 0);
    for (int64_t e = 0; e < t.size(); ++e) {
        t[e] = static_cast<float>(f(idx));
        for (size_t k = shape.size(); k-- > 0;) {
            if (++idx[k] < shape[k])
                break;
            idx[k] = 0;
        }
    }
    return t;
}

float at(const Tensor& t, const std::vector<int64_t>& idx)
{
    int64_t flat = 0;
    for (size_t k = 0; k < idx.size(); ++k)
        flat = flat * t.shape()[k] + idx[k];
    return t[flat];
}

} // namespace

class TestOnnxOps : public QObject {
    Q_OBJECT

private slots:
    void softmaxBeforeOpset13();
    void logSoftmaxOpset13();
    void squeezeUnsqueeze_data();
    void squeezeUnsqueeze();
    void padModes_data();
    void padModes();
    void upsampleAndResize();
    void dropoutVersions_data();
    void dropoutVersions();
    void layerNormalization();
    void reshapeCopyInferAllowZero();
    void shapeStartEndAndConstants();
    void constantFirstOperands();
    void matMulWithConstantWeights();
    void averagePool1d();
    void conv3dRejected();
    void nanWeightsStayConstants();
};

void TestOnnxOps::softmaxBeforeOpset13()
{
    // Opset 11: Softmax(axis=1) on (N, 2, 3) normalizes over the 6 flattened trailing values of each sample.
    auto m = makeModel(11, 6, "softmax11");
    addInput(m, "x", {-1, 2, 3});
    attrInt(addNode(m, "Softmax", {"x"}, {"y"}, "sm"), "axis", 1);
    addOutput(m, "y");
    Model model = load(m);
    const Tensor x = test::randomTensor({2, 2, 3}, 1, -2.f, 2.f);
    Tensor expected({2, 2, 3});
    for (int64_t n = 0; n < 2; ++n) {
        double sum = 0;
        for (int64_t k = 0; k < 6; ++k)
            sum += std::exp(double(x[n * 6 + k]));
        for (int64_t k = 0; k < 6; ++k)
            expected[n * 6 + k] = static_cast<float>(std::exp(double(x[n * 6 + k])) / sum);
    }
    LANTERN_COMPARE_TENSORS(run(model, x), expected, 1e-6, 1e-5);
}

void TestOnnxOps::logSoftmaxOpset13()
{
    // Opset 13: LogSoftmax(axis=1) on (N, 2, 3) normalizes over axis 1 only.
    auto m = makeModel(13, 8, "logsoftmax13");
    addInput(m, "x", {-1, 2, 3});
    attrInt(addNode(m, "LogSoftmax", {"x"}, {"y"}, "lsm"), "axis", 1);
    addOutput(m, "y");
    Model model = load(m);
    const Tensor x = test::randomTensor({2, 2, 3}, 2, -2.f, 2.f);
    const Tensor expected = make({2, 2, 3}, [&](const auto& i) {
        const double a = at(x, {i[0], 0, i[2]}), b = at(x, {i[0], 1, i[2]});
        return double(at(x, i)) - std::log(std::exp(a) + std::exp(b));
    });
    LANTERN_COMPARE_TENSORS(run(model, x), expected, 1e-6, 1e-5);
    QVERIFY(model.finalSoftmax.empty()); // not over the last axis: part of the model
}

void TestOnnxOps::squeezeUnsqueeze_data()
{
    QTest::addColumn<int>("opset");
    QTest::newRow("opset 11 (axes attribute)") << 11;
    QTest::newRow("opset 13 (axes input)") << 13;
}

void TestOnnxOps::squeezeUnsqueeze()
{
    QFETCH(int, opset);
    auto m = makeModel(opset, 7, "squeeze");
    addInput(m, "x", {-1, 1, 3});
    auto* sq = addNode(m, "Squeeze", {"x"}, {"s"}, "squeeze");
    auto* unsq = addNode(m, "Unsqueeze", {"s"}, {"y"}, "unsqueeze");
    if (opset < 13) {
        attrInts(sq, "axes", {1});
        attrInts(unsq, "axes", {-1});
    } else {
        addInts(m, "sq_axes", {1}, {1});
        addInts(m, "unsq_axes", {1}, {-1});
        sq->add_input("sq_axes");
        unsq->add_input("unsq_axes");
    }
    addOutput(m, "y");
    Model model = load(m);
    const Tensor x = test::randomTensor({4, 1, 3}, 3);
    const Tensor y = run(model, x);
    QCOMPARE(y.shape(), (Shape{4, 3, 1}));
    LANTERN_COMPARE_TENSORS(y, x.reshaped({4, 3, 1}), 0.0, 0.0);
    QCOMPARE(model.graph.node("squeeze").op->describe(), std::string("shape=(0, 3)"));
}

void TestOnnxOps::padModes_data()
{
    QTest::addColumn<int>("opset");
    QTest::addColumn<QString>("mode");
    QTest::newRow("opset 2 constant 2.5 (attributes)") << 2 << "constant";
    QTest::newRow("opset 11 constant 2.5 (inputs)") << 11 << "constant";
    QTest::newRow("opset 11 reflect") << 11 << "reflect";
    QTest::newRow("opset 13 edge") << 13 << "edge";
}

void TestOnnxOps::padModes()
{
    QFETCH(int, opset);
    QFETCH(QString, mode);
    const std::vector<int64_t> pads{0, 0, 1, 2, 0, 0, 2, 1}; // H: 1 before, 2 after; W: 2 before, 1 after
    auto m = makeModel(opset, opset < 11 ? 3 : 7, "pad");
    addInput(m, "x", {-1, 1, 3, 3});
    auto* pad = addNode(m, "Pad", {"x"}, {"y"}, "pad");
    attrString(pad, "mode", mode.toStdString());
    if (opset < 11) {
        attrInts(pad, "pads", pads);
        attrFloat(pad, "value", 2.5f);
    } else {
        addInts(m, "pads", {8}, pads);
        addFloats(m, "value", {}, {2.5f});
        pad->add_input("pads");
        pad->add_input("value");
    }
    addOutput(m, "y");
    Model model = load(m);
    const Tensor x = test::randomTensor({2, 1, 3, 3}, 4);
    auto source = [&](int64_t i) { // padded index -> source index along an axis of 3
        if (mode == "reflect")
            return i < 0 ? -i : i > 2 ? 4 - i : i;
        return i < 0 ? int64_t(0) : i > 2 ? int64_t(2) : i;
    };
    const Tensor expected = make({2, 1, 6, 6}, [&](const auto& i) {
        const int64_t h = i[2] - 1, w = i[3] - 2;
        if (mode == "constant" && (h < 0 || h > 2 || w < 0 || w > 2))
            return 2.5;
        return double(at(x, {i[0], 0, source(h), source(w)}));
    });
    LANTERN_COMPARE_TENSORS(run(model, x), expected, 0.0, 0.0);
}

void TestOnnxOps::upsampleAndResize()
{
    const Tensor x = test::randomTensor({2, 1, 2, 3}, 5);
    {
        // Upsample (opset 9): nearest, scales input; out[i] = in[floor(i / 2)].
        auto m = makeModel(9, 4, "upsample");
        addInput(m, "x", {-1, 1, 2, 3});
        addFloats(m, "scales", {4}, {1, 1, 2, 2});
        addNode(m, "Upsample", {"x", "scales"}, {"y"}, "up");
        addOutput(m, "y");
        Model model = load(m);
        const Tensor expected = make({2, 1, 4, 6}, [&](const auto& i) { return at(x, {i[0], 0, i[2] / 2, i[3] / 2}); });
        LANTERN_COMPARE_TENSORS(run(model, x), expected, 0.0, 0.0);
    }
    {
        // Resize (opset 13): linear, half_pixel, scales 2 (roi empty).
        auto m = makeModel(13, 8, "resize");
        addInput(m, "x", {-1, 1, 2, 3});
        addFloats(m, "scales", {4}, {1, 1, 2, 2});
        auto* r = addNode(m, "Resize", {"x", "", "scales"}, {"y"}, "resize");
        attrString(r, "mode", "linear");
        addOutput(m, "y");
        Model model = load(m);
        auto coord = [](int64_t o, int64_t in) {
            const double s = std::clamp((o + 0.5) / 2.0 - 0.5, 0.0, double(in - 1));
            const auto i0 = static_cast<int64_t>(std::floor(s));
            return std::tuple{i0, std::min(i0 + 1, in - 1), s - double(i0)};
        };
        const Tensor expected = make({2, 1, 4, 6}, [&](const auto& i) {
            const auto [h0, h1, fh] = coord(i[2], 2);
            const auto [w0, w1, fw] = coord(i[3], 3);
            auto v = [&](int64_t h, int64_t w) { return double(at(x, {i[0], 0, h, w})); };
            return (1 - fh) * ((1 - fw) * v(h0, w0) + fw * v(h0, w1)) + fh * ((1 - fw) * v(h1, w0) + fw * v(h1, w1));
        });
        LANTERN_COMPARE_TENSORS(run(model, x), expected, 1e-6, 1e-5);
    }
    {
        // Resize (opset 11) to sizes (static batch): nearest, asymmetric, floor.
        auto m = makeModel(11, 6, "resize_sizes");
        addInput(m, "x", {2, 1, 2, 3});
        addFloats(m, "roi", {0}, {});
        addFloats(m, "scales", {0}, {});
        addInts(m, "sizes", {4}, {2, 1, 5, 7});
        auto* r = addNode(m, "Resize", {"x", "roi", "scales", "sizes"}, {"y"}, "resize");
        attrString(r, "coordinate_transformation_mode", "asymmetric");
        attrString(r, "nearest_mode", "floor");
        addOutput(m, "y");
        Model model = load(m);
        const Tensor expected = make({2, 1, 5, 7}, [&](const auto& i) {
            return at(x, {i[0], 0, static_cast<int64_t>(std::floor(i[2] * 2.0 / 5.0)),
                          static_cast<int64_t>(std::floor(i[3] * 3.0 / 7.0))});
        });
        LANTERN_COMPARE_TENSORS(run(model, x), expected, 0.0, 0.0);
    }
}

void TestOnnxOps::dropoutVersions_data()
{
    QTest::addColumn<int>("opset");
    QTest::newRow("opset 7 (ratio attribute, mask output)") << 7;
    QTest::newRow("opset 12 (ratio input)") << 12;
}

void TestOnnxOps::dropoutVersions()
{
    QFETCH(int, opset);
    auto m = makeModel(opset, 5, "dropout");
    addInput(m, "x", {-1, 4});
    auto* d = addNode(m, "Dropout", {"x"}, {"y", "mask"}, "drop");
    if (opset < 12) {
        attrFloat(d, "ratio", 0.25f);
    } else {
        addFloats(m, "ratio", {}, {0.25f});
        d->add_input("ratio");
    }
    addOutput(m, "y");
    Model model = load(m);
    const auto* dropout = dynamic_cast<const Dropout*>(model.graph.node("drop").op.get());
    QVERIFY(dropout);
    QCOMPARE(dropout->params().ratio, 0.25f);
    const Tensor x = test::randomTensor({3, 4}, 6);
    LANTERN_COMPARE_TENSORS(run(model, x), x, 0.0, 0.0);
    // The mask is not computed: reading it is an UnsupportedError naming both nodes.
    addNode(m, "Identity", {"mask"}, {"m2"}, "use_mask");
    addOutput(m, "m2");
    try {
        load(m);
        QFAIL("expected UnsupportedError");
    } catch (const UnsupportedError& e) {
        QVERIFY2(std::string(e.what()).find("node 'use_mask' (Identity): reads 'mask', an optional output of node "
                                            "'drop' (Dropout)") != std::string::npos,
                 e.what());
    }
}

void TestOnnxOps::layerNormalization()
{
    const auto scale = test::randomTensor({4}, 7), bias = test::randomTensor({4}, 8);
    auto m = makeModel(17, 8, "layernorm");
    addInput(m, "x", {-1, 3, 4});
    addFloats(m, "scale", {4}, {scale.values().begin(), scale.values().end()});
    addFloats(m, "bias", {4}, {bias.values().begin(), bias.values().end()});
    attrFloat(addNode(m, "LayerNormalization", {"x", "scale", "bias"}, {"y"}, "ln"), "epsilon", 1e-3f);
    addOutput(m, "y");
    Model model = load(m);
    const Tensor x = test::randomTensor({2, 3, 4}, 9, -3.f, 3.f);
    const Tensor expected = make({2, 3, 4}, [&](const auto& i) {
        double mean = 0, var = 0;
        for (int64_t k = 0; k < 4; ++k)
            mean += at(x, {i[0], i[1], k}) / 4.0;
        for (int64_t k = 0; k < 4; ++k)
            var += std::pow(at(x, {i[0], i[1], k}) - mean, 2) / 4.0;
        return (at(x, i) - mean) / std::sqrt(var + 1e-3) * scale[i[2]] + bias[i[2]];
    });
    LANTERN_COMPARE_TENSORS(run(model, x), expected, 1e-5, 1e-5);
}

void TestOnnxOps::reshapeCopyInferAllowZero()
{
    auto m = makeModel(14, 8, "reshape");
    addInput(m, "x", {-1, 6, 2});
    addInts(m, "t1", {3}, {0, 3, -1}); // (N, 3, 4)
    addInts(m, "t2", {2}, {-1, 4});    // allowzero = 1, no zeros: (3N, 4)
    addNode(m, "Reshape", {"x", "t1"}, {"a"}, "r1");
    attrInt(addNode(m, "Reshape", {"a", "t2"}, {"y"}, "r2"), "allowzero", 1);
    addOutput(m, "y");
    Model model = load(m);
    const Tensor x = test::randomTensor({2, 6, 2}, 10);
    const Tensor y = run(model, x);
    QCOMPARE(y.shape(), (Shape{6, 4}));
    LANTERN_COMPARE_TENSORS(y, x.reshaped({6, 4}), 0.0, 0.0);
    QCOMPARE(model.graph.node("r1").op->describe(), std::string("shape=(0, 3, 4)"));
    QCOMPARE(model.graph.node("r2").op->describe(), std::string("shape=(-1, 4)"));
}

void TestOnnxOps::shapeStartEndAndConstants()
{
    // Reshape(x, Concat(Constant[-1], Shape(x, start=-1))) == x.view(-1, last); then + Constant(value_float).
    auto m = makeModel(15, 8, "shape_start");
    addInput(m, "x", {-1, 2, 3});
    attrInt(addNode(m, "Shape", {"x"}, {"last"}, "shape"), "start", -1);
    attrInts(addNode(m, "Constant", {}, {"minus_one"}, "c1"), "value_ints", {-1});
    attrInt(addNode(m, "Concat", {"minus_one", "last"}, {"target"}, "concat"), "axis", 0);
    addNode(m, "Reshape", {"x", "target"}, {"flat"}, "reshape");
    attrFloat(addNode(m, "Constant", {}, {"half"}, "c2"), "value_float", 0.5f);
    addNode(m, "Add", {"flat", "half"}, {"y"}, "add");
    addOutput(m, "y");
    Model model = load(m);
    const Tensor x = test::randomTensor({3, 2, 3}, 11);
    const Tensor y = run(model, x);
    QCOMPARE(y.shape(), (Shape{6, 3}));
    Tensor expected = x.clone().reshaped({6, 3});
    for (float& v : expected.values())
        v += 0.5f;
    LANTERN_COMPARE_TENSORS(y, expected, 0.0, 0.0);
    QCOMPARE(model.graph.nodes().size(), size_t(2)); // Reshape + Add; the rest is folded
}

void TestOnnxOps::constantFirstOperands()
{
    // y = -((c - x) / d) with c of shape (3) and d a scalar; the constants come first or second.
    auto m = makeModel(13, 8, "consts");
    addInput(m, "x", {-1, 3});
    addFloats(m, "c", {3}, {1.f, 2.f, 3.f});
    addFloats(m, "d", {}, {4.f});
    addNode(m, "Sub", {"c", "x"}, {"a"}, "sub");
    addNode(m, "Div", {"a", "d"}, {"b"}, "div");
    addNode(m, "Neg", {"b"}, {"y"}, "neg");
    addOutput(m, "y");
    Model model = load(m);
    const Tensor x = test::randomTensor({2, 3}, 12);
    const Tensor expected = make({2, 3}, [&](const auto& i) { return -((i[1] + 1.0 - at(x, i)) / 4.0); });
    LANTERN_COMPARE_TENSORS(run(model, x), expected, 1e-6, 1e-6);
}

void TestOnnxOps::matMulWithConstantWeights()
{
    const Tensor w = test::randomTensor({3, 4}, 13);
    auto m = makeModel(13, 8, "matmul");
    addInput(m, "x", {-1, 2, 3});
    addFloats(m, "w", {3, 4}, {w.values().begin(), w.values().end()});
    addNode(m, "MatMul", {"x", "w"}, {"h"}, "mm3"); // rank 3 x constant: MatMul with a Constant node
    addInts(m, "flat", {2}, {-1, 4});
    addFloats(m, "w2", {4, 2}, {1, 0, 0, 1, 1, 1, 2, -1});
    addNode(m, "Reshape", {"h", "flat"}, {"h2"}, "r");
    addNode(m, "MatMul", {"h2", "w2"}, {"y"}, "mm2"); // rank 2 x constant: a Gemm layer
    addOutput(m, "y");
    Model model = load(m);
    QCOMPARE(model.graph.node("mm3").op->type(), std::string("MatMul"));
    QCOMPARE(model.graph.node("mm2").op->type(), std::string("Gemm"));
    const Tensor x = test::randomTensor({2, 2, 3}, 14);
    const float w2[4][2] = {{1, 0}, {0, 1}, {1, 1}, {2, -1}};
    const Tensor expected = make({4, 2}, [&](const auto& i) {
        double acc = 0;
        for (int64_t j = 0; j < 4; ++j) {
            double h = 0;
            for (int64_t k = 0; k < 3; ++k)
                h += x[i[0] * 3 + k] * at(w, {k, j});
            acc += h * w2[j][i[1]];
        }
        return acc;
    });
    LANTERN_COMPARE_TENSORS(run(model, x), expected, 1e-5, 1e-5);
}

void TestOnnxOps::averagePool1d()
{
    auto m = makeModel(13, 8, "avgpool1d");
    addInput(m, "x", {-1, 1, 5});
    auto* p = addNode(m, "AveragePool", {"x"}, {"y"}, "pool");
    attrInts(p, "kernel_shape", {3});
    attrInts(p, "pads", {1, 1});
    attrInt(p, "count_include_pad", 1);
    addOutput(m, "y");
    Model model = load(m);
    const Tensor x = test::randomTensor({2, 1, 5}, 15);
    const Tensor expected = make({2, 1, 5}, [&](const auto& i) {
        double s = 0;
        for (int64_t k = i[2] - 1; k <= i[2] + 1; ++k)
            s += k >= 0 && k < 5 ? at(x, {i[0], 0, k}) : 0.0;
        return s / 3.0;
    });
    LANTERN_COMPARE_TENSORS(run(model, x), expected, 1e-6, 1e-6);
}

void TestOnnxOps::conv3dRejected()
{
    auto m = makeModel(13, 8, "conv3d");
    addInput(m, "x", {-1, 1, 4, 4, 4});
    addFloats(m, "w", {2, 1, 3, 3, 3}, std::vector<float>(54, 0.1f));
    addNode(m, "Conv", {"x", "w"}, {"y"}, "conv3");
    addOutput(m, "y");
    try {
        load(m);
        QFAIL("expected UnsupportedError");
    } catch (const UnsupportedError& e) {
        QCOMPARE(std::string(e.what()),
                 std::string("conv3d.onnx: node 'conv3' (Conv): 3-D convolution (5-D input) is not supported"));
    }
}

void TestOnnxOps::nanWeightsStayConstants()
{
    // A NaN in a weight must not make the constant look batch-dependent (NaN != NaN).
    auto m = makeModel(13, 8, "nan");
    addInput(m, "x", {-1, 2});
    addFloats(m, "c", {2}, {std::nanf(""), 1.f});
    addNode(m, "Mul", {"x", "c"}, {"y"}, "mul");
    addOutput(m, "y");
    Model model = load(m);
    const Tensor y = run(model, Tensor({1, 2}, {3.f, 4.f}));
    QVERIFY(std::isnan(y[0]));
    QCOMPARE(y[1], 4.f);
}

QTEST_GUILESS_MAIN(TestOnnxOps)
#include "test_onnx_ops.moc"
