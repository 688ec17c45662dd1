// attentive-response and CLEAR: tiny hand-built networks whose deconvnet back-projections are known in
// closed form (1x1 convolutions, ReLU clipping of the upstream signal, max-pool switches vs nearest
// upsampling, a two-class linear net), then the Ziletti et al. CNN preset: shapes, ranking, an explicit
// transposed-convolution check of conv1, stacked == one-layer-at-a-time, positive homogeneity, determinism,
// and the cost of the complete set against one forward+backward pass.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/explain/explainer.h"
#include "lantern/model.h"
#include "lantern/models/presets.h"
#include "lantern/ops/batch_norm.h"
#include "lantern/ops/conv2d.h"
#include "lantern/ops/flatten.h"
#include "lantern/ops/gemm.h"
#include "lantern/ops/max_pool2d.h"
#include "lantern/ops/relu.h"

#include <QtTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

using namespace lantern;

namespace {

explain::Explanation run(Model& m, const Tensor& x, const std::string& method,
                         std::map<std::string, std::string> params = {}, const std::string& layer = {},
                         explain::Target target = explain::Target::predicted())
{
    explain::ExplainRequest r;
    r.method = method;
    r.params = std::move(params);
    r.layer = layer;
    r.target = target;
    return explain::explain(m, x, r);
}

std::unique_ptr<Conv2D> conv1x1(int64_t in, int64_t out, std::vector<float> w, std::vector<float> b)
{
    Conv2DParams p;
    p.inChannels = in;
    p.outChannels = out;
    auto c = std::make_unique<Conv2D>(p);
    std::copy(w.begin(), w.end(), c->weight().value.data());
    std::copy(b.begin(), b.end(), c->bias()->value.data());
    c->weight().markModified();
    c->bias()->markModified();
    return c;
}

std::unique_ptr<Gemm> dense(int64_t in, int64_t out, uint64_t seed)
{
    auto g = Gemm::dense(in, out);
    g->weight().value.copyFrom(test::randomTensor(g->weight().value.shape(), seed));
    g->weight().markModified();
    return g;
}

/// Appends flatten + dense head to `last` and finishes the model.
Model finish(Graph g, const std::string& last, int64_t features)
{
    g.addNode("flatten", std::make_unique<Flatten>(), {last});
    g.addNode("fc", dense(features, 3, 11), {"flatten"});
    g.addOutput("fc");
    Model m;
    m.graph = std::move(g);
    m.logits = "fc";
    m.inputLayout = "NCHW";
    return m;
}

const std::vector<float> kX0 = {1.5f, -0.5f, 2.5f,   3.5f, -1.f, 0.25f, 4.f,  -2.f,
                                1.f,  2.2f,  -0.75f, 3.1f, 0.6f, -3.3f, 2.8f, 1.2f};

/// Two samples of (1, 4, 4): kX0 and -0.8 * kX0 (mostly negative).
Tensor twoSamples()
{
    Tensor x(Shape{2, 1, 4, 4});
    for (int64_t p = 0; p < 16; ++p) {
        x[p] = kX0[static_cast<size_t>(p)];
        x[16 + p] = -0.8f * kX0[static_cast<size_t>(p)];
    }
    return x;
}

float relu(float v)
{
    return v > 0.f ? v : 0.f;
}

void expectClose(const Tensor& got, const Tensor& want, double tol, const char* what)
{
    QVERIFY2(got.shape() == want.shape(), qPrintable(QString("%1: shape %2 vs %3")
                                                         .arg(what, QString::fromStdString(shapeToString(got.shape())),
                                                              QString::fromStdString(shapeToString(want.shape())))));
    std::string msg;
    QVERIFY2(test::allClose(got, want, tol, tol, &msg), qPrintable(QString("%1: %2").arg(what, msg.c_str())));
}

} // namespace

class TestResponseMethods : public QObject {
    Q_OBJECT

private slots:
    void singleLayer_data();
    void singleLayer();
    void deconvReluClipsUpstream();
    void pooling_data();
    void pooling();
    void poolTarget_data();
    void poolTarget();
    void overlappingPooling_data();
    void overlappingPooling();
    void convBatchNormRelu_data();
    void convBatchNormRelu();
    void channelSums();
    void evenKernelAsymmetricPadding_data();
    void evenKernelAsymmetricPadding();
    void clear_data();
    void clear();
    void chunkedBatch();
    void errors();
    void zilettiPreset();
};

void TestResponseMethods::singleLayer_data()
{
    QTest::addColumn<float>("w0");
    QTest::addColumn<float>("b0");
    QTest::addColumn<float>("w1");
    QTest::addColumn<float>("b1");
    QTest::addColumn<int>("n");
    QTest::newRow("weights +1/-1") << 1.f << 0.f << -1.f << 0.f << 2;
    QTest::newRow("biased, both kept") << 1.f << 0.f << 2.f << -3.f << 2;
    QTest::newRow("biased, top-1") << 1.f << 0.f << 2.f << -3.f << 1;
    QTest::newRow("n above channel count") << -1.f << 0.5f << 0.5f << 0.f << 7;
}

