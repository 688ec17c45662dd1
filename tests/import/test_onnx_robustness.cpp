// Malformed ONNX input must give a clear lantern::Error naming the file (and the node, where one is involved):
// missing, empty, non-ONNX, truncated and bit-flipped files; raw_data not matching the dims; negative and absurd
// dims; missing inputs; references to unknown values; cycles; values defined twice; wrong attribute types;
// results too large to fold. Never a crash, a huge allocation or a hang.

#include "gradcheck.h"
#include "onnx_builder.h"

#include "lantern/error.h"
#include "lantern/formats/onnx_import.h"
#include "lantern/io/npy.h"

#include <QtTest>

#include <filesystem>
#include <random>
#include <type_traits>

using namespace lantern;
using namespace onnxtest;

namespace {

/// A valid little model: x (N, 2) -> Gemm(w (3, 2), b) -> Relu -> y.
onnx::ModelProto tinyModel()
{
    auto m = makeModel(13);
    addInput(m, "x", {-1, 2});
    addFloats(m, "w", {3, 2}, {1, 2, 3, 4, 5, 6});
    addFloats(m, "b", {3}, {0.5f, -0.5f, 0});
    attrInt(addNode(m, "Gemm", {"x", "w", "b"}, {"h"}, "fc"), "transB", 1);
    addNode(m, "Relu", {"h"}, {"y"}, "relu");
    addOutput(m, "y");
    return m;
}

/// Runs the import and returns the error message; fails the test when no lantern::Error of type E is thrown.
template <typename E = Error> std::string importError(const std::string& bytes, const std::string& name = "bad.onnx")
{
    try {
        formats::importOnnxBytes(bytes, name);
    } catch (const Error& e) {
        if constexpr (std::is_same_v<E, Error>)
            return e.what();
        else if (dynamic_cast<const E*>(&e) != nullptr)
            return e.what();
        return std::string("wrong error type: ") + e.what();
    }
    return "no error";
}

} // namespace

class TestOnnxRobustness : public QObject {
    Q_OBJECT

private slots:
    void tinyModelImports();
    void unreadableFiles();
    void malformed_data();
    void malformed();
    void truncatedAndBitFlipped();
    void tensorFiles();
};

void TestOnnxRobustness::tinyModelImports()
{
    Model model = formats::importOnnxBytes(bytes(tinyModel()), "tiny.onnx");
    QCOMPARE(model.inputLayout, std::string("NC"));
    const Tensor y = model.graph.run(Tensor({1, 2}, {1.f, -1.f}));
    LANTERN_COMPARE_TENSORS(y, Tensor({1, 3}, {0.f, 0.f, 0.f}), 0.0, 0.0);
    const Tensor y2 = model.graph.run(Tensor({1, 2}, {1.f, 1.f}));
    LANTERN_COMPARE_TENSORS(y2, Tensor({1, 3}, {3.5f, 6.5f, 11.f}), 1e-6, 0.0);
}

void TestOnnxRobustness::unreadableFiles()
{
    try {
        formats::importOnnx("/nonexistent/model.onnx");
        QFAIL("expected IoError");
    } catch (const IoError& e) {
        QVERIFY(std::string(e.what()).find("/nonexistent/model.onnx") != std::string::npos);
    }
    QVERIFY(importError<IoError>("", "empty.onnx").rfind("empty.onnx: empty file", 0) == 0);
    QVERIFY(
        importError<IoError>("hello, this is text and not a model\n", "text.onnx").rfind("text.onnx: not an ONNX", 0) ==
        0);
    QVERIFY(importError<IoError>(std::string(64, '\xff'), "ff.onnx").rfind("ff.onnx: not an ONNX", 0) == 0);
}

