// LRP and deep Taylor: the 20 LRP/DeepTaylor reference files of iNNvestigate on its six single-layer models,
// relevance conservation of the z, epsilon, alpha1beta0 and z+ rules on hand-built networks, BatchNorm merging
// against a hand-merged layer, dense layers written as MatMul + Add against Gemm, residual Adds, and errors.
#include "gradcheck.h"
#include "innvestigate_models.h"

#include "lantern/error.h"
#include "lantern/explain/explainer.h"
#include "lantern/io/hdf5.h"
#include "lantern/model.h"
#include "lantern/ops/add.h"
#include "lantern/ops/batch_norm.h"
#include "lantern/ops/constant.h"
#include "lantern/ops/conv2d.h"
#include "lantern/ops/elu.h"
#include "lantern/ops/flatten.h"
#include "lantern/ops/gelu.h"
#include "lantern/ops/gemm.h"
#include "lantern/ops/leaky_relu.h"
#include "lantern/ops/mat_mul.h"
#include "lantern/ops/max_pool2d.h"
#include "lantern/ops/mul.h"
#include "lantern/ops/relu.h"
#include "lantern/ops/sigmoid.h"
#include "lantern/ops/softplus.h"
#include "lantern/ops/tanh.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace lantern;
using namespace lantern::test;

namespace {

explain::Explanation run(Model& m, const Tensor& x, const std::string& method,
                         std::map<std::string, std::string> params = {})
{
    explain::ExplainRequest r;
    r.method = method;
    r.params = std::move(params);
    return explain::explain(m, x, r);
}

/// Conv 3x3 (2->4, pad 1) - ReLU - max-pool 2x2 - flatten - dense (64 -> 5), optionally without biases.
Model convNet(bool bias, uint64_t seed)
{
    Model m;
    m.inputLayout = "NCHW";
    Conv2DParams cp;
    cp.inChannels = 2;
    cp.outChannels = 4;
    cp.kernelH = cp.kernelW = 3;
    cp.padTop = cp.padLeft = cp.padBottom = cp.padRight = 1;
    cp.bias = bias;
    auto conv = std::make_unique<Conv2D>(cp);
    randomizeParameters(*conv, seed);
    auto dense = Gemm::dense(64, 5, bias);
    randomizeParameters(*dense, seed + 1);
    m.graph.addInput("x", {-1, 2, 8, 8});
    m.graph.addNode("conv", std::move(conv), {"x"}, {"c"});
    m.graph.addNode("relu", std::make_unique<Relu>(), {"c"}, {"r"});
    m.graph.addNode("pool", std::make_unique<MaxPool2D>(MaxPool2DParams{}), {"r"}, {"p"});
    m.graph.addNode("flat", std::make_unique<Flatten>(), {"p"}, {"f"});
    m.graph.addNode("dense", std::move(dense), {"f"}, {"y"});
    m.graph.addOutput("y");
    return m;
}

/// Sum of the relevance map per sample.
std::vector<double> sums(const Tensor& map)
{
    const int64_t n = map.dim(0), per = map.size() / n;
    std::vector<double> s(static_cast<size_t>(n), 0.0);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < per; ++j)
            s[static_cast<size_t>(i)] += map[i * per + j];
    return s;
}

struct RefCase {
    const char* file;
    const char* method;
    std::map<std::string, std::string> params;
};

const std::vector<RefCase>& refCases()
{
    static const std::vector<RefCase> cases = {
        {"LRPZ", "lrp-z", {}},
        {"LRPZIgnoreBias", "lrp-z", {{"bias", "false"}}},
        {"LRPZPlus", "lrp-zplus", {}},
        {"LRPZPlusFast", "lrp-zplus-fast", {}},
        {"LRPEpsilon", "lrp-epsilon", {}},
        {"LRPEpsilonIgnoreBias", "lrp-epsilon", {{"bias", "false"}}},
        {"LRPAlpha1Beta0", "lrp-alpha-beta", {{"alpha", "1"}, {"beta", "0"}}},
        {"LRPAlpha1Beta0IgnoreBias", "lrp-alpha-beta", {{"alpha", "1"}, {"beta", "0"}, {"bias", "false"}}},
        {"LRPAlpha2Beta1", "lrp-alpha-beta", {{"alpha", "2"}, {"beta", "1"}}},
        {"LRPAlpha2Beta1IgnoreBias", "lrp-alpha-beta", {{"alpha", "2"}, {"beta", "1"}, {"bias", "false"}}},
        {"LRPFlat", "lrp-flat", {}},
        {"LRPWSquare", "lrp-wsquare", {}},
        {"LRPSequentialPresetA", "lrp-preset-a", {}},
        {"LRPSequentialPresetB", "lrp-preset-b", {}},
        {"LRPSequentialPresetAFlat", "lrp-preset-a-flat", {}},
        {"LRPSequentialPresetBFlat", "lrp-preset-b-flat", {}},
        {"LRPZ_Flat_input_layer_rule", "lrp-z", {{"input_rule", "flat"}}},
        {"LRPZ_boxed_input_layer_rule", "lrp-z", {{"input_rule", "zb"}, {"low", "-10"}, {"high", "10"}}},
        {"DeepTaylor", "deep-taylor", {}},
        {"BoundedDeepTaylor", "deep-taylor-bounded", {{"low", "-128"}, {"high", "128"}}},
    };
    return cases;
}

} // namespace

