// ONNX export: every engine op becomes the expected standard ONNX node (op type, attributes, initializers
// with the parameters' exact bytes), the models pass the ONNX checker and ONNX's own strict shape inference
// (which must agree with the engine's shapes), the presets match the PyTorch-exported fmnist_cnn.onnx
// initializer for initializer, and export -> import (ONNX importer) gives identical outputs and graphs.
#include "gradcheck.h"
#include "onnx_export_cases.h"

#include "lantern/error.h"
#include "lantern/formats/onnx_export.h"
#include "lantern/formats/onnx_import.h"
#include "lantern/io/npy.h"
#include "lantern/models/presets.h"

#include <onnx/checker.h>
#include <onnx/defs/schema.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include <QTemporaryDir>
#include <QtTest>

#include <cctype>
#include <cstring>
#include <filesystem>
#include <functional>

using namespace lantern;

namespace {

onnx::ModelProto parse(const std::string& bytes)
{
    onnx::ModelProto m;
    if (!m.ParseFromString(bytes))
        throw std::runtime_error("exported bytes do not parse as an ONNX ModelProto");
    return m;
}

std::string attributeText(const onnx::AttributeProto& a)
{
    switch (a.type()) {
    case onnx::AttributeProto::INT:
        return std::to_string(a.i());
    case onnx::AttributeProto::FLOAT: {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", double(a.f()));
        return buf;
    }
    case onnx::AttributeProto::STRING:
        return a.s();
    case onnx::AttributeProto::INTS: {
        std::string s;
        for (int i = 0; i < a.ints_size(); ++i)
            s += (i ? "," : "") + std::to_string(a.ints(i));
        return s;
    }
    default:
        return "<type " + std::to_string(a.type()) + ">";
    }
}

Shape dims(const onnx::TensorProto& t)
{
    return Shape(t.dims().begin(), t.dims().end());
}

/// The initializer named `name`, or nullptr.
const onnx::TensorProto* findInitializer(const onnx::ModelProto& m, const std::string& name)
{
    for (const auto& t : m.graph().initializer())
        if (t.name() == name)
            return &t;
    return nullptr;
}

std::vector<float> floats(const onnx::TensorProto& t)
{
    if (t.has_raw_data()) {
        std::vector<float> v(t.raw_data().size() / sizeof(float));
        std::memcpy(v.data(), t.raw_data().data(), v.size() * sizeof(float));
        return v;
    }
    return {t.float_data().begin(), t.float_data().end()};
}

bool sameBytes(const std::vector<float>& a, std::span<const float> b)
{
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

/// The dim_param ("N", or ONNX's own "unk__0") for a symbolic dimension, "?" for an unknown one, else the number.
std::vector<std::string> valueShape(const onnx::ValueInfoProto& v)
{
    std::vector<std::string> out;
    for (const auto& d : v.type().tensor_type().shape().dim())
        out.push_back(d.has_dim_value() ? std::to_string(d.dim_value()) : d.has_dim_param() ? d.dim_param() : "?");
    return out;
}

/// The highest default-domain opset this libonnx knows (17 for ONNX 1.12).
int knownOpset()
{
    return onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map().at("").second;
}

/// onnx::checker plus strict shape inference. The engine's shapes for `shapes` (batch 1) must agree with
/// every shape ONNX infers. Returns false (check skipped) for opsets newer than this libonnx.
bool checkWithOnnx(onnx::ModelProto model, const std::map<std::string, Shape>& shapes)
{
    if (model.opset_import(0).version() > knownOpset())
        return false;
    onnx::checker::check_model(model);
    onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                       onnx::ShapeInferenceOptions{true, 1, false});
    auto compare = [&](const onnx::ValueInfoProto& v) {
        auto it = shapes.find(v.name());
        if (it == shapes.end())
            return;
        const auto onnxShape = valueShape(v);
        if (onnxShape.size() != it->second.size())
            throw std::runtime_error("ONNX infers rank " + std::to_string(onnxShape.size()) + " for '" + v.name() +
                                     "', the engine " + shapeToString(it->second));
        for (size_t i = 0; i < onnxShape.size(); ++i)
            if (std::isdigit(static_cast<unsigned char>(onnxShape[i][0])) &&
                onnxShape[i] != std::to_string(it->second[i]))
                throw std::runtime_error("ONNX infers dimension " + std::to_string(i) + " of '" + v.name() + "' as " +
                                         onnxShape[i] + ", the engine " + shapeToString(it->second));
    };
    for (const auto& v : model.graph().value_info())
        compare(v);
    for (const auto& v : model.graph().output())
        compare(v);
    return true;
}

/// Inputs of the declared shapes with every "any" dimension set to `batch`.
std::map<std::string, Tensor> randomInputs(const Graph& graph, int64_t batch, uint64_t seed)
{
    std::map<std::string, Tensor> inputs;
    for (const auto& name : graph.inputNames()) {
        Shape s = graph.inputShape(name);
        for (auto& d : s)
            d = d < 0 ? batch : d;
        inputs[name] = test::randomTensor(s, seed++, -1.f, 1.f);
    }
    return inputs;
}

/// Node names, op types, inputs and outputs, and the float initializers with their bytes, one per line.
std::string structure(const onnx::ModelProto& m)
{
    std::string s;
    for (const auto& n : m.graph().node()) {
        s += n.name() + " " + n.op_type() + "(";
        for (const auto& i : n.input())
            s += i + ",";
        s += ")->";
        for (const auto& o : n.output())
            s += o + ",";
        s += "\n";
    }
    for (const auto& t : m.graph().initializer()) {
        s += t.name() + " " + shapeToString(dims(t));
        if (t.data_type() == onnx::TensorProto::FLOAT)
            s += " " + std::to_string(std::hash<std::string>{}(t.raw_data()));
        s += "\n";
    }
    return s;
}

/// Max abs difference between the first outputs of two graphs on the same inputs.
float outputDifference(Graph& a, Graph& b, const std::map<std::string, Tensor>& inputs)
{
    Execution ea = a.forward(inputs);
    Execution eb = b.forward(inputs);
    return maxAbsDiff(ea.value(a.outputNames().front()), eb.value(b.outputNames().front()));
}

/// Test op whose type has no ONNX mapping.
class Mystery final : public Op {
public:
    std::string type() const override { return "Mystery"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override { return {inputs[0]}; }
    void forward(ForwardArgs& args) override { args.outputs = {args.inputs[0]}; }
    void backward(BackwardArgs& args) override { args.gradInputs = {args.gradOutputs[0]}; }
};

} // namespace

class TestOnnxExport : public QObject {
    Q_OBJECT

private slots:
    void opMapping_data()
    {
        QTest::addColumn<QString>("name");
        for (const auto& [name, make] : test::cases::all())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }

