// ONNX import of whole models: the PyTorch-exported Fashion-MNIST and Ziletti CNNs against their reference
// outputs (and the Fashion-MNIST test accuracy), dynamic batch, nodes in shuffled order, the error listing every
// unsupported op, a channels-last model starting with a Transpose, PyTorch's x.view(x.size(0), -1) shape chain
// and a 1-D convolution.

#include "gradcheck.h"
#include "onnx_builder.h"

#include "lantern/error.h"
#include "lantern/formats/onnx_import.h"
#include "lantern/io/hdf5.h"
#include "lantern/io/idx.h"
#include "lantern/io/npy.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>

using namespace lantern;
using namespace onnxtest;

namespace {

std::string torchDir()
{
    const std::string root = test::sharedDataDir();
    return root.empty() ? root : root + "/torch";
}

std::string fileBytes(const std::string& path)
{
    const auto v = io::readFileBytes(path);
    return std::string(v.begin(), v.end());
}

Tensor runModel(Model& model, const Tensor& input)
{
    return model.graph.forward({{model.graph.inputNames().front(), input}}).value(model.graph.outputNames().front());
}

std::vector<float> sequence(size_t n, uint64_t seed, float lo = -1.f, float hi = 1.f)
{
    std::mt19937_64 gen(seed);
    std::uniform_real_distribution<float> dist(lo, hi);
    std::vector<float> v(n);
    for (auto& x : v)
        x = dist(gen);
    return v;
}

} // namespace

class TestOnnxModels : public QObject {
    Q_OBJECT

private slots:
    void fmnistLogits();
    void fmnistAccuracy();
    void zilettiLogits();
    void dynamicBatch();
    void shuffledNodes();
    void unsupportedOpsListed();
    void channelsLastTranspose();
    void pytorchShapeChain();
    void conv1d();
};

void TestOnnxModels::fmnistLogits()
{
    const std::string dir = torchDir();
    if (dir.empty() || !std::filesystem::exists(dir + "/fmnist_cnn.onnx"))
        QSKIP("shared data torch/fmnist_cnn.onnx not found");
    Model model = formats::importOnnx(dir + "/fmnist_cnn.onnx");
    QCOMPARE(model.format, std::string("onnx"));
    QCOMPARE(model.name, std::string("torch_jit"));
    QCOMPARE(model.inputLayout, std::string("NCHW"));
    QCOMPARE(model.graph.inputShape("input"), (Shape{-1, 1, 28, 28}));
    QCOMPARE(model.graph.outputNames(), std::vector<std::string>{"logits"});
    QCOMPARE(model.logits, std::string("logits"));
    QVERIFY(model.finalSoftmax.empty());
    QVERIFY(model.graph.hasNode("/conv1/Conv"));
    QCOMPARE(model.graph.node("/conv1/Conv").op->type(), std::string("Conv2D"));
    QCOMPARE(model.graph.node("/fc2/Gemm").op->type(), std::string("Gemm"));
    QCOMPARE(model.graph.parameterCount(), int64_t(16 * 25 + 16 + 32 * 16 * 25 + 32 + 1568 * 128 + 128 + 1290));

    const std::string refs = dir + "/fmnist_cnn_refs.h5";
    const Tensor input = io::readHdf5Dataset(refs, "input");
    const Tensor expected = io::readHdf5Dataset(refs, "logits");
    QCOMPARE(input.shape(), (Shape{16, 1, 28, 28}));
    const Tensor logits = runModel(model, input);
    qInfo("fmnist_cnn: max |logit error| %.3g over 16 images", double(maxAbsDiff(logits, expected)));
    LANTERN_COMPARE_TENSORS(logits, expected, 1e-5, 1e-4);
}