class TestLrpMethods : public QObject {
    Q_OBJECT

private:
    std::string m_data = sharedDataDir();
    QTemporaryDir m_tmp;

private slots:
    /// Elementwise activations pass relevance on unchanged (iNNvestigate and Zennit alike): fc1 - act - fc2 against
    /// the z / ε rule written out by hand in double, in both conventions.
    void activationsPassRelevance_data()
    {
        QTest::addColumn<QString>("op");
        QTest::addColumn<QString>("convention");
        for (const char* op : {"Relu", "LeakyRelu", "Elu", "Tanh", "Sigmoid", "Softplus", "Gelu"})
            for (const char* c : {"innvestigate", "zennit"})
                QTest::newRow((std::string(op) + " " + c).c_str()) << QString(op) << QString(c);
    }

    void activationsPassRelevance()
    {
        QFETCH(QString, op);
        QFETCH(QString, convention);
        const auto act = [&](double v) -> double {
            if (op == "Relu")
                return std::max(v, 0.0);
            if (op == "LeakyRelu")
                return v > 0 ? v : 0.01 * v;
            if (op == "Elu")
                return v > 0 ? v : std::expm1(v);
            if (op == "Tanh")
                return std::tanh(v);
            if (op == "Sigmoid")
                return 1 / (1 + std::exp(-v));
            if (op == "Softplus")
                return std::log1p(std::exp(v));
            return 0.5 * v * std::erfc(-v / std::sqrt(2.0)); // Gelu
        };
        std::unique_ptr<Op> activation;
        if (op == "Relu")
            activation = std::make_unique<Relu>();
        else if (op == "LeakyRelu")
            activation = std::make_unique<LeakyRelu>();
        else if (op == "Elu")
            activation = std::make_unique<Elu>();
        else if (op == "Tanh")
            activation = std::make_unique<Tanh>();
        else if (op == "Sigmoid")
            activation = std::make_unique<Sigmoid>();
        else if (op == "Softplus")
            activation = std::make_unique<Softplus>();
        else
            activation = std::make_unique<Gelu>();
        Model m;
        auto fc1 = Gemm::dense(4, 3);
        auto fc2 = Gemm::dense(3, 2);
        randomizeParameters(*fc1, 11, -1.f, 1.f);
        randomizeParameters(*fc2, 12, -1.f, 1.f);
        const Tensor w1 = fc1->weight().value, b1 = fc1->bias()->value;
        const Tensor w2 = fc2->weight().value, b2 = fc2->bias()->value;
        m.graph.addInput("x", {-1, 4});
        m.graph.addNode("fc1", std::move(fc1), {"x"});
        m.graph.addNode("act", std::move(activation), {"fc1"});
        m.graph.addNode("fc2", std::move(fc2), {"act"});
        m.graph.addOutput("fc2");
        m.logits = "fc2";
        const Tensor x = randomTensor({3, 4}, 13, -2.f, 2.f);
        const bool zennit = convention == "zennit";
        const double eps = zennit ? 1e-6 : 0.0; // lrp-z: Zennit's stabiliser, iNNvestigate's safe division
        const auto stab = [&](double z) { return zennit ? z + (z >= 0 ? eps : -eps) : (z == 0 ? 1e-7 : z); };
        const explain::Explanation e = run(m, x, "lrp-z", {{"convention", convention.toStdString()}});
        for (int64_t i = 0; i < 3; ++i) {
            double z1[3], a[3], z2[2];
            for (int j = 0; j < 3; ++j) {
                z1[j] = b1[j];
                for (int k = 0; k < 4; ++k)
                    z1[j] += double(w1[j * 4 + k]) * x[i * 4 + k];
                a[j] = act(z1[j]);
            }
            for (int c = 0; c < 2; ++c) {
                z2[c] = b2[c];
                for (int j = 0; j < 3; ++j)
                    z2[c] += double(w2[c * 3 + j]) * a[j];
            }
            const int t = e.targets[size_t(i)];
            QCOMPARE(t, z2[0] >= z2[1] ? 0 : 1);
            double ra[3]; // relevance at the activation's output = at its input (pass)
            for (int j = 0; j < 3; ++j)
                ra[j] = a[j] * w2[t * 3 + j] * z2[t] / stab(z2[t]);
            for (int k = 0; k < 4; ++k) {
                double rx = 0;
                for (int j = 0; j < 3; ++j)
                    rx += x[i * 4 + k] * w1[j * 4 + k] * ra[j] / stab(z1[j]);
                QVERIFY2(
                    std::abs(e.map[i * 4 + k] - rx) <= 1e-4 * (1 + std::abs(rx)),
                    qPrintable(QString("sample %1 input %2: %3 vs %4").arg(i).arg(k).arg(e.map[i * 4 + k]).arg(rx)));
            }
        }
    }