// x (2,1,4,4) -> conv 1x1 (1->2, weights w_f, bias b_f) -> relu -> head. Filter f's activation is
// a_f = relu(w_f x + b_f); back-projected alone (deconvnet ignores the bias) R(x|f) = w_f a_f.
void TestResponseMethods::singleLayer()
{
    QFETCH(float, w0);
    QFETCH(float, b0);
    QFETCH(float, w1);
    QFETCH(float, b1);
    QFETCH(int, n);
    Graph g;
    g.addInput("input", {-1, 1, 4, 4});
    g.addNode("conv1", conv1x1(1, 2, {w0, w1}, {b0, b1}), {"input"});
    g.addNode("relu1", std::make_unique<Relu>(), {"conv1"});
    Model m = finish(std::move(g), "relu1", 32);
    const Tensor x = twoSamples();
    const auto e = run(m, x, "attentive-response", {{"n", std::to_string(n)}});
    const int64_t count = std::min<int64_t>(n, 2);
    const float w[2] = {w0, w1}, b[2] = {b0, b1};

    Tensor filters(Shape{2, count, 1, 4, 4}), index(Shape{2, count}), sum(Shape{2, 1, 4, 4});
    Tensor dom(Shape{2, 1, 4, 4}, -1.f), level(Shape{2, 1, 4, 4}), scores(Shape{2, 2});
    for (int64_t i = 0; i < 2; ++i) {
        double score[2] = {0, 0};
        for (int f = 0; f < 2; ++f) {
            for (int64_t p = 0; p < 16; ++p)
                score[f] += relu(w[f] * x[i * 16 + p] + b[f]);
            scores[i * 2 + f] = float(score[f]);
        }
        const int order[2] = {score[1] > score[0] ? 1 : 0, score[1] > score[0] ? 0 : 1};
        for (int64_t k = 0; k < count; ++k) {
            const int f = order[k];
            index[i * count + k] = float(f);
            for (int64_t p = 0; p < 16; ++p) {
                const float r = w[f] * relu(w[f] * x[i * 16 + p] + b[f]);
                filters[(i * count + k) * 16 + p] = r;
                sum[i * 16 + p] += r;
                if (r > level[i * 16 + p]) { // only a positive response dominates
                    level[i * 16 + p] = r;
                    dom[i * 16 + p] = float(f);
                }
            }
        }
    }
    expectClose(e.extra.at("conv1/filter_index"), index, 0, "filter_index");
    expectClose(e.extra.at("conv1/filters"), filters, 1e-6, "filters");
    expectClose(e.extra.at("conv1/sum"), sum, 1e-6, "sum");
    expectClose(e.extra.at("conv1/dominant"), dom, 0, "dominant");
    expectClose(e.extra.at("conv1/level"), level, 1e-6, "level");
    expectClose(e.extra.at("conv1/scores"), scores, 1e-5, "scores");
    expectClose(e.map, sum, 1e-6, "map");
    QCOMPARE(e.extra.size(), size_t(6));
}

// conv1 (+1/-1) -> relu -> conv2 1x1 with filters f0 = (1, -1), f1 = (1, 2) -> relu.
// f0: a = relu(relu(x) - relu(-x)) = relu(x); conv2^T gives (a, -a), the deconvnet ReLU clips -a to 0, so
//     R = relu(x) (a plain transposed pass would give 2 relu(x)).
// f1: a = relu(x) + 2 relu(-x) ranks first; conv2^T gives (a, 2a), ReLU keeps both, R = a - 2a = -a
//     (the true gradient would mask by the forward ReLUs instead).
void TestResponseMethods::deconvReluClipsUpstream()
{
    Graph g;
    g.addInput("input", {-1, 1, 4, 4});
    g.addNode("conv1", conv1x1(1, 2, {1.f, -1.f}, {0.f, 0.f}), {"input"});
    g.addNode("relu1", std::make_unique<Relu>(), {"conv1"});
    g.addNode("conv2", conv1x1(2, 2, {1.f, -1.f, 1.f, 2.f}, {0.f, 0.f}), {"relu1"});
    g.addNode("relu2", std::make_unique<Relu>(), {"conv2"});
    Model m = finish(std::move(g), "relu2", 32);
    const Tensor x = twoSamples();
    Tensor filters(Shape{2, 2, 1, 4, 4}), level(Shape{2, 1, 4, 4}), dom(Shape{2, 1, 4, 4});
    for (int64_t i = 0; i < 2; ++i)
        for (int64_t p = 0; p < 16; ++p) {
            const float v = x[i * 16 + p];
            filters[(i * 2 + 0) * 16 + p] = -(relu(v) + 2 * relu(-v));
            filters[(i * 2 + 1) * 16 + p] = relu(v);
            level[i * 16 + p] = relu(v);          // f0's map is >= 0 > f1's; x has no zeros
            dom[i * 16 + p] = v > 0 ? 0.f : -1.f; // no positive response: no dominant filter
        }
    const Tensor index(Shape{2, 2}, {1.f, 0.f, 1.f, 0.f});
    const auto single = run(m, x, "attentive-response", {{"n", "2"}}, "conv2");
    expectClose(single.extra.at("conv2/filter_index"), index, 0, "filter_index");
    expectClose(single.extra.at("conv2/filters"), filters, 1e-6, "filters");
    expectClose(single.extra.at("conv2/level"), level, 1e-6, "level");
    expectClose(single.extra.at("conv2/dominant"), dom, 0, "dominant");
    QVERIFY(single.extra.count("conv1/filters") == 0);

    // both layers in one stacked traversal: the same conv2 maps, and conv1's own closed form
    const auto both = run(m, x, "attentive-response", {{"n", "2"}});
    expectClose(both.extra.at("conv2/filters"), filters, 1e-6, "stacked conv2 filters");
    Tensor f1(Shape{2, 2, 1, 4, 4});
    for (int64_t i = 0; i < 2; ++i)
        for (int64_t p = 0; p < 16; ++p) {
            const float v = x[i * 16 + p];
            const bool posFirst = i == 0; // sample 0 is mostly positive
            f1[(i * 2 + (posFirst ? 0 : 1)) * 16 + p] = relu(v);
            f1[(i * 2 + (posFirst ? 1 : 0)) * 16 + p] = -relu(-v);
        }
    expectClose(both.extra.at("conv1/filters"), f1, 1e-6, "stacked conv1 filters");
    expectClose(both.map, both.extra.at("conv2/sum"), 0, "map is the last layer's sum");
    const auto listed = run(m, x, "attentive-response", {{"n", "2"}, {"layers", "conv1,conv2"}});
    expectClose(listed.map, listed.extra.at("conv2/sum"), 0, "map is the deepest listed layer's");
}