    void opMapping()
    {
        QFETCH(QString, name);
        test::OnnxOpCase c = test::cases::all().at(name.toStdString())();
        formats::OnnxExportOptions options;
        options.dynamicBatch = c.dynamicBatch;
        const std::string bytes = formats::onnxBytes(c.graph, options);
        const onnx::ModelProto m = parse(bytes);

        QCOMPARE(m.opset_import_size(), 1);
        QCOMPARE(m.opset_import(0).domain(), std::string());
        QCOMPARE(m.opset_import(0).version(), int64_t(c.opset));
        QCOMPARE(m.ir_version(), int64_t(c.opset >= 19 ? 9 : c.opset >= 15 ? 8 : 7));
        QCOMPARE(m.producer_name(), std::string("Lantern"));
        QCOMPARE(m.graph().name(), std::string("lantern"));
        QCOMPARE(m.graph().node_size(), 1);
        const onnx::NodeProto& n = m.graph().node(0);
        QCOMPARE(n.name(), c.node);
        QCOMPARE(n.op_type(), c.opType);
        QCOMPARE(std::vector<std::string>(n.input().begin(), n.input().end()), c.inputs);
        QCOMPARE(std::vector<std::string>(n.output().begin(), n.output().end()), std::vector<std::string>{c.node});

        std::map<std::string, std::string> attributes;
        for (const auto& a : n.attribute())
            attributes[a.name()] = attributeText(a);
        QCOMPARE(attributes, c.attributes);

        // Initializers: exact names and shapes; parameters byte for byte.
        std::map<std::string, Shape> initializers;
        for (const auto& t : m.graph().initializer()) {
            initializers[t.name()] = dims(t);
            QCOMPARE(t.data_type(),
                     int(t.name().ends_with("pads") || t.name().ends_with("sizes") || t.name().ends_with("shape")
                             ? onnx::TensorProto::INT64
                             : onnx::TensorProto::FLOAT));
        }
        QCOMPARE(initializers, c.initializers);
        for (auto& [param, p] : c.graph.parameters()) {
            auto renamed = c.initializerOf.find(param);
            const onnx::TensorProto* t = findInitializer(m, renamed == c.initializerOf.end() ? param : renamed->second);
            QVERIFY2(t != nullptr, param.c_str());
            QCOMPARE(t->data_type(), int(onnx::TensorProto::FLOAT));
            QCOMPARE(dims(*t), p->value.shape());
            QVERIFY2(sameBytes(floats(*t), p->value.values()), param.c_str());
        }

        // Graph inputs and outputs: float tensors, batch symbolic unless fixed.
        QCOMPARE(m.graph().input_size(), int(c.graph.inputNames().size()));
        for (const auto& in : m.graph().input())
            QCOMPARE(in.type().tensor_type().elem_type(), int(onnx::TensorProto::FLOAT));
        QCOMPARE(m.graph().output_size(), 1);
        QCOMPARE(m.graph().output(0).type().tensor_type().elem_type(), int(onnx::TensorProto::FLOAT));
        const auto inputShape = valueShape(m.graph().input(0));
        if (c.graph.inputShape(c.graph.inputNames()[0])[0] < 0 && c.dynamicBatch)
            QCOMPARE(inputShape.front(), std::string("N"));
        const auto outputShape = valueShape(m.graph().output(0));
        QCOMPARE(outputShape.size(), c.graph.inferShapes().at(c.graph.outputNames()[0]).size());

        try {
            const bool checked = checkWithOnnx(m, c.graph.inferShapes());
            if (!checked)
                qInfo("opset %d is newer than this libonnx (%d): checker skipped", c.opset, knownOpset());
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }

        Model back = formats::importOnnxBytes(bytes, name.toStdString() + ".onnx");
        const int64_t batch = c.dynamicBatch ? 2 : c.graph.inputShape(c.graph.inputNames()[0])[0];
        const float diff = outputDifference(c.graph, back.graph, randomInputs(c.graph, batch, 3));
        QVERIFY2(diff <= 1e-6f, qPrintable(QString("max abs diff %1").arg(double(diff))));
        // The re-imported graph is the same graph: exporting it again gives the same nodes and parameters
        // (the importer may normalize attributes, e.g. a Concat axis -2 to 1 or a Reshape target 0,-1,2 to
        // 0,108,2).
        QCOMPARE(structure(parse(formats::onnxBytes(back.graph, options))), structure(m));
    }