    /// An op without an LRP rule must be an error naming it, never a silent gradient in the middle.
    void opsWithoutRulesAreRejected()
    {
        Model m;
        m.graph.addInput("x", {-1, 4});
        m.graph.addNode("fc1", Gemm::dense(4, 3), {"x"});
        m.graph.addNode("square", std::make_unique<Mul>(), {"fc1", "fc1"});
        m.graph.addNode("fc2", Gemm::dense(3, 2), {"square"});
        m.graph.addOutput("fc2");
        m.logits = "fc2";
        for (const char* method : {"lrp-z", "lrp-epsilon-plus", "deep-taylor"}) {
            explain::ExplainRequest r;
            r.method = method;
            try {
                explain::explain(m, test::randomTensor({2, 4}, 3), r);
                QFAIL(qPrintable(QString(method) + ": no error for Mul"));
            } catch (const UnsupportedError& e) {
                QVERIFY2(QString(e.what()).contains("Mul ('square')"), e.what());
            }
        }
        explain::ExplainRequest g;
        g.method = "gradient"; // gradient-type methods are fine on the same model
        QCOMPARE(explain::explain(m, test::randomTensor({2, 4}, 3), g).map.shape(), (Shape{2, 4}));
    }

    void innvestigate_data()
    {
        QTest::addColumn<int>("caseIndex");
        for (size_t i = 0; i < refCases().size(); ++i)
            QTest::addRow("%s", refCases()[i].file) << static_cast<int>(i);
    }

    /// Every model of the file within iNNvestigate's tolerances (rtol 1e-2, atol 1e-8).
    void innvestigate()
    {
        QFETCH(int, caseIndex);
        if (m_data.empty())
            QSKIP("LANTERN_SHARED_DATA not found (needs innvestigate-refs)");
        const RefCase& c = refCases()[static_cast<size_t>(caseIndex)];
        const std::string ref = m_data + "/innvestigate-refs/" + c.file + ".hdf5";
        const Tensor input = io::readHdf5Dataset(ref, "/input");
        std::string report;
        for (const std::string& name : innvestigate_models::modelNames()) {
            const std::string path =
                m_tmp.filePath(QString::fromStdString(std::string(c.file) + "_" + name + ".h5")).toStdString();
            Model model = innvestigate_models::load(ref, name, path);
            const Tensor expected = io::readHdf5Dataset(ref, "/" + name + "/attribution");
            const explain::Explanation e = run(model, input, c.method, c.params);
            QCOMPARE(e.map.shape(), expected.shape());
            double worst = 0; // largest |a - b| / (atol + rtol |b|)
            for (int64_t i = 0; i < expected.size(); ++i)
                worst =
                    std::max(worst, std::abs(double(e.map[i]) - expected[i]) / (1e-8 + 1e-2 * std::abs(expected[i])));
            report += " " + name + "=" + QString::number(worst, 'g', 2).toStdString();
            if (worst > 1.0)
                QFAIL(
                    qPrintable(QString("%1 on %2: deviation %3 x tolerance").arg(c.file).arg(name.c_str()).arg(worst)));
        }
        qInfo("%s (deviation / tolerance):%s", c.file, report.c_str());
    }