void TestResponseMethods::pooling_data()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("switches") << "switches";
    QTest::newRow("nearest") << "nearest";
}

// x (1,1,4,4) -> conv 1x1 (w 1) -> relu -> maxpool 2x2 -> conv 1x1 (w 1) -> relu; the conv2 map is the
// window maxima m of relu(x). Switches put m on each window's argmax; nearest copies m to all four pixels.
void TestResponseMethods::pooling()
{
    QFETCH(QString, mode);
    Graph g;
    g.addInput("input", {-1, 1, 4, 4});
    g.addNode("conv1", conv1x1(1, 1, {1.f}, {0.f}), {"input"});
    g.addNode("relu1", std::make_unique<Relu>(), {"conv1"});
    g.addNode("pool", std::make_unique<MaxPool2D>(MaxPool2DParams{}), {"relu1"});
    g.addNode("conv2", conv1x1(1, 1, {1.f}, {0.f}), {"pool"});
    g.addNode("relu2", std::make_unique<Relu>(), {"conv2"});
    Model m = finish(std::move(g), "relu2", 4);
    Tensor x(Shape{1, 1, 4, 4});
    for (int64_t p = 0; p < 16; ++p)
        x[p] = kX0[static_cast<size_t>(p)];
    const auto e = run(m, x, "attentive-response", {{"pooling", mode.toStdString()}}, "conv2");
    Tensor want(Shape{1, 1, 1, 4, 4});
    for (int64_t wy = 0; wy < 2; ++wy)
        for (int64_t wx = 0; wx < 2; ++wx) {
            int64_t arg = -1;
            float best = -1.f;
            for (int64_t dy = 0; dy < 2; ++dy)
                for (int64_t dx = 0; dx < 2; ++dx) {
                    const int64_t p = (2 * wy + dy) * 4 + 2 * wx + dx;
                    if (relu(x[p]) > best) {
                        best = relu(x[p]);
                        arg = p;
                    }
                }
            for (int64_t dy = 0; dy < 2; ++dy)
                for (int64_t dx = 0; dx < 2; ++dx) {
                    const int64_t p = (2 * wy + dy) * 4 + 2 * wx + dx;
                    want[p] = (mode == "nearest" || p == arg) ? best : 0.f;
                }
        }
    expectClose(e.extra.at("conv2/filters"), want, 1e-6, "filters");
    expectClose(e.map, want.reshaped({1, 1, 4, 4}), 1e-6, "map");
}

void TestResponseMethods::poolTarget_data()
{
    QTest::addColumn<QString>("style");
    QTest::newRow("zeiler-fergus") << "zeiler-fergus";
    QTest::newRow("ai4materials") << "ai4materials";
}

// The pooling net above with the max-pool itself (and conv2) as target.
// zeiler-fergus, pool target: the pooled map m is the seed, undone through the switches: m on each window's argmax.
// ai4materials, pool target: the seed is the strongest unit of the pool's *input* relu(x) (global maximum M at p*);
//   R = M at p*, since relu1's mask keeps it and conv1 has weight 1.
// ai4materials, conv2 target: the seed is the strongest pooled unit (M, window W*); nearest upsampling copies M to
//   W*'s four pixels and relu1's forward mask keeps those with x > 0: R = M·[x > 0] on W*.
void TestResponseMethods::poolTarget()
{
    QFETCH(QString, style);
    Graph g;
    g.addInput("input", {-1, 1, 4, 4});
    g.addNode("conv1", conv1x1(1, 1, {1.f}, {0.f}), {"input"});
    g.addNode("relu1", std::make_unique<Relu>(), {"conv1"});
    g.addNode("pool", std::make_unique<MaxPool2D>(MaxPool2DParams{}), {"relu1"});
    g.addNode("conv2", conv1x1(1, 1, {1.f}, {0.f}), {"pool"});
    g.addNode("relu2", std::make_unique<Relu>(), {"conv2"});
    Model m = finish(std::move(g), "relu2", 4);
    Tensor x(Shape{1, 1, 4, 4});
    for (int64_t p = 0; p < 16; ++p)
        x[p] = kX0[static_cast<size_t>(p)];
    const auto e = run(m, x, "attentive-response", {{"style", style.toStdString()}, {"layers", "pool,conv2"}});
    const int64_t pStar = std::max_element(x.values().begin(), x.values().end()) - x.values().begin();
    const float big = x[pStar];
    Tensor poolMap(Shape{1, 1, 1, 4, 4}), convMap(Shape{1, 1, 1, 4, 4});
    if (style == "zeiler-fergus") {
        for (int64_t wy = 0; wy < 2; ++wy)
            for (int64_t wx = 0; wx < 2; ++wx) {
                int64_t arg = 0;
                float best = -1.f;
                for (int64_t dy = 0; dy < 2; ++dy)
                    for (int64_t dx = 0; dx < 2; ++dx) {
                        const int64_t p = (2 * wy + dy) * 4 + 2 * wx + dx;
                        if (relu(x[p]) > best) {
                            best = relu(x[p]);
                            arg = p;
                        }
                    }
                poolMap[arg] = convMap[arg] = best;
            }
    } else {
        poolMap[pStar] = big;
        const int64_t wy = (pStar / 4) / 2, wx = (pStar % 4) / 2;
        for (int64_t dy = 0; dy < 2; ++dy)
            for (int64_t dx = 0; dx < 2; ++dx) {
                const int64_t p = (2 * wy + dy) * 4 + 2 * wx + dx;
                convMap[p] = x[p] > 0 ? big : 0.f;
            }
        // the seed units: (row, col) in the pool's input map for the pool, in conv2's map for conv2
        QCOMPARE(e.extra.at("pool/seed_position")[0], float(pStar / 4));
        QCOMPARE(e.extra.at("pool/seed_position")[1], float(pStar % 4));
        QCOMPARE(e.extra.at("conv2/seed_position")[0], float(wy));
        QCOMPARE(e.extra.at("conv2/seed_position")[1], float(wx));
        QCOMPARE(e.extra.at("pool/seed_value")[0], big);
    }
    expectClose(e.extra.at("pool/filters"), poolMap, 1e-6, "pool target");
    expectClose(e.extra.at("conv2/filters"), convMap, 1e-6, "conv2 target");
    expectClose(e.map, e.extra.at("conv2/sum"), 0, "map is the deepest layer's");
}