    void presetsExportAndCheck_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<int>("nodes");
        QTest::newRow("fmnist-cnn") << "fmnist-cnn" << 10;
        QTest::newRow("ziletti-cnn") << "ziletti-cnn" << 20; // with the paper's Dropout before fc1
    }

    void presetsExportAndCheck()
    {
        QFETCH(QString, preset);
        QFETCH(int, nodes);
        Graph g = models::buildPreset(preset.toStdString(), 5);
        for (auto& [name, p] : g.parameters()) { // non-trivial biases and BatchNorm statistics
            if (name.ends_with("bias") || name.ends_with("running_mean"))
                p->value.copyFrom(test::randomTensor(p->value.shape(), 9, -0.1f, 0.1f));
            if (name.ends_with("running_var") || name == "bn.weight")
                p->value.copyFrom(test::randomTensor(p->value.shape(), 10, 0.5f, 1.5f));
            p->markModified();
        }
        const std::string bytes = formats::onnxBytes(g);
        const onnx::ModelProto m = parse(bytes);
        QCOMPARE(m.graph().node_size(), nodes);
        QCOMPARE(valueShape(m.graph().input(0)).front(), std::string("N"));
        QCOMPARE(valueShape(m.graph().output(0)), (std::vector<std::string>{"N", preset == "fmnist-cnn" ? "10" : "7"}));
        // Every parameter is an initializer "<node>.<param>" with its exact bytes.
        // (and the ziletti preset's Dropout ratio 0.25, an input initializer since opset 12)
        auto params = g.parameters();
        QCOMPARE(m.graph().initializer_size(), int(params.size()) + (preset == "ziletti-cnn" ? 1 : 0));
        for (const auto& t : m.graph().initializer()) {
            if (t.name() == "dropout.ratio") {
                QCOMPARE(floats(t), std::vector<float>{0.25f});
                continue;
            }
            auto it = std::find_if(params.begin(), params.end(), [&](const auto& p) { return p.first == t.name(); });
            QVERIFY2(it != params.end(), t.name().c_str());
            QCOMPARE(dims(t), it->second->value.shape());
            QVERIFY(sameBytes(floats(t), it->second->value.values()));
        }
        try {
            QVERIFY(checkWithOnnx(m, g.inferShapes()));
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        Model back = formats::importOnnxBytes(bytes, preset.toStdString() + ".onnx");
        const float diff = outputDifference(g, back.graph, randomInputs(g, 3, 17));
        QVERIFY2(diff <= 1e-6f, qPrintable(QString("max abs diff %1").arg(double(diff))));
        QVERIFY(formats::onnxBytes(back.graph) == bytes); // a fixpoint: export(import(export(g))) == export(g)
    }

    /// The fmnist preset with the shared PyTorch weights exports the same initializers (names, shapes,
    /// bytes) and the same operator sequence as PyTorch's own ONNX export of that network.
    void fmnistMatchesPyTorchExport()
    {
        const std::string dir = test::sharedDataDir();
        if (dir.empty() || !std::filesystem::exists(dir + "/torch/fmnist_cnn.onnx"))
            QSKIP("LANTERN_SHARED_DATA/torch/fmnist_cnn.onnx not found");
        onnx::ModelProto torch;
        {
            const auto raw = io::readFileBytes(dir + "/torch/fmnist_cnn.onnx");
            QVERIFY(torch.ParseFromArray(raw.data(), int(raw.size())));
        }
        Graph g = models::buildPreset("fmnist-cnn");
        models::loadStateDict(g, io::readNpz(dir + "/torch/fmnist_cnn.npz"));
        const onnx::ModelProto m = parse(formats::onnxBytes(g));

        std::vector<std::string> torchOps, ourOps;
        for (const auto& n : torch.graph().node())
            torchOps.push_back(n.op_type());
        for (const auto& n : m.graph().node())
            ourOps.push_back(n.op_type());
        QCOMPARE(ourOps, torchOps);
        QCOMPARE(m.graph().initializer_size(), torch.graph().initializer_size());
        for (const auto& t : torch.graph().initializer()) {
            auto it = std::find_if(m.graph().initializer().begin(), m.graph().initializer().end(),
                                   [&](const auto& x) { return x.name() == t.name(); });
            QVERIFY2(it != m.graph().initializer().end(), t.name().c_str());
            QCOMPARE(dims(*it), dims(t));
            QVERIFY2(floats(*it) == floats(t), t.name().c_str());
        }
        QCOMPARE(valueShape(m.graph().input(0)), valueShape(torch.graph().input(0)));
        QCOMPARE(valueShape(m.graph().output(0)), valueShape(torch.graph().output(0)));
    }

    void sharedOnnxRoundTrip_data()
    {
        QTest::addColumn<QString>("model");
        QTest::newRow("fmnist_cnn") << "fmnist_cnn";
        QTest::newRow("ziletti_cnn") << "ziletti_cnn";
    }

    /// import -> export -> import of the PyTorch-exported models gives identical outputs, and exporting the
    /// re-imported model gives the same bytes again. ziletti_cnn is also checked against PyTorch's logits.
    void sharedOnnxRoundTrip()
    {
        QFETCH(QString, model);
        const std::string dir = test::sharedDataDir() + "/torch/";
        const std::string path = dir + model.toStdString() + ".onnx";
        if (test::sharedDataDir().empty() || !std::filesystem::exists(path))
            QSKIP(qPrintable("LANTERN_SHARED_DATA/torch/" + model + ".onnx not found"));
        Model first = formats::importOnnx(path);
        const std::string bytes = formats::onnxBytes(first.graph);
        Model second = formats::importOnnxBytes(bytes, model.toStdString() + ".exported.onnx");
        const auto inputs = randomInputs(first.graph, 4, 23);
        const float diff = outputDifference(first.graph, second.graph, inputs);
        QVERIFY2(diff <= 1e-6f, qPrintable(QString("max abs diff %1").arg(double(diff))));
        QVERIFY(formats::onnxBytes(second.graph) == bytes);
        if (model == "ziletti_cnn" && std::filesystem::exists(dir + "ziletti_cnn_io.npz")) {
            const auto io = io::readNpz(dir + "ziletti_cnn_io.npz");
            const Tensor logits = second.graph.run(io.at("input"));
            LANTERN_COMPARE_TENSORS(logits, io.at("logits"), 1e-4, 1e-4);
        }
    }

    void unsupportedNodesAreListed()
    {
        Graph g;
        g.addInput("x", {-1, 4});
        g.addNode("odd1", std::make_unique<Mystery>(), {"x"});
        g.addNode("fine", std::make_unique<Relu>(), {"odd1"});
        g.addNode("odd2", std::make_unique<Mystery>(), {"fine"});
        g.addOutput("odd2");
        try {
            formats::onnxBytes(g);
            QFAIL("no UnsupportedError");
        } catch (const UnsupportedError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("'odd1' (Mystery)") != std::string::npos, e.what());
            QVERIFY2(what.find("'odd2' (Mystery)") != std::string::npos, e.what());
            QVERIFY2(what.find("fine") == std::string::npos, e.what());
            QVERIFY2(what.find("2 nodes") != std::string::npos, e.what());
        }
    }