void TestOnnxRobustness::malformed_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected"); ///< substring of the message
    QTest::newRow("raw_data too short") << "raw_data"
                                        << "bad.onnx: initializer 'w': raw_data has 20 bytes";
    QTest::newRow("negative initializer dim") << "negdim"
                                              << "initializer 'w': negative dimension";
    QTest::newRow("absurd initializer dims") << "absurd"
                                             << "initializer 'w': dims (1000000, 1000000, 1000000)";
    QTest::newRow("negative input dim") << "neginput"
                                        << "graph input 'x': negative dimension";
    QTest::newRow("absurd input dims") << "hugeinput"
                                       << "graph input 'x': shape";
    QTest::newRow("missing input") << "missing"
                                   << "node 'fc' (Gemm): input 1 is missing";
    QTest::newRow("unknown value") << "unknown"
                                   << "node 'relu' (Relu): input 'ghost' is not defined";
    QTest::newRow("cycle") << "cycle"
                           << "the graph has a cycle through nodes 'fc', 'relu'";
    QTest::newRow("defined twice") << "twice"
                                   << "node 'relu' (Relu): output 'h' is also produced by node 'fc'";
    QTest::newRow("wrong attribute type") << "attr"
                                          << "node 'fc' (Gemm): attribute 'transB' should be INT, is FLOAT";
    QTest::newRow("opset too new") << "opset"
                                   << "opset 99 is newer than Lantern supports";
    QTest::newRow("no graph") << "nograph"
                              << "not an ONNX model (no IR version or no graph)";
    QTest::newRow("output not produced") << "output"
                                         << "graph output 'nowhere' is not produced";
    QTest::newRow("weight shape mismatch") << "wshape"
                                           << "node 'fc' (Gemm): A (-1, 2) and B (3, 3) do not multiply (transB)";
    QTest::newRow("kernel_shape mismatch") << "kernel"
                                           << "node 'conv' (Conv): kernel_shape (5, 5) does not match";
    QTest::newRow("absurd pads") << "pads"
                                 << "node 'conv' (Conv): attribute 'pads' has value 1099511627776";
    QTest::newRow("huge constant fold") << "fold"
                                        << "node 'big' (ConstantOfShape): the constant result";
    QTest::newRow("reshape mismatch") << "reshape"
                                      << "node 'r' (Reshape): cannot reshape (-1, 2, 3) to (0, 7)";
    QTest::newRow("gather out of range") << "gather"
                                         << "node 'g' (Gather): index 7 is out of range";
    QTest::newRow("unknown domain") << "domain"
                                    << "unsupported ONNX ops: com.example.Magic (node 'magic')";
    QTest::newRow("runtime weight") << "runtimeW"
                                    << "node 'fc' (Gemm): B (the weight) ('w') must be a constant";
}

void TestOnnxRobustness::malformed()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    onnx::ModelProto m = tinyModel();
    auto* g = m.mutable_graph();
    const std::string k = kind.toStdString();
    if (k == "raw_data") {
        g->mutable_initializer(0)->mutable_raw_data()->resize(20);
    } else if (k == "negdim") {
        g->mutable_initializer(0)->set_dims(0, -3);
    } else if (k == "absurd") {
        auto* t = g->mutable_initializer(0);
        t->clear_dims();
        for (int i = 0; i < 3; ++i)
            t->add_dims(1000000);
    } else if (k == "neginput") {
        g->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(1)->set_dim_value(-2);
    } else if (k == "hugeinput") {
        auto* shape = g->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape();
        shape->mutable_dim(1)->set_dim_value(int64_t(1) << 40);
    } else if (k == "missing") {
        g->mutable_node(0)->mutable_input()->RemoveLast();
        g->mutable_node(0)->mutable_input()->RemoveLast();
    } else if (k == "unknown") {
        g->mutable_node(1)->set_input(0, "ghost");
    } else if (k == "cycle") {
        g->mutable_node(0)->set_input(0, "y");
    } else if (k == "twice") {
        g->mutable_node(1)->set_output(0, "h");
    } else if (k == "attr") {
        auto* a = g->mutable_node(0)->mutable_attribute(0);
        a->set_type(onnx::AttributeProto::FLOAT);
        a->set_f(1.f);
    } else if (k == "opset") {
        m.mutable_opset_import(0)->set_version(99);
    } else if (k == "nograph") {
        m.clear_graph();
    } else if (k == "output") {
        addOutput(m, "nowhere");
    } else if (k == "wshape") {
        g->mutable_initializer(0)->set_dims(1, 3);
        g->mutable_initializer(0)->mutable_raw_data()->resize(36);
    } else if (k == "kernel" || k == "pads") {
        m = makeModel(13);
        addInput(m, "x", {-1, 1, 8, 8});
        addFloats(m, "w", {1, 1, 3, 3}, std::vector<float>(9, 1.f));
        auto* conv = addNode(m, "Conv", {"x", "w"}, {"y"}, "conv");
        if (k == "kernel")
            attrInts(conv, "kernel_shape", {5, 5});
        else
            attrInts(conv, "pads", {int64_t(1) << 40, 0, 0, 0});
        addOutput(m, "y");
    } else if (k == "fold") {
        m = makeModel(13);
        addInput(m, "x", {-1, 2});
        addInts(m, "shape", {3}, {100000, 100000, 100000});
        addNode(m, "ConstantOfShape", {"shape"}, {"big_value"}, "big");
        addNode(m, "Add", {"x", "big_value"}, {"y"}, "add");
        addOutput(m, "y");
    } else if (k == "reshape") {
        m = makeModel(13);
        addInput(m, "x", {-1, 2, 3});
        addInts(m, "target", {2}, {0, 7});
        addNode(m, "Reshape", {"x", "target"}, {"y"}, "r");
        addOutput(m, "y");
    } else if (k == "gather") {
        m = makeModel(13);
        addInput(m, "x", {-1, 2, 3});
        addInts(m, "idx", {}, {7});
        addNode(m, "Shape", {"x"}, {"s"}, "shape");
        addNode(m, "Gather", {"s", "idx"}, {"n"}, "g");
        addNode(m, "Reshape", {"x", "n"}, {"y"}, "r");
        addOutput(m, "y");
    } else if (k == "domain") {
        addNode(m, "Magic", {"y"}, {"z"}, "magic")->set_domain("com.example");
    } else if (k == "runtimeW") {
        g->mutable_initializer()->erase(g->mutable_initializer()->begin());
        addInput(m, "w", {3, 2});
    }
    const std::string msg = importError(bytes(m));
    QVERIFY2(msg.find(expected.toStdString()) != std::string::npos, msg.c_str());
    QVERIFY2(msg.rfind("bad.onnx: ", 0) == 0, msg.c_str());
}