void TestResponseMethods::overlappingPooling_data()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("switches") << "switches";
    QTest::newRow("nearest") << "nearest";
}

// Max pooling 3x3 with stride 2 and padding 1 on a 5x5 map (windows overlap): x (positive) -> conv 1x1 (w 1) ->
// relu -> pool -> conv 1x1 (w 1) -> relu, conv2 as target (Zeiler–Fergus, whole-map seed = pooled values m_j).
// Switches put every m_j on its window's argmax (windows sharing an argmax add up there); nearest adds m_j to every
// element of its window (overlaps add up).
void TestResponseMethods::overlappingPooling()
{
    QFETCH(QString, mode);
    Graph g;
    g.addInput("input", {-1, 1, 5, 5});
    g.addNode("conv1", conv1x1(1, 1, {1.f}, {0.f}), {"input"});
    g.addNode("relu1", std::make_unique<Relu>(), {"conv1"});
    MaxPool2DParams pp;
    pp.kernelH = pp.kernelW = 3;
    pp.strideH = pp.strideW = 2;
    pp.padTop = pp.padLeft = pp.padBottom = pp.padRight = 1;
    g.addNode("pool", std::make_unique<MaxPool2D>(pp), {"relu1"});
    g.addNode("conv2", conv1x1(1, 1, {1.f}, {0.f}), {"pool"});
    g.addNode("relu2", std::make_unique<Relu>(), {"conv2"});
    Model m = finish(std::move(g), "relu2", 9);
    const Tensor x = test::distinctTensor({1, 1, 5, 5}, 4, 0.05f, true);
    Tensor xp = x.clone();
    for (float& v : xp.values())
        v = std::abs(v) + 0.1f;
    const auto e = run(m, xp, "attentive-response", {{"pooling", mode.toStdString()}}, "conv2");
    Tensor want(Shape{1, 1, 1, 5, 5});
    for (int64_t oy = 0; oy < 3; ++oy)
        for (int64_t ox = 0; ox < 3; ++ox) {
            float best = -1.f;
            int64_t arg = 0;
            std::vector<int64_t> window;
            for (int64_t ky = 0; ky < 3; ++ky)
                for (int64_t kx = 0; kx < 3; ++kx) {
                    const int64_t iy = oy * 2 - 1 + ky, ix = ox * 2 - 1 + kx;
                    if (iy < 0 || iy >= 5 || ix < 0 || ix >= 5)
                        continue;
                    window.push_back(iy * 5 + ix);
                    if (xp[iy * 5 + ix] > best) {
                        best = xp[iy * 5 + ix];
                        arg = iy * 5 + ix;
                    }
                }
            if (mode == "switches")
                want[arg] += best;
            else
                for (int64_t p : window)
                    want[p] += best;
        }
    expectClose(e.extra.at("conv2/filters"), want, 1e-5, "overlapping windows");
}

void TestResponseMethods::convBatchNormRelu_data()
{
    QTest::addColumn<QString>("style");
    QTest::newRow("zeiler-fergus") << "zeiler-fergus";
    QTest::newRow("ai4materials") << "ai4materials";
}

// x -> conv 1x1 (1->2, w = (1, -2)) -> BatchNorm (scale g_f = gamma/sqrt(var + eps), shift) -> relu -> head. The
// layer's activation is after BatchNorm and ReLU: a_f = relu(g_f w_f x + shift_f), and that ranks the filters.
// Zeiler–Fergus: the BatchNorm scales the signal on the way down: R(x|f) = w_f g_f a_f.
// ai4materials: BatchNorm passes, and only the strongest unit (value M_f at p_f) is the seed: R = w_f M_f at p_f.
void TestResponseMethods::convBatchNormRelu()
{
    QFETCH(QString, style);
    Graph g;
    g.addInput("input", {-1, 1, 4, 4});
    g.addNode("conv1", conv1x1(1, 2, {1.f, -2.f}, {0.f, 0.f}), {"input"});
    BatchNormParams bp;
    bp.numFeatures = 2;
    auto bn = std::make_unique<BatchNorm>(bp);
    const float gamma[2] = {1.5f, 0.5f}, beta[2] = {0.2f, -0.1f}, mean[2] = {0.3f, -0.4f}, var[2] = {2.f, 0.25f};
    for (int f = 0; f < 2; ++f) {
        bn->weight()->value[f] = gamma[f];
        bn->bias()->value[f] = beta[f];
        bn->runningMean().value[f] = mean[f];
        bn->runningVar().value[f] = var[f];
    }
    const float eps = bn->params().epsilon;
    g.addNode("bn1", std::move(bn), {"conv1"});
    g.addNode("relu1", std::make_unique<Relu>(), {"bn1"});
    Model m = finish(std::move(g), "relu1", 32);
    const Tensor x = twoSamples();
    const auto e = run(m, x, "attentive-response", {{"style", style.toStdString()}, {"n", "2"}}, "conv1");
    const float w[2] = {1.f, -2.f};
    Tensor filters(Shape{2, 2, 1, 4, 4}), index(Shape{2, 2});
    for (int64_t i = 0; i < 2; ++i) {
        float a[2][16];
        double score[2] = {0, 0};
        for (int f = 0; f < 2; ++f) {
            const float scale = gamma[f] / std::sqrt(var[f] + eps), shift = beta[f] - scale * mean[f];
            for (int64_t p = 0; p < 16; ++p) {
                a[f][p] = relu(scale * w[f] * x[i * 16 + p] + shift);
                score[f] += a[f][p];
            }
        }
        const int order[2] = {score[1] > score[0] ? 1 : 0, score[1] > score[0] ? 0 : 1};
        for (int k = 0; k < 2; ++k) {
            const int f = order[k];
            index[i * 2 + k] = float(f);
            const float scale = gamma[f] / std::sqrt(var[f] + eps);
            const int64_t best = std::max_element(a[f], a[f] + 16) - a[f];
            for (int64_t p = 0; p < 16; ++p)
                filters[(i * 2 + k) * 16 + p] =
                    style == "zeiler-fergus" ? w[f] * scale * a[f][p] : (p == best ? w[f] * a[f][p] : 0.f);
        }
    }
    expectClose(e.extra.at("conv1/filter_index"), index, 0, "ranked after BatchNorm and ReLU");
    expectClose(e.extra.at("conv1/filters"), filters, 1e-5, "filters");
}