    void options()
    {
        Graph g = models::buildPreset("fmnist-cnn", 1);
        formats::OnnxExportOptions o;
        o.opset = 17;
        o.producerName = "test-suite";
        o.graphName = "fashion";
        o.dynamicBatch = false;
        onnx::ModelProto m = parse(formats::onnxBytes(g, o));
        QCOMPARE(m.opset_import(0).version(), int64_t(17));
        QCOMPARE(m.ir_version(), int64_t(8));
        QCOMPARE(m.producer_name(), std::string("test-suite"));
        QCOMPARE(m.graph().name(), std::string("fashion"));
        QCOMPARE(valueShape(m.graph().input(0)), (std::vector<std::string>{"1", "1", "28", "28"}));
        QCOMPARE(valueShape(m.graph().output(0)), (std::vector<std::string>{"1", "10"}));
        QVERIFY(checkWithOnnx(m, g.inferShapes()));

        o.opset = 12;
        QVERIFY_THROWS_EXCEPTION(ArgumentError, formats::onnxBytes(g, o));
        o.opset = 22;
        QVERIFY_THROWS_EXCEPTION(ArgumentError, formats::onnxBytes(g, o));
        QCOMPARE(formats::onnxExportOpset(g), 13);
    }

    /// A second input without a batch dimension keeps its fixed shape; the data input gets "N".
    void weightLikeSecondInputKeepsItsShape()
    {
        test::OnnxOpCase c = test::cases::all().at("matmul")();
        onnx::ModelProto m = parse(formats::onnxBytes(c.graph));
        QCOMPARE(valueShape(m.graph().input(0)), (std::vector<std::string>{"N", "3", "4"}));
        QCOMPARE(valueShape(m.graph().input(1)), (std::vector<std::string>{"4", "5"}));
        QCOMPARE(valueShape(m.graph().output(0)), (std::vector<std::string>{"N", "3", "5"}));
        // transA Gemm: the free dimension is not the first one.
        test::OnnxOpCase t = test::cases::all().at("gemm_transA_alpha_beta")();
        onnx::ModelProto mt = parse(formats::onnxBytes(t.graph));
        QCOMPARE(valueShape(mt.graph().input(0)), (std::vector<std::string>{"6", "?"}));
        QCOMPARE(valueShape(mt.graph().output(0)), (std::vector<std::string>{"?", "5"}));
    }