void TestOnnxRobustness::truncatedAndBitFlipped()
{
    const std::string root = test::sharedDataDir();
    std::string original;
    if (!root.empty() && std::filesystem::exists(root + "/torch/fmnist_cnn.onnx")) {
        const auto v = io::readFileBytes(root + "/torch/fmnist_cnn.onnx");
        original.assign(v.begin(), v.end());
    } else {
        original = bytes(tinyModel());
    }
    std::mt19937_64 gen(2024);
    int imported = 0, rejected = 0;
    auto attempt = [&](const std::string& data, const std::string& what) {
        try {
            Model model = formats::importOnnxBytes(data, "corrupt.onnx");
            ++imported;
            // Whatever imported must also run (or fail cleanly) on a batch of one.
            std::map<std::string, Tensor> feeds;
            for (const auto& name : model.graph.inputNames()) {
                Shape s = model.graph.inputShape(name);
                for (auto& d : s)
                    d = d < 0 ? 1 : d;
                if (shapeSize(s) > (int64_t(1) << 22))
                    return;
                feeds[name] = Tensor(s, 0.5f);
            }
            try {
                model.graph.forward(feeds);
            } catch (const Error&) {
            }
        } catch (const Error& e) {
            ++rejected;
            const std::string msg = e.what();
            QVERIFY2(msg.rfind("corrupt.onnx: ", 0) == 0, (what + ": " + msg).c_str());
        }
    };
    // Truncations at 60 places, including inside the header and the weights.
    for (int i = 0; i < 60; ++i) {
        const size_t cut = i < 20 ? static_cast<size_t>(i * 7) : gen() % original.size();
        attempt(original.substr(0, cut), "truncated at " + std::to_string(cut));
    }
    // Single-bit flips, most of them in the structure (the first and last 4 kB) rather than in weight values.
    // LANTERN_ONNX_FUZZ=<n> runs n flips instead of 400 (soak testing).
    const int flips =
        qEnvironmentVariableIsSet("LANTERN_ONNX_FUZZ") ? qEnvironmentVariableIntValue("LANTERN_ONNX_FUZZ") : 400;
    for (int i = 0; i < flips; ++i) {
        std::string data = original;
        size_t pos = gen() % original.size();
        if (i % 4 != 0 && original.size() > 8192)
            pos = (i % 2) ? gen() % 4096 : original.size() - 1 - gen() % 4096;
        data[pos] = static_cast<char>(data[pos] ^ (1 << (gen() % 8)));
        attempt(data, "bit flip at " + std::to_string(pos));
    }
    qInfo("corrupted models: %d imported, %d rejected with a clear error", imported, rejected);
    QVERIFY(rejected > 0);
}

void TestOnnxRobustness::tensorFiles()
{
    onnx::TensorProto t;
    t.set_name("t");
    t.set_data_type(onnx::TensorProto::UINT8);
    t.add_dims(2);
    t.add_dims(2);
    t.set_raw_data(std::string("\x01\x02\x03\xff", 4));
    std::string data;
    t.SerializeToString(&data);
    const auto ok = formats::parseOnnxTensor(data, "t.pb");
    QCOMPARE(ok.elementType, std::string("uint8"));
    QCOMPARE(ok.name, std::string("t"));
    LANTERN_COMPARE_TENSORS(ok.value, Tensor({2, 2}, {1.f, 2.f, 3.f, 255.f}), 0.0, 0.0);

    t.set_raw_data(std::string("\x01\x02\x03", 3));
    t.SerializeToString(&data);
    try {
        formats::parseOnnxTensor(data, "short.pb");
        QFAIL("expected IoError");
    } catch (const IoError& e) {
        QVERIFY2(std::string(e.what()).rfind("short.pb: raw_data has 3 bytes", 0) == 0, e.what());
    }
    try {
        formats::parseOnnxTensor("\xff\xff\xff", "garbage.pb");
        QFAIL("expected IoError");
    } catch (const IoError& e) {
        QVERIFY2(std::string(e.what()).rfind("garbage.pb: ", 0) == 0, e.what());
    }
    try {
        formats::readOnnxTensor("/nonexistent/tensor.pb");
        QFAIL("expected IoError");
    } catch (const IoError& e) {
        QVERIFY(std::string(e.what()).find("/nonexistent/tensor.pb") != std::string::npos);
    }
}

QTEST_GUILESS_MAIN(TestOnnxRobustness)
#include "test_onnx_robustness.moc"