// channels=sum: on a 3-channel input the dominant filter (and CLEAR's dominant class) is taken on the maps summed
// over the channels, one per pixel; it equals the argmax of the summed per-filter maps.
void TestResponseMethods::channelSums()
{
    Graph g;
    g.addInput("input", {-1, 3, 4, 4});
    Conv2DParams p;
    p.inChannels = 3;
    p.outChannels = 4;
    auto conv = std::make_unique<Conv2D>(p);
    test::randomizeParameters(*conv, 9, -1.f, 1.f);
    g.addNode("conv1", std::move(conv), {"input"});
    g.addNode("relu1", std::make_unique<Relu>(), {"conv1"});
    Model m = finish(std::move(g), "relu1", 64);
    const Tensor x = test::randomTensor({2, 3, 4, 4}, 8);
    const auto e = run(m, x, "attentive-response", {{"n", "3"}, {"channels", "sum"}});
    const Tensor& f = e.extra.at("conv1/filters");
    const Tensor& ids = e.extra.at("conv1/filter_index");
    QCOMPARE(e.extra.at("conv1/dominant").shape(), (Shape{2, 1, 4, 4}));
    int seen = 0;
    for (int64_t i = 0; i < 2; ++i)
        for (int64_t q = 0; q < 16; ++q) {
            float best = 0.f, id = -1.f;
            for (int64_t k = 0; k < 3; ++k) {
                float v = 0;
                for (int64_t c = 0; c < 3; ++c)
                    v += f[((i * 3 + k) * 3 + c) * 16 + q];
                if (v > best) {
                    best = v;
                    id = ids[i * 3 + k];
                }
            }
            QCOMPARE(e.extra.at("conv1/dominant")[i * 16 + q], id);
            QVERIFY(std::abs(e.extra.at("conv1/level")[i * 16 + q] - best) <= 1e-5f * (1 + best));
            seen += id >= 0;
        }
    QVERIFY(seen > 0);
    const auto c = run(m, x, "clear", {{"channels", "sum"}});
    QCOMPARE(c.extra.at("dominant_class").shape(), (Shape{2, 1, 4, 4}));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, run(m, x, "clear", {{"channels", "mean"}}));
}

void TestResponseMethods::evenKernelAsymmetricPadding_data()
{
    QTest::addColumn<QString>("style");
    QTest::addColumn<int>("stride");
    QTest::newRow("zeiler-fergus, stride 1") << "zeiler-fergus" << 1;
    QTest::newRow("ai4materials, stride 1") << "ai4materials" << 1;
    QTest::newRow("zeiler-fergus, stride 2") << "zeiler-fergus" << 2;
    QTest::newRow("ai4materials, stride 2") << "ai4materials" << 2;
}

// A 4x4 kernel with SAME_UPPER padding (1 before, 2 after) and 8 filters, 2 of them back-projected: the
// injection paths (forward convolution with flipped filters for stride 1, the placed filter for single-unit
// seeds, oneDNN's backward-data otherwise) against the adjoint written out:
// R(c, y, x | f) = sum_{u,v} W[f, c, u, v] s_f((y + pt - u) / st, (x + pl - v) / st) over exact divisions.
void TestResponseMethods::evenKernelAsymmetricPadding()
{
    QFETCH(QString, style);
    QFETCH(int, stride);
    Conv2DParams p;
    p.inChannels = 2;
    p.outChannels = 8;
    p.kernelH = p.kernelW = 4;
    p.strideH = p.strideW = stride;
    p.padMode = PadMode::SameUpper;
    auto conv = std::make_unique<Conv2D>(p);
    test::randomizeParameters(*conv, 41, -1.f, 1.f);
    const Tensor wt = conv->weight().value.clone(), b = conv->bias()->value.clone();
    Graph g;
    g.addInput("input", {-1, 2, 9, 9});
    g.addNode("conv", std::move(conv), {"input"});
    g.addNode("relu", std::make_unique<Relu>(), {"conv"});
    const int64_t o = stride == 1 ? 9 : 5;
    Model m = finish(std::move(g), "relu", 8 * o * o);
    const Tensor x = test::randomTensor({1, 2, 9, 9}, 42);
    const auto e = run(m, x, "attentive-response", {{"n", "2"}, {"style", style.toStdString()}});
    const int64_t pt = resolvePadding(PadMode::SameUpper, 9, 4, stride, 1, 0, 0).begin;
    QCOMPARE(pt, int64_t(1)); // 3 padding rows in all: 1 before, 2 after
    // the forward activation a_f and the seed s_f (whole map, or its strongest unit)
    std::vector<float> a(static_cast<size_t>(8 * o * o));
    for (int64_t f = 0; f < 8; ++f)
        for (int64_t i = 0; i < o; ++i)
            for (int64_t j = 0; j < o; ++j) {
                double z = b[f];
                for (int64_t c = 0; c < 2; ++c)
                    for (int64_t u = 0; u < 4; ++u)
                        for (int64_t v = 0; v < 4; ++v) {
                            const int64_t y = i * stride - pt + u, xx = j * stride - pt + v;
                            if (y >= 0 && y < 9 && xx >= 0 && xx < 9)
                                z += double(wt[((f * 2 + c) * 4 + u) * 4 + v]) * x[(c * 9 + y) * 9 + xx];
                        }
                a[static_cast<size_t>((f * o + i) * o + j)] = relu(float(z));
            }
    Tensor want(Shape{1, 2, 2, 9, 9});
    for (int64_t k = 0; k < 2; ++k) {
        const auto f = static_cast<int64_t>(e.extra.at("conv/filter_index")[k]);
        std::vector<float> seed(a.begin() + f * o * o, a.begin() + (f + 1) * o * o);
        if (style == "ai4materials") {
            const auto best = std::max_element(seed.begin(), seed.end()) - seed.begin();
            for (int64_t q = 0; q < o * o; ++q)
                if (q != best)
                    seed[static_cast<size_t>(q)] = 0.f;
        }
        for (int64_t c = 0; c < 2; ++c)
            for (int64_t i = 0; i < o; ++i)
                for (int64_t j = 0; j < o; ++j)
                    for (int64_t u = 0; u < 4; ++u)
                        for (int64_t v = 0; v < 4; ++v) {
                            const int64_t y = i * stride - pt + u, xx = j * stride - pt + v;
                            if (y >= 0 && y < 9 && xx >= 0 && xx < 9)
                                want[((k * 2 + c) * 9 + y) * 9 + xx] +=
                                    wt[((f * 2 + c) * 4 + u) * 4 + v] * seed[static_cast<size_t>(i * o + j)];
                        }
    }
    expectClose(e.extra.at("conv/filters"), want, 1e-4, "transposed convolution of the seeds");
}