    /// A Constant whose node and value names differ, read by two nodes and also a graph output: one
    /// initializer under the value's name, no ONNX node; the import gives the same outputs, and exporting
    /// it again gives the same bytes.
    void constantsBecomeInitializers()
    {
        Graph g;
        g.addInput("x", {-1, 2, 4});
        const Tensor k = test::randomTensor({4, 4}, 31, -1.f, 1.f);
        g.addNode("k_node", std::make_unique<Constant>(k), {}, {"k"});
        g.addNode("mm1", std::make_unique<MatMul>(), {"x", "k"});
        g.addNode("mm2", std::make_unique<MatMul>(), {"mm1", "k"});
        g.setOutputs({"mm2", "k"});
        const std::string bytes = formats::onnxBytes(g);
        const onnx::ModelProto m = parse(bytes);
        QCOMPARE(m.graph().node_size(), 2);
        QCOMPARE(m.graph().node(0).input(1), std::string("k"));
        QCOMPARE(m.graph().node(1).input(1), std::string("k"));
        QCOMPARE(m.graph().initializer_size(), 1);
        QCOMPARE(m.graph().initializer(0).name(), std::string("k"));
        QCOMPARE(dims(m.graph().initializer(0)), (Shape{4, 4}));
        QVERIFY(sameBytes(floats(m.graph().initializer(0)), k.values()));
        QCOMPARE(valueShape(m.graph().output(0)), (std::vector<std::string>{"N", "2", "4"}));
        QCOMPARE(m.graph().output(1).name(), std::string("k"));
        QCOMPARE(valueShape(m.graph().output(1)), (std::vector<std::string>{"4", "4"}));
        try {
            QVERIFY(checkWithOnnx(m, g.inferShapes()));
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }

        Model back = formats::importOnnxBytes(bytes, "constants.onnx");
        QCOMPARE(back.graph.outputNames(), (std::vector<std::string>{"mm2", "k"}));
        const auto inputs = randomInputs(g, 3, 41);
        Execution ea = g.forward(inputs);
        Execution eb = back.graph.forward(inputs);
        const float diff = maxAbsDiff(ea.value("mm2"), eb.value("mm2"));
        QVERIFY2(diff <= 1e-6f, qPrintable(QString("max abs diff %1").arg(double(diff))));
        QCOMPARE(maxAbsDiff(eb.value("k"), k), 0.f);
        QVERIFY(formats::onnxBytes(back.graph) == bytes);
    }

    void exportWritesTheFileAtomically()
    {
        QTemporaryDir dir;
        Graph g = models::buildPreset("fmnist-cnn", 2);
        const std::string path = dir.filePath("model.onnx").toStdString();
        formats::exportOnnx(g, path);
        const auto written = io::readFileBytes(path);
        QCOMPARE(std::string(written.begin(), written.end()), formats::onnxBytes(g));
        QVERIFY_THROWS_EXCEPTION(IoError, formats::exportOnnx(g, dir.filePath("missing/dir/m.onnx").toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestOnnxExport)
#include "test_onnx_export.moc"