    void conservation_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("params");
        QTest::addColumn<bool>("positiveInput");
        QTest::newRow("lrp-z") << "lrp-z"
                               << "" << false;
        QTest::newRow("lrp-epsilon") << "lrp-epsilon"
                                     << "1e-9" << false;
        QTest::newRow("lrp-alpha1beta0 positive") << "lrp-alpha-beta"
                                                  << "" << true;
        QTest::newRow("lrp-zplus positive") << "lrp-zplus"
                                            << "" << true;
        QTest::newRow("deep-taylor positive") << "deep-taylor"
                                              << "" << true;
    }

    /// Without biases, the input relevance of each sample sums to the explained logit.
    void conservation()
    {
        QFETCH(QString, method);
        QFETCH(QString, params);
        QFETCH(bool, positiveInput);
        Model m = convNet(false, 7);
        const Tensor x = randomTensor({3, 2, 8, 8}, 11, positiveInput ? 0.f : -1.f, 1.f);
        std::map<std::string, std::string> p;
        if (!params.isEmpty())
            p["epsilon"] = params.toStdString();
        const explain::Explanation e = run(m, x, method.toStdString(), p);
        const std::vector<double> s = sums(e.map);
        for (size_t i = 0; i < s.size(); ++i) {
            const double logit = e.logits[static_cast<int64_t>(i) * 5 + e.targets[i]];
            QVERIFY(logit > 0); // the predicted logit of this net is positive
            QVERIFY2(std::abs(s[i] - logit) <= 1e-4 * std::abs(logit),
                     qPrintable(QString("sample %1: sum %2, logit %3").arg(i).arg(s[i]).arg(logit)));
        }
        // with biases the z rule no longer conserves (the bias takes its share)
        if (method == "lrp-z") {
            Model withBias = convNet(true, 7);
            const explain::Explanation b = run(withBias, x, "lrp-z");
            const double logit = b.logits[b.targets[0]];
            QVERIFY(std::abs(sums(b.map)[0] - logit) > 1e-3 * std::abs(logit));
        }
    }

    void batchNormMerge_data()
    {
        QTest::addColumn<QString>("method");
        for (const char* name : {"lrp-z", "lrp-epsilon-plus", "lrp-alpha-beta", "lrp-zplus", "lrp-wsquare"})
            QTest::newRow(name) << name;
    }

    /// Gemm -> BatchNorm -> ReLU -> Gemm explains exactly like the hand-merged Gemm -> ReLU -> Gemm.
    void batchNormMerge()
    {
        QFETCH(QString, method);
        auto build = [](bool withBn) {
            Model m;
            m.inputLayout = "NC";
            auto g1 = Gemm::dense(6, 4, true);
            randomizeParameters(*g1, 3);
            auto g2 = Gemm::dense(4, 3, true);
            randomizeParameters(*g2, 4);
            BatchNormParams bp;
            bp.numFeatures = 4;
            auto bn = std::make_unique<BatchNorm>(bp);
            const float gamma[4] = {1.5f, -0.7f, 0.9f, 2.f}, beta[4] = {0.1f, -0.2f, 0.3f, 0.05f};
            const float mean[4] = {0.2f, -0.1f, 0.05f, 0.3f}, var[4] = {0.5f, 1.2f, 0.8f, 2.f};
            for (int c = 0; c < 4; ++c) {
                bn->weight()->value[c] = gamma[c];
                bn->bias()->value[c] = beta[c];
                bn->runningMean().value[c] = mean[c];
                bn->runningVar().value[c] = var[c];
            }
            if (!withBn) { // W' = s W, b' = s (b - mean) + beta
                for (int o = 0; o < 4; ++o) {
                    const float s = gamma[o] / std::sqrt(var[o] + bp.epsilon);
                    for (int i = 0; i < 6; ++i)
                        g1->weight().value[o * 6 + i] *= s;
                    g1->bias()->value[o] = s * (g1->bias()->value[o] - mean[o]) + beta[o];
                }
            }
            m.graph.addInput("x", {-1, 6});
            m.graph.addNode("g1", std::move(g1), {"x"}, {"h"});
            std::string h = "h";
            if (withBn) {
                m.graph.addNode("bn", std::move(bn), {"h"}, {"hb"});
                h = "hb";
            }
            m.graph.addNode("relu", std::make_unique<Relu>(), {h}, {"r"});
            m.graph.addNode("g2", std::move(g2), {"r"}, {"y"});
            m.graph.addOutput("y");
            return m;
        };
        Model withBn = build(true), merged = build(false);
        const Tensor x = randomTensor({4, 6}, 5);
        const explain::Explanation a = run(withBn, x, method.toStdString());
        const explain::Explanation b = run(merged, x, method.toStdString());
        QVERIFY(maxAbsDiff(a.logits, b.logits) < 1e-5f);
        std::string msg;
        QVERIFY2(allClose(a.map, b.map, 1e-5, 1e-4, &msg), msg.c_str());
        float mag = 0;
        for (float v : b.map.values())
            mag = std::max(mag, std::abs(v));
        QVERIFY(mag > 1e-3f); // not trivially zero
        // repeated explanations reuse the cached temporary layers and give the same result
        QCOMPARE(maxAbsDiff(run(withBn, x, method.toStdString()).map, a.map), 0.f);
    }

    void matMulAsDense_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("epsilon");
        QTest::newRow("lrp-z") << "lrp-z"
                               << "";
        QTest::newRow("lrp-epsilon 0.5") << "lrp-epsilon"
                                         << "0.5"; // a large epsilon: the bias must be merged
        QTest::newRow("lrp-epsilon-plus") << "lrp-epsilon-plus"
                                          << "";
        QTest::newRow("lrp-alpha-beta") << "lrp-alpha-beta"
                                        << "";
        QTest::newRow("lrp-preset-a") << "lrp-preset-a"
                                      << "";
        QTest::newRow("lrp-epsilon-gamma-box") << "lrp-epsilon-gamma-box"
                                               << "";
        QTest::newRow("deep-taylor") << "deep-taylor"
                                     << "";
    }

    /// Dense layers written as MatMul by a constant (K, M) matrix + Add of a constant bias explain exactly like
    /// the same layers as Gemm, input-layer rules included.
    void matMulAsDense()
    {
        QFETCH(QString, method);
        QFETCH(QString, epsilon);
        auto build = [](bool asMatMul) {
            Model m;
            m.inputLayout = "NC";
            std::vector<std::unique_ptr<Gemm>> layers;
            layers.push_back(Gemm::dense(6, 5, true));
            layers.push_back(Gemm::dense(5, 3, true));
            randomizeParameters(*layers[0], 21);
            randomizeParameters(*layers[1], 22);
            m.graph.addInput("x", {-1, 6});
            std::string in = "x";
            for (size_t l = 0; l < layers.size(); ++l) {
                const std::string name = "fc" + std::to_string(l + 1);
                if (!asMatMul) {
                    m.graph.addNode(name, std::move(layers[l]), {in}, {name});
                } else { // weight (out, in) -> constant (in, out); the bias as (1, out)
                    const Tensor& w = layers[l]->weight().value;
                    const int64_t out = w.dim(0), k = w.dim(1);
                    Tensor wt({k, out});
                    for (int64_t o = 0; o < out; ++o)
                        for (int64_t i = 0; i < k; ++i)
                            wt[i * out + o] = w[o * k + i];
                    m.graph.addNode(name + "_w", std::make_unique<Constant>(wt), {}, {name + "_w"});
                    m.graph.addNode(name + "_b",
                                    std::make_unique<Constant>(layers[l]->bias()->value.reshaped({1, out})), {},
                                    {name + "_b"});
                    m.graph.addNode(name + "_mm", std::make_unique<MatMul>(), {in, name + "_w"}, {name + "_mm"});
                    m.graph.addNode(name, std::make_unique<Add>(), {name + "_mm", name + "_b"}, {name});
                }
                in = name;
                if (l + 1 < layers.size()) {
                    m.graph.addNode("relu" + std::to_string(l + 1), std::make_unique<Relu>(), {in}, {"r"});
                    in = "r";
                }
            }
            m.graph.addOutput(in);
            return m;
        };
        Model gemm = build(false), matMul = build(true);
        const Tensor x = randomTensor({4, 6}, 23);
        std::map<std::string, std::string> p;
        if (!epsilon.isEmpty())
            p["epsilon"] = epsilon.toStdString();
        const explain::Explanation a = run(gemm, x, method.toStdString(), p);
        const explain::Explanation b = run(matMul, x, method.toStdString(), p);
        QVERIFY(maxAbsDiff(a.logits, b.logits) < 1e-5f);
        std::string msg;
        QVERIFY2(allClose(b.map, a.map, 1e-5, 1e-4, &msg), msg.c_str());
        float mag = 0;
        for (float v : a.map.values())
            mag = std::max(mag, std::abs(v));
        QVERIFY(mag > 1e-3f);
    }

    /// A residual block y = W3 (relu(W1 x) + relu(W2 relu(W1 x))), rank-3 input through a MatMul: without
    /// biases the z and epsilon rules conserve relevance across the Add, which shares it by the summands.
    void residualAddConserves()
    {
        Model m;
        m.inputLayout = "NC";
        auto constant = [](int64_t k, int64_t n, uint64_t seed) {
            return std::make_unique<Constant>(randomTensor({k, n}, seed, -1.f, 1.f));
        };
        m.graph.addInput("x", {-1, 2, 4});
        m.graph.addNode("w1", constant(4, 5, 31), {}, {"w1"});
        m.graph.addNode("mm1", std::make_unique<MatMul>(), {"x", "w1"}, {"h"}); // (N, 2, 5)
        m.graph.addNode("relu1", std::make_unique<Relu>(), {"h"}, {"a"});
        m.graph.addNode("flat", std::make_unique<Flatten>(), {"a"}, {"f"}); // (N, 10)
        m.graph.addNode("g2", Gemm::dense(10, 10, false), {"f"}, {"g"});
        m.graph.addNode("relu2", std::make_unique<Relu>(), {"g"}, {"b"});
        m.graph.addNode("sum", std::make_unique<Add>(), {"f", "b"}, {"s"});
        m.graph.addNode("g3", Gemm::dense(10, 3, false), {"s"}, {"y"});
        m.graph.addOutput("y");
        randomizeParameters(*m.graph.node("g2").op, 32);
        randomizeParameters(*m.graph.node("g3").op, 33);
        const Tensor x = randomTensor({5, 2, 4}, 34, 0.f, 1.f);
        for (const char* method : {"lrp-z", "lrp-epsilon"}) {
            std::map<std::string, std::string> p;
            if (std::string(method) == "lrp-epsilon")
                p["epsilon"] = "1e-9";
            const explain::Explanation e = run(m, x, method, p);
            QCOMPARE(e.map.shape(), x.shape());
            const std::vector<double> s = sums(e.map);
            for (size_t i = 0; i < s.size(); ++i) {
                const double logit = e.logits[static_cast<int64_t>(i) * 3 + e.targets[i]];
                QVERIFY2(std::abs(s[i] - logit) <= 1e-4 * std::max(1.0, std::abs(logit)),
                         qPrintable(QString("%1 sample %2: sum %3, logit %4").arg(method).arg(i).arg(s[i]).arg(logit)));
            }
        }
        // attention-style products of two activations have no LRP rule: an error naming the node
        m.graph.addNode("self", std::make_unique<MatMul>(), {"a", "a"}, {"aa"});
        m.graph.setOutputs({"y", "aa"});
        m.logits = "y";
        try {
            run(m, x, "lrp-z");
            QFAIL("no error for a MatMul of two activations");
        } catch (const UnsupportedError& e) {
            QVERIFY2(QString(e.what()).contains("MatMul of two activations ('self')"), e.what());
        }
    }

    void errors()
    {
        Model m = convNet(true, 1);
        const Tensor x = randomTensor({1, 2, 8, 8}, 2);
        QVERIFY_THROWS_EXCEPTION(ArgumentError, run(m, x, "lrp-z", {{"input_rule", "magic"}}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, run(m, x, "lrp-epsilon", {{"epsilon", "-1"}}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, run(m, x, "deep-taylor-bounded", {{"low", "2"}, {"high", "1"}}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, run(m, x, "lrp-flat", {{"epsilon", "1"}}));
        // every composite runs on a conv net and gives a finite map
        for (const char* name : {"lrp-preset-a", "lrp-preset-b-flat", "lrp-epsilon-plus", "lrp-epsilon-gamma-box",
                                 "lrp-epsilon-alpha2-beta1", "lrp-zplus-fast", "lrp-flat"}) {
            const explain::Explanation e = run(m, x, name);
            QCOMPARE(e.map.shape(), x.shape());
            for (float v : e.map.values())
                QVERIFY(std::isfinite(v));
        }
    }
};

QTEST_GUILESS_MAIN(TestLrpMethods)
#include "test_lrp_methods.moc"