void TestResponseMethods::clear_data()
{
    QTest::addColumn<QString>("seed");
    QTest::addColumn<int>("target");
    QTest::newRow("logit seed, predicted") << "logit" << -1;
    QTest::newRow("unit seed, class 1") << "one" << 1;
}

// x (2,1,4,4) -> relu -> flatten -> dense (16 -> 2, bias). Class 0 weighs the left half 1 and the right
// half 0.25, class 1 the left half -0.5 and the right half 1. Back-projecting class c's seed s_c gives
// R(p|c) = relu(s_c W[c,p]) (the deconvnet ReLU clips); the dominant class and its level follow. A class whose
// score is not positive gets no seed (s_c = 0): otherwise its negative score, clipped by the ReLU after W's negative
// entries, would make it dominant exactly where its evidence is against it.
void TestResponseMethods::clear()
{
    QFETCH(QString, seed);
    QFETCH(int, target);
    Graph g;
    g.addInput("input", {-1, 1, 4, 4});
    g.addNode("relu", std::make_unique<Relu>(), {"input"});
    g.addNode("flatten", std::make_unique<Flatten>(), {"relu"});
    auto fc = Gemm::dense(16, 2);
    Tensor& w = fc->weight().value;
    for (int64_t p = 0; p < 16; ++p) {
        const bool left = p % 4 < 2;
        w[p] = left ? 1.f : 0.25f;
        w[16 + p] = left ? -0.5f : 1.f;
    }
    fc->bias()->value[0] = 0.5f;
    fc->bias()->value[1] = -8.f; // sample 1 scores class 1 negative
    fc->weight().markModified();
    fc->bias()->markModified();
    g.addNode("fc", std::move(fc), {"flatten"});
    g.addOutput("fc");
    Model m;
    m.graph = std::move(g);
    m.logits = "fc";
    Tensor x = twoSamples();
    x[16 + 3] = 5.f; // sample 1: one strong right-half pixel
    const auto e = run(m, x, "clear", {{"seed", seed.toStdString()}}, {},
                       target < 0 ? explain::Target::predicted() : explain::Target::index(target));

    Tensor logits(Shape{2, 2}), maps(Shape{2, 2, 1, 4, 4}), dom(Shape{2, 1, 4, 4}), level(Shape{2, 1, 4, 4});
    Tensor map(Shape{2, 1, 4, 4});
    for (int64_t i = 0; i < 2; ++i) {
        for (int64_t c = 0; c < 2; ++c) {
            double z = c == 0 ? 0.5 : -8.0;
            for (int64_t p = 0; p < 16; ++p)
                z += w[c * 16 + p] * relu(x[i * 16 + p]);
            logits[i * 2 + c] = float(z);
        }
        const int64_t t = target >= 0 ? target : (logits[i * 2 + 1] > logits[i * 2] ? 1 : 0);
        QCOMPARE(e.targets[static_cast<size_t>(i)], t);
        for (int64_t p = 0; p < 16; ++p) {
            float r[2];
            for (int64_t c = 0; c < 2; ++c) {
                const float z = logits[i * 2 + c];
                const float s = z > 0 ? (seed == "one" ? 1.f : z) : 0.f;
                r[c] = relu(s * w[c * 16 + p]);
                maps[(i * 2 + c) * 16 + p] = r[c];
            }
            dom[i * 16 + p] = r[1] > r[0] ? 1.f : r[0] > 0 ? 0.f : -1.f;
            level[i * 16 + p] = std::max(r[0], r[1]);
            map[i * 16 + p] = r[t];
        }
    }
    // the case the convention is for: a class with a negative score is never dominant, though its negative seed
    // through the ReLU would give it positive maps on the left half (W < 0 there)
    bool negativeClass = false;
    for (int64_t i = 0; i < 2; ++i)
        for (int64_t c = 0; c < 2; ++c)
            if (logits[i * 2 + c] < 0) {
                negativeClass = true;
                for (int64_t p = 0; p < 16; ++p) {
                    QCOMPARE(e.extra.at("class_maps")[(i * 2 + c) * 16 + p], 0.f);
                    QVERIFY(e.extra.at("dominant_class")[i * 16 + p] != float(c));
                }
            }
    QVERIFY2(negativeClass, "the fixture must have a class with a negative score");
    // the two dominance patterns really differ between the samples/seeds (not a constant map)
    QVERIFY(std::find(dom.values().begin(), dom.values().end(), 1.f) != dom.values().end());
    expectClose(e.logits, logits, 1e-5, "logits");
    expectClose(e.extra.at("class_maps"), maps, 1e-5, "class_maps");
    expectClose(e.extra.at("dominant_class"), dom, 0, "dominant_class");
    expectClose(e.extra.at("level"), level, 1e-5, "level");
    expectClose(e.map, map, 1e-5, "map");
}