void TestOnnxModels::fmnistAccuracy()
{
    const std::string dir = torchDir();
    const std::string data = "/usr/share/datasets/fashion-mnist";
    if (dir.empty() || !std::filesystem::exists(dir + "/fmnist_cnn.onnx"))
        QSKIP("shared data torch/fmnist_cnn.onnx not found");
    if (!std::filesystem::exists(data + "/t10k-images-idx3-ubyte.gz"))
        QSKIP("Fashion-MNIST (Debian dataset-fashion-mnist) not installed");
    Model model = formats::importOnnx(dir + "/fmnist_cnn.onnx");
    const Tensor images = io::readIdx(data + "/t10k-images-idx3-ubyte.gz");
    const Tensor labels = io::readIdx(data + "/t10k-labels-idx1-ubyte.gz");
    QCOMPARE(images.shape(), (Shape{10000, 28, 28}));
    Tensor x = images.clone().reshaped({10000, 1, 28, 28});
    for (float& v : x.values())
        v /= 255.f;
    QElapsedTimer timer;
    timer.start();
    int correct = 0;
    for (int64_t begin = 0; begin < 10000; begin += 256) {
        const int64_t end = std::min<int64_t>(begin + 256, 10000);
        const Tensor logits = runModel(model, x.slice(begin, end));
        for (int64_t i = 0; i < end - begin; ++i) {
            const float* row = logits.data() + i * 10;
            const auto best = std::max_element(row, row + 10) - row;
            correct += best == static_cast<int64_t>(labels[begin + i]);
        }
    }
    qInfo("fmnist_cnn: %d / 10000 correct (%.2f %%; README 88.37 %%) in %lld ms", correct, correct / 100.0,
          static_cast<long long>(timer.elapsed()));
    QVERIFY2(std::abs(correct - 8837) <= 2, qPrintable(QString("accuracy count %1, expected 8837 +- 2").arg(correct)));
}

void TestOnnxModels::zilettiLogits()
{
    const std::string dir = torchDir();
    if (dir.empty() || !std::filesystem::exists(dir + "/ziletti_cnn.onnx"))
        QSKIP("shared data torch/ziletti_cnn.onnx not found");
    Model model = formats::importOnnx(dir + "/ziletti_cnn.onnx");
    QCOMPARE(model.graph.inputShape("input"), (Shape{-1, 3, 64, 64}));
    QCOMPARE(model.graph.node("/bn/BatchNormalization").op->type(), std::string("BatchNorm"));
    const auto io = io::readNpz(dir + "/ziletti_cnn_io.npz");
    const Tensor logits = runModel(model, io.at("input"));
    qInfo("ziletti_cnn: max |logit error| %.3g over 4 inputs", double(maxAbsDiff(logits, io.at("logits"))));
    LANTERN_COMPARE_TENSORS(logits, io.at("logits"), 1e-5, 1e-4);
}

void TestOnnxModels::dynamicBatch()
{
    const std::string dir = torchDir();
    if (dir.empty() || !std::filesystem::exists(dir + "/fmnist_cnn.onnx"))
        QSKIP("shared data torch/fmnist_cnn.onnx not found");
    Model model = formats::importOnnx(dir + "/fmnist_cnn.onnx");
    const Tensor five = test::randomTensor({5, 1, 28, 28}, 11, 0.f, 1.f);
    const Tensor batch = runModel(model, five);
    QCOMPARE(batch.shape(), (Shape{5, 10}));
    for (int64_t i = 0; i < 5; ++i) {
        const Tensor single = runModel(model, five.slice(i, i + 1).clone());
        QCOMPARE(single.shape(), (Shape{1, 10}));
        LANTERN_COMPARE_TENSORS(single, batch.slice(i, i + 1).clone(), 1e-5, 1e-5);
    }
}

void TestOnnxModels::shuffledNodes()
{
    const std::string dir = torchDir();
    if (dir.empty() || !std::filesystem::exists(dir + "/fmnist_cnn.onnx"))
        QSKIP("shared data torch/fmnist_cnn.onnx not found");
    const std::string original = fileBytes(dir + "/fmnist_cnn.onnx");
    onnx::ModelProto proto;
    QVERIFY(proto.ParseFromString(original));
    auto* nodes = proto.mutable_graph()->mutable_node();
    std::vector<onnx::NodeProto> list(nodes->begin(), nodes->end());
    std::mt19937 gen(3);
    std::shuffle(list.begin(), list.end(), gen);
    std::reverse(list.begin(), list.end());
    QVERIFY(list.front().name() != "/conv1/Conv" || list.back().name() != "/fc2/Gemm");
    nodes->Clear();
    for (const auto& n : list)
        *nodes->Add() = n;
    Model reference = formats::importOnnxBytes(original, "fmnist_cnn.onnx");
    Model shuffled = formats::importOnnxBytes(bytes(proto), "fmnist_cnn.shuffled.onnx");
    QCOMPARE(shuffled.graph.nodes().size(), reference.graph.nodes().size());
    const Tensor x = test::randomTensor({3, 1, 28, 28}, 5, 0.f, 1.f);
    LANTERN_COMPARE_TENSORS(runModel(shuffled, x), runModel(reference, x), 0.0, 0.0);
}