// Large batches are processed in chunks of at most 96 stacked rows: every sample's result must equal the
// result of explaining it alone.
void TestResponseMethods::chunkedBatch()
{
    Graph g;
    g.addInput("input", {-1, 1, 4, 4});
    g.addNode("conv1", conv1x1(1, 2, {1.f, -1.f}, {0.f, 0.f}), {"input"});
    g.addNode("relu1", std::make_unique<Relu>(), {"conv1"});
    g.addNode("conv2", conv1x1(2, 2, {1.f, -1.f, 1.f, 2.f}, {0.f, 0.f}), {"relu1"});
    g.addNode("relu2", std::make_unique<Relu>(), {"conv2"});
    Model m = finish(std::move(g), "relu2", 32);
    const Tensor x = test::randomTensor({70, 1, 4, 4}, 3);
    std::vector<double> progress;
    explain::ExplainRequest r;
    r.method = "attentive-response";
    r.params = {{"n", "2"}};
    r.progress = [&](double f) { progress.push_back(f); };
    const auto all = explain::explain(m, x, r); // 4 rows per sample: chunks of 24 samples
    QVERIFY(progress.size() >= 3);
    QVERIFY(std::is_sorted(progress.begin(), progress.end()));
    QCOMPARE(progress.back(), 1.0);
    const auto classes = run(m, x, "clear"); // 3 rows per sample: chunks of 32
    QCOMPARE(classes.extra.at("class_maps").shape(), (Shape{70, 3, 1, 4, 4}));
    for (int64_t i : {0, 23, 24, 47, 48, 69}) {
        const Tensor xi = x.slice(i, i + 1).clone();
        const auto one = run(m, xi, "attentive-response", {{"n", "2"}});
        for (const auto& [key, t] : one.extra)
            expectClose(all.extra.at(key).slice(i, i + 1), t, 1e-6, key.c_str());
        expectClose(all.map.slice(i, i + 1), one.map, 1e-6, "map");
        const auto c1 = run(m, xi, "clear");
        for (const auto& [key, t] : c1.extra)
            expectClose(classes.extra.at(key).slice(i, i + 1), t, 1e-5, key.c_str());
        QCOMPARE(classes.targets[static_cast<size_t>(i)], c1.targets[0]);
    }
}

void TestResponseMethods::errors()
{
    Graph g;
    g.addInput("input", {-1, 1, 4, 4});
    g.addNode("conv1", conv1x1(1, 2, {1.f, -1.f}, {0.f, 0.f}), {"input"});
    g.addNode("relu1", std::make_unique<Relu>(), {"conv1"});
    Model m = finish(std::move(g), "relu1", 32);
    const Tensor x = twoSamples();
    QVERIFY_THROWS_EXCEPTION(ArgumentError, run(m, x, "attentive-response", {{"n", "0"}}));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, run(m, x, "attentive-response", {{"pooling", "average"}}));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, run(m, x, "attentive-response", {{"layers", "conv9"}}));
    QVERIFY_THROWS_EXCEPTION(UnsupportedError, run(m, x, "attentive-response", {}, "fc"));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, run(m, x, "clear", {{"seed", "two"}}));
    QVERIFY_THROWS_EXCEPTION(ArgumentError, run(m, x, "clear", {}, "conv1"));
}