void TestOnnxModels::unsupportedOpsListed()
{
    auto m = makeModel(13);
    addInput(m, "x", {-1, 3, 4, 4});
    attrInt(addNode(m, "LRN", {"x"}, {"a"}, "lrn1"), "size", 3);
    addNode(m, "Selu", {"a"}, {"b"}, "s1");
    addNode(m, "Relu", {"b"}, {"c"}, "r1");
    addNode(m, "Selu", {"c"}, {"d"}, "s2");
    addNode(m, "Erf", {"d"}, {"y"});
    addOutput(m, "y");
    try {
        formats::importOnnxBytes(bytes(m), "model.onnx");
        QFAIL("expected UnsupportedError");
    } catch (const UnsupportedError& e) {
        QCOMPARE(std::string(e.what()), std::string("model.onnx: unsupported ONNX ops: LRN (node 'lrn1'), Selu (nodes "
                                                    "'s1', 's2'), Erf (node 'Erf_4')"));
    }
}

void TestOnnxModels::channelsLastTranspose()
{
    // (N, 6, 6, 2) -> Transpose -> Conv 3x3 pad 1 -> Relu -> GlobalAveragePool -> Flatten -> Gemm -> Softmax
    const auto w = sequence(4 * 2 * 9, 1), b = sequence(4, 2), w2 = sequence(3 * 4, 3), b2 = sequence(3, 4);
    auto m = makeModel(13);
    addInput(m, "image", {-1, 6, 6, 2});
    addFloats(m, "conv.weight", {4, 2, 3, 3}, w);
    addFloats(m, "conv.bias", {4}, b);
    addFloats(m, "fc.weight", {3, 4}, w2);
    addFloats(m, "fc.bias", {3}, b2);
    attrInts(addNode(m, "Transpose", {"image"}, {"nchw"}, "to_nchw"), "perm", {0, 3, 1, 2});
    auto* conv = addNode(m, "Conv", {"nchw", "conv.weight", "conv.bias"}, {"c"}, "conv");
    attrInts(conv, "pads", {1, 1, 1, 1});
    attrInts(conv, "kernel_shape", {3, 3});
    addNode(m, "Relu", {"c"}, {"r"}, "relu");
    addNode(m, "GlobalAveragePool", {"r"}, {"g"}, "gap");
    addNode(m, "Flatten", {"g"}, {"f"}, "flatten");
    attrInt(addNode(m, "Gemm", {"f", "fc.weight", "fc.bias"}, {"scores"}, "fc"), "transB", 1);
    attrInt(addNode(m, "Softmax", {"scores"}, {"probs"}, "softmax"), "axis", -1);
    addOutput(m, "probs");
    Model model = formats::importOnnxBytes(bytes(m), "channels_last.onnx");
    QCOMPARE(model.inputLayout, std::string("NHWC"));
    QCOMPARE(model.graph.inputShape("image"), (Shape{-1, 6, 6, 2}));
    QCOMPARE(model.finalSoftmax, std::string("softmax"));
    QCOMPARE(model.logits, std::string("scores"));

    const int64_t n = 2;
    const Tensor x = test::randomTensor({n, 6, 6, 2}, 9);
    const Tensor y = runModel(model, x);
    Tensor expected({n, 3});
    for (int64_t s = 0; s < n; ++s) {
        double pooled[4] = {};
        for (int64_t o = 0; o < 4; ++o)
            for (int64_t i = 0; i < 6; ++i)
                for (int64_t j = 0; j < 6; ++j) {
                    double acc = b[o];
                    for (int64_t ci = 0; ci < 2; ++ci)
                        for (int64_t ki = 0; ki < 3; ++ki)
                            for (int64_t kj = 0; kj < 3; ++kj) {
                                const int64_t ii = i + ki - 1, jj = j + kj - 1;
                                if (ii >= 0 && ii < 6 && jj >= 0 && jj < 6)
                                    acc += w[((o * 2 + ci) * 3 + ki) * 3 + kj] * x.at({s, ii, jj, ci});
                            }
                    pooled[o] += std::max(acc, 0.0) / 36.0;
                }
        double scores[3], sum = 0;
        for (int64_t k = 0; k < 3; ++k) {
            scores[k] = b2[k];
            for (int64_t o = 0; o < 4; ++o)
                scores[k] += w2[k * 4 + o] * pooled[o];
        }
        const double top = *std::max_element(scores, scores + 3);
        for (double& v : scores)
            sum += (v = std::exp(v - top));
        for (int64_t k = 0; k < 3; ++k)
            expected.at({s, k}) = static_cast<float>(scores[k] / sum);
    }
    LANTERN_COMPARE_TENSORS(y, expected, 1e-6, 1e-5);
}