// The Ziletti et al. CNN (6 conv layers 7x7 "same", two 2x2 max-pools) with seeded Kaiming weights.
void TestResponseMethods::zilettiPreset()
{
    Model m;
    m.graph = models::buildPreset("ziletti-cnn", 5);
    m.logits = m.graph.outputNames().front();
    m.inputLayout = "NCHW";
    const Tensor x = test::randomTensor({1, 3, 64, 64}, 21, 0.f, 1.f);
    const std::vector<std::string> convs = {"conv1", "conv2", "conv3", "conv4", "conv5", "conv6"};

    const auto t0 = std::chrono::steady_clock::now();
    const auto e = run(m, x, "attentive-response");
    const double firstMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    QCOMPARE(e.extra.size(), convs.size() * 6);
    expectClose(e.map, e.extra.at("conv6/sum"), 0, "map is the last conv layer's");

    // ranking: filter ids are the top 4 of the summed post-ReLU activation, in descending order
    struct Grab : Observer {
        std::map<std::string, Tensor> values;
        void onValue(const std::string&, const std::string& v, const Tensor& t) override { values[v] = t.clone(); }
    } grab;
    ForwardOptions fo;
    fo.observer = &grab;
    m.graph.forward({{"input", x}}, fo);
    for (size_t l = 0; l < convs.size(); ++l) {
        const std::string& c = convs[l];
        QCOMPARE(e.extra.at(c + "/filters").shape(), (Shape{1, 4, 3, 64, 64}));
        QCOMPARE(e.extra.at(c + "/filter_index").shape(), (Shape{1, 4}));
        for (const char* k : {"/sum", "/dominant", "/level"})
            QCOMPARE(e.extra.at(c + k).shape(), (Shape{1, 3, 64, 64}));
        const Tensor& a = grab.values.at("relu" + std::to_string(l + 1));
        const int64_t ch = a.dim(1), plane = a.dim(2) * a.dim(3);
        std::vector<double> score(static_cast<size_t>(ch));
        for (int64_t f = 0; f < ch; ++f)
            score[static_cast<size_t>(f)] = std::accumulate(a.data() + f * plane, a.data() + (f + 1) * plane, 0.0);
        std::vector<double> sorted = score;
        std::sort(sorted.rbegin(), sorted.rend());
        for (int64_t k = 0; k < 4; ++k) {
            const auto id = static_cast<size_t>(e.extra.at(c + "/filter_index")[k]);
            QVERIFY2(std::abs(score[id] - sorted[static_cast<size_t>(k)]) <= 1e-6 * sorted[0],
                     qPrintable(QString::fromStdString(c)));
        }
        // dominant ids are among the kept filters, level is the maximum over them
        const Tensor& f = e.extra.at(c + "/filters");
        for (int64_t p = 0; p < 3 * 64 * 64; p += 97) {
            float best = 0.f; // only positive responses dominate
            for (int64_t k = 0; k < 4; ++k)
                best = std::max(best, f[k * 3 * 4096 + p]);
            QCOMPARE(e.extra.at(c + "/level")[p], best);
        }
    }

    // conv1: R(c, y, x | f) = sum_{ky,kx} W[f, c, ky, kx] a_f(y + 3 - ky, x + 3 - kx), explicit transposed conv
    {
        const auto& conv = dynamic_cast<const Conv2D&>(*m.graph.node("conv1").op);
        const Tensor& wt = conv.weight().value;
        const Tensor& a = grab.values.at("relu1");
        const AxisPadding pad =
            resolvePadding(conv.params().padMode, 64, 7, 1, 1, conv.params().padTop, conv.params().padBottom);
        for (int64_t k = 0; k < 4; ++k) {
            const auto fid = static_cast<int64_t>(e.extra.at("conv1/filter_index")[k]);
            for (int64_t c = 0; c < 3; ++c)
                for (int64_t y : {0, 5, 31, 63})
                    for (int64_t xx : {0, 2, 40, 63}) {
                        double r = 0;
                        for (int64_t ky = 0; ky < 7; ++ky)
                            for (int64_t kx = 0; kx < 7; ++kx) {
                                const int64_t ay = y + pad.begin - ky, ax = xx + pad.begin - kx;
                                if (ay >= 0 && ay < 64 && ax >= 0 && ax < 64)
                                    r += double(wt[((fid * 3 + c) * 7 + ky) * 7 + kx]) * a[(fid * 64 + ay) * 64 + ax];
                            }
                        const float got = e.extra.at("conv1/filters")[((k * 3 + c) * 64 + y) * 64 + xx];
                        QVERIFY2(std::abs(got - r) <= 1e-4 * (1 + std::abs(r)),
                                 qPrintable(QString("conv1 k=%1 c=%2 (%3,%4): %5 vs %6")
                                                .arg(k)
                                                .arg(c)
                                                .arg(y)
                                                .arg(xx)
                                                .arg(got)
                                                .arg(r)));
                    }
        }
    }

    // The deconvnet makes every signal entering a ReLU node non-negative, but the final transposed conv1
    // has weights of both signs, so input maps are NOT sign-definite: both signs must appear.
    for (const auto& c : convs) {
        const Tensor& f = e.extra.at(c + "/filters");
        const auto [lo, hi] = std::minmax_element(f.values().begin(), f.values().end());
        QVERIFY2(*lo < 0.f && *hi > 0.f, qPrintable(QString::fromStdString(c)));
    }

    // stacked traversal == one layer at a time; deterministic; positively homogeneous (zero biases)
    for (const char* c : {"conv3", "conv6"}) {
        const auto one = run(m, x, "attentive-response", {}, c);
        expectClose(one.extra.at(std::string(c) + "/filters"), e.extra.at(std::string(c) + "/filters"), 1e-5, c);
    }
    const auto again = run(m, x, "attentive-response");
    for (const auto& [k, t] : e.extra)
        QVERIFY2(maxAbsDiff(again.extra.at(k), t) == 0.f, qPrintable(QString::fromStdString(k)));
    Tensor x2 = x.clone();
    for (float& v : x2.values())
        v *= 2.f;
    const auto doubled = run(m, x2, "attentive-response", {{"layers", "conv2,conv5"}, {"pooling", "nearest"}});
    const auto base = run(m, x, "attentive-response", {{"layers", "conv2,conv5"}, {"pooling", "nearest"}});
    for (const char* c : {"conv2/filters", "conv5/filters"}) {
        Tensor want = base.extra.at(c).clone();
        for (float& v : want.values())
            v *= 2.f;
        expectClose(doubled.extra.at(c), want, 1e-4, c);
    }

    // cost of the complete set (top-4 x 6 conv layers, one input) vs one forward + input-gradient backward
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    std::vector<double> full, fb;
    for (int rep = 0; rep < 5; ++rep) {
        auto s = std::chrono::steady_clock::now();
        run(m, x, "attentive-response");
        full.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count());
        s = std::chrono::steady_clock::now();
        ForwardOptions o;
        o.keepForBackward = true;
        Execution ex = m.graph.forward({{"input", x}}, o);
        Tensor seed(ex.value(m.logits).shape());
        seed[0] = 1.f;
        m.graph.backward(ex, {{m.logits, seed}});
        fb.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count());
    }
    qInfo("ziletti-cnn, 1 input: complete attentive-response set %.1f ms (first call %.1f ms), forward+backward "
          "%.1f ms, ratio %.2f",
          median(full), firstMs, median(fb), median(full) / median(fb));
}

QTEST_GUILESS_MAIN(TestResponseMethods)
#include "test_response_methods.moc"