void TestOnnxModels::pytorchShapeChain()
{
    // x.view(x.size(0), -1) as PyTorch exports it: Shape -> Gather(0) -> Unsqueeze -> Concat(-1) -> Reshape.
    const auto w = sequence(4 * 18, 21), b = sequence(4, 22);
    auto m = makeModel(13);
    addInput(m, "x", {-1, 2, 3, 3});
    addInts(m, "zero", {}, {0});
    addInts(m, "axes", {1}, {0});
    addInts(m, "minus_one", {1}, {-1});
    addFloats(m, "fc.weight", {4, 18}, w);
    addFloats(m, "fc.bias", {4}, b);
    addNode(m, "Shape", {"x"}, {"shape"}, "/Shape");
    attrInt(addNode(m, "Gather", {"shape", "zero"}, {"n"}, "/Gather"), "axis", 0);
    addNode(m, "Unsqueeze", {"n", "axes"}, {"n1"}, "/Unsqueeze");
    attrInt(addNode(m, "Concat", {"n1", "minus_one"}, {"target"}, "/Concat"), "axis", 0);
    addNode(m, "Reshape", {"x", "target"}, {"flat"}, "/Reshape");
    attrInt(addNode(m, "Gemm", {"flat", "fc.weight", "fc.bias"}, {"y"}, "/fc/Gemm"), "transB", 1);
    addOutput(m, "y");
    Model model = formats::importOnnxBytes(bytes(m), "shape_chain.onnx");
    QCOMPARE(model.graph.nodes().size(), size_t(2)); // the chain is folded: Reshape + Gemm
    // The batch copies through (0); the -1 resolves to the static 18.
    QCOMPARE(model.graph.node("/Reshape").op->describe(), std::string("shape=(0, 18)"));
    const bool noted = std::any_of(model.notes.begin(), model.notes.end(), [](const std::string& s) {
        return s.find("folded 4 node(s)") != std::string::npos;
    });
    QVERIFY(noted);
    for (int64_t n : {1, 3}) {
        const Tensor x = test::randomTensor({n, 2, 3, 3}, 30 + n);
        const Tensor y = runModel(model, x);
        Tensor expected({n, 4});
        for (int64_t s = 0; s < n; ++s)
            for (int64_t k = 0; k < 4; ++k) {
                double acc = b[k];
                for (int64_t i = 0; i < 18; ++i)
                    acc += w[k * 18 + i] * x[s * 18 + i];
                expected.at({s, k}) = static_cast<float>(acc);
            }
        LANTERN_COMPARE_TENSORS(y, expected, 1e-5, 1e-5);
    }
}

void TestOnnxModels::conv1d()
{
    // (N, 2, 10) -> Conv1d(2 -> 3, k 3, stride 2, pad 1) -> MaxPool1d(2): runs as 2-D between Reshapes.
    const auto w = sequence(3 * 2 * 3, 41), b = sequence(3, 42);
    auto m = makeModel(13);
    addInput(m, "signal", {-1, 2, 10});
    addFloats(m, "w", {3, 2, 3}, w);
    addFloats(m, "b", {3}, b);
    auto* conv = addNode(m, "Conv", {"signal", "w", "b"}, {"c"}, "conv");
    attrInts(conv, "pads", {1, 1});
    attrInts(conv, "strides", {2});
    auto* pool = addNode(m, "MaxPool", {"c"}, {"p"}, "pool");
    attrInts(pool, "kernel_shape", {2});
    attrInts(pool, "strides", {2});
    addOutput(m, "p");
    Model model = formats::importOnnxBytes(bytes(m), "conv1d.onnx");
    const Tensor x = test::randomTensor({2, 2, 10}, 43);
    const Tensor y = runModel(model, x);
    QCOMPARE(y.shape(), (Shape{2, 3, 2}));
    Tensor expected({2, 3, 2});
    for (int64_t s = 0; s < 2; ++s)
        for (int64_t o = 0; o < 3; ++o) {
            double conv5[5];
            for (int64_t t = 0; t < 5; ++t) {
                conv5[t] = b[o];
                for (int64_t ci = 0; ci < 2; ++ci)
                    for (int64_t k = 0; k < 3; ++k) {
                        const int64_t pos = t * 2 + k - 1;
                        if (pos >= 0 && pos < 10)
                            conv5[t] += w[(o * 2 + ci) * 3 + k] * x.at({s, ci, pos});
                    }
            }
            for (int64_t t = 0; t < 2; ++t)
                expected.at({s, o, t}) = static_cast<float>(std::max(conv5[2 * t], conv5[2 * t + 1]));
        }
    LANTERN_COMPARE_TENSORS(y, expected, 1e-5, 1e-5);
}

QTEST_GUILESS_MAIN(TestOnnxModels)
#include "test_onnx_models.moc"
