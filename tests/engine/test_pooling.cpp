// MaxPool2D, AvgPool2D, GlobalAvgPool, GlobalMaxPool: forward against direct loop references (PyTorch
// semantics for ceil mode and count_include_pad), switches, backward against finite differences, errors.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/ops/avg_pool2d.h"
#include "lantern/ops/global_avg_pool.h"
#include "lantern/ops/global_max_pool.h"
#include "lantern/ops/max_pool2d.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace lantern;

namespace {

struct PoolCase {
    int64_t n, c, h, w;
    int64_t kh, kw, sh, sw, pt, pl, pb, pr, dh, dw;
    bool ceil;
    PadMode mode;
};

PoolCase poolCase(const QList<int>& input, const QList<int>& pool)
{
    return {input[0], input[1], input[2], input[3], pool[0], pool[1], pool[2],       pool[3],
            pool[4],  pool[5],  pool[6],  pool[7],  pool[8], pool[9], pool[10] != 0, static_cast<PadMode>(pool[11])};
}

template <typename Params> Params toParams(const PoolCase& k)
{
    Params p;
    p.kernelH = k.kh;
    p.kernelW = k.kw;
    p.strideH = k.sh;
    p.strideW = k.sw;
    p.padTop = k.pt;
    p.padLeft = k.pl;
    p.padBottom = k.pb;
    p.padRight = k.pr;
    p.dilationH = k.dh;
    p.dilationW = k.dw;
    p.ceilMode = k.ceil;
    p.padMode = k.mode;
    return p;
}

/// One axis as PyTorch computes it: output size (with the ceil-mode rule) and resolved padding.
struct RefAxis {
    int64_t in, k, s, d, pb, pe, out;
};

RefAxis refAxis(PadMode mode, int64_t in, int64_t k, int64_t s, int64_t d, int64_t b, int64_t e, bool ceil)
{
    const AxisPadding pad = resolvePadding(mode, in, k, s, d, b, e);
    const int64_t num = in + pad.begin + pad.end - d * (k - 1) - 1;
    int64_t out = (ceil ? (num + s - 1) / s : num / s) + 1;
    if (ceil && (out - 1) * s >= in + pad.begin)
        --out;
    return {in, k, s, d, pad.begin, pad.end, out};
}

/// Direct pooling; for max also the switch (first strict maximum in row-major window order).
Tensor referencePool(const Tensor& x, const PoolCase& k, bool isMax, bool includePad, Tensor* switches = nullptr)
{
    const RefAxis ah = refAxis(k.mode, k.h, k.kh, k.sh, k.dh, k.pt, k.pb, k.ceil);
    const RefAxis aw = refAxis(k.mode, k.w, k.kw, k.sw, k.dw, k.pl, k.pr, k.ceil);
    Tensor y({k.n, k.c, ah.out, aw.out});
    if (switches)
        *switches = Tensor(y.shape());
    for (int64_t n = 0; n < k.n; ++n)
        for (int64_t c = 0; c < k.c; ++c)
            for (int64_t oy = 0; oy < ah.out; ++oy)
                for (int64_t ox = 0; ox < aw.out; ++ox) {
                    double acc = 0;
                    int64_t valid = 0, padded = 0;
                    float best = -std::numeric_limits<float>::infinity();
                    int64_t where = -1;
                    for (int64_t ky = 0; ky < k.kh; ++ky)
                        for (int64_t kx = 0; kx < k.kw; ++kx) {
                            const int64_t iy = oy * k.sh - ah.pb + ky * k.dh;
                            const int64_t ix = ox * k.sw - aw.pb + kx * k.dw;
                            if (iy >= -ah.pb && iy < k.h + ah.pe && ix >= -aw.pb && ix < k.w + aw.pe)
                                ++padded;
                            if (iy < 0 || iy >= k.h || ix < 0 || ix >= k.w)
                                continue;
                            ++valid;
                            const float v = x.at({n, c, iy, ix});
                            acc += v;
                            if (where < 0 || v > best) {
                                best = v;
                                where = iy * k.w + ix;
                            }
                        }
                    if (isMax) {
                        y.at({n, c, oy, ox}) = best;
                        if (switches)
                            switches->at({n, c, oy, ox}) = static_cast<float>(where);
                    } else {
                        y.at({n, c, oy, ox}) = static_cast<float>(acc / double(includePad ? padded : valid));
                    }
                }
    return y;
}

struct BackwardResult {
    Tensor gradInput;
    std::unique_ptr<OpState> state;
    Tensor output;
};

/// forward(keepForBackward) + backward with the given output gradient.
BackwardResult forwardBackward(Op& op, const Tensor& x, const Tensor& gy, bool dropState = false)
{
    std::vector<Tensor> in{x};
    ForwardArgs fa;
    fa.inputs = in;
    fa.keepForBackward = true;
    op.forward(fa);
    std::vector<Tensor> gout{gy};
    BackwardArgs ba;
    ba.inputs = in;
    ba.outputs = fa.outputs;
    ba.gradOutputs = gout;
    ba.needInputGrad = {true};
    ba.gradInputs.resize(1);
    ba.state = dropState ? nullptr : fa.state.get();
    op.backward(ba);
    return {ba.gradInputs[0], std::move(fa.state), fa.outputs[0]};
}

void addPoolRows()
{
    QTest::addColumn<QList<int>>("input"); // N C H W
    QTest::addColumn<QList<int>>("pool");  // kh kw sh sw pt pl pb pr dh dw ceil padMode
    QTest::newRow("2x2 s2") << QList<int>{2, 3, 6, 6} << QList<int>{2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 0, 0};
    QTest::newRow("3x3 s1 pad1") << QList<int>{1, 2, 5, 7} << QList<int>{3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
    QTest::newRow("odd 3x3 s2 pad1") << QList<int>{2, 3, 7, 9} << QList<int>{3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 0, 0};
    QTest::newRow("asymmetric pad") << QList<int>{1, 2, 6, 5} << QList<int>{3, 2, 2, 1, 0, 1, 2, 0, 1, 1, 0, 0};
    QTest::newRow("floor drops rest") << QList<int>{1, 2, 8, 6} << QList<int>{3, 3, 2, 2, 0, 0, 0, 0, 1, 1, 0, 0};
    QTest::newRow("ceil") << QList<int>{1, 2, 8, 6} << QList<int>{3, 3, 2, 2, 0, 0, 0, 0, 1, 1, 1, 0};
    QTest::newRow("ceil past pad") << QList<int>{2, 1, 6, 6} << QList<int>{3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 0};
    QTest::newRow("ceil last dropped") << QList<int>{1, 2, 5, 5} << QList<int>{2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 0};
    QTest::newRow("ceil asymmetric") << QList<int>{1, 2, 8, 8} << QList<int>{3, 2, 3, 3, 2, 0, 0, 1, 1, 1, 1, 0};
    QTest::newRow("end pad unused") << QList<int>{1, 2, 5, 7} << QList<int>{2, 2, 4, 3, 0, 0, 2, 3, 1, 1, 0, 0};
    QTest::newRow("dilation2 pad2") << QList<int>{1, 2, 9, 8} << QList<int>{3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 0, 0};
    QTest::newRow("dilation ceil") << QList<int>{1, 1, 9, 10} << QList<int>{2, 2, 2, 2, 0, 0, 0, 0, 2, 2, 1, 0};
    QTest::newRow("dilation 2x1 pad") << QList<int>{1, 2, 7, 6} << QList<int>{2, 3, 2, 1, 1, 0, 1, 1, 3, 1, 0, 0};
    QTest::newRow("same upper s2") << QList<int>{1, 2, 7, 6} << QList<int>{3, 3, 2, 2, 0, 0, 0, 0, 1, 1, 0, 1};
    QTest::newRow("same lower") << QList<int>{1, 2, 6, 6} << QList<int>{2, 2, 1, 1, 0, 0, 0, 0, 1, 1, 0, 2};
    QTest::newRow("valid 3x3 s3") << QList<int>{1, 2, 10, 11} << QList<int>{3, 3, 3, 3, 0, 0, 0, 0, 1, 1, 0, 3};
    QTest::newRow("8 channels") << QList<int>{2, 8, 6, 6} << QList<int>{3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 0, 0};
    QTest::newRow("whole image") << QList<int>{1, 3, 5, 4} << QList<int>{5, 4, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0};
}

} // namespace

class TestPooling : public QObject {
    Q_OBJECT

private slots:
    void maxPool_data() { addPoolRows(); }
    void maxPool()
    {
        QFETCH(QList<int>, input);
        QFETCH(QList<int>, pool);
        const PoolCase k = poolCase(input, pool);
        MaxPool2D op(toParams<MaxPool2DParams>(k));
        const Tensor x = test::distinctTensor({k.n, k.c, k.h, k.w}, 3);
        Tensor refSwitches;
        const Tensor expected = referencePool(x, k, true, false, &refSwitches);
        const std::vector<Shape> shapes{x.shape()};
        QCOMPARE(op.outputShapes(shapes)[0], expected.shape());
        const auto y = test::runForward(op, {x});
        LANTERN_COMPARE_TENSORS(y[0], expected, 0.0, 0.0);

        // Switches agree with the reference argmax and route exactly like backward.
        const Tensor gy = test::randomTensor(expected.shape(), 5);
        BackwardResult r = forwardBackward(op, x, gy);
        LANTERN_COMPARE_TENSORS(r.output, expected, 0.0, 0.0);
        const Tensor sw = MaxPool2D::switches(r.state.get());
        LANTERN_COMPARE_TENSORS(sw, refSwitches, 0.0, 0.0);
        LANTERN_COMPARE_TENSORS(MaxPool2D::unpool(gy, sw, x.shape()), r.gradInput, 1e-6, 1e-6);
        // Without a kept state backward recomputes the same switches.
        LANTERN_COMPARE_TENSORS(forwardBackward(op, x, gy, true).gradInput, r.gradInput, 0.0, 0.0);

        const auto g = test::gradCheck(op, {x});
        QVERIFY2(g.ok, g.message.c_str());
        QVERIFY(g.checked > 0);
    }

    void maxPoolSwitchesWithTies()
    {
        // Few distinct values: many ties; switches must still point where backward sends the gradient.
        MaxPool2DParams p{.kernelH = 3,
                          .kernelW = 3,
                          .strideH = 1,
                          .strideW = 2,
                          .padTop = 1,
                          .padLeft = 1,
                          .padBottom = 1,
                          .padRight = 0,
                          .ceilMode = true};
        MaxPool2D op(p);
        Tensor x = test::randomTensor({2, 3, 7, 8}, 17, 0.f, 3.f);
        for (auto& v : x.values())
            v = std::floor(v);
        const std::vector<Shape> shapes{x.shape()};
        const Shape outShape = op.outputShapes(shapes)[0];
        // Integer-valued gradients keep the sums of overlapping windows exact.
        Tensor gy = test::randomTensor(outShape, 6, -8.f, 8.f);
        for (auto& v : gy.values())
            v = std::round(v);
        BackwardResult r = forwardBackward(op, x, gy);
        const Tensor sw = MaxPool2D::switches(r.state.get());
        LANTERN_COMPARE_TENSORS(MaxPool2D::unpool(gy, sw, x.shape()), r.gradInput, 0.0, 0.0);
        // Each switch lies in its window and holds the window's maximum.
        const int64_t w = x.dim(3);
        for (int64_t i = 0; i < sw.size(); ++i) {
            const int64_t plane = i / (outShape[2] * outShape[3]);
            const int64_t oy = (i / outShape[3]) % outShape[2], ox = i % outShape[3];
            const auto s = static_cast<int64_t>(sw[i]);
            const int64_t iy = s / w, ix = s % w;
            QVERIFY(iy >= oy - 1 && iy <= oy + 1 && ix >= ox * 2 - 1 && ix <= ox * 2 + 1);
            QCOMPARE(x[plane * x.dim(2) * w + s], r.output[i]);
        }
    }

    void maxPoolPaddingNeverWins()
    {
        MaxPool2D op(MaxPool2DParams{.kernelH = 3,
                                     .kernelW = 3,
                                     .strideH = 2,
                                     .strideW = 2,
                                     .padTop = 1,
                                     .padLeft = 1,
                                     .padBottom = 1,
                                     .padRight = 1,
                                     .ceilMode = true});
        const Tensor x({1, 2, 5, 6}, -5.f);
        const Tensor gy = test::randomTensor({1, 2, 3, 4}, 2);
        BackwardResult r = forwardBackward(op, x, gy);
        LANTERN_COMPARE_TENSORS(r.output, Tensor({1, 2, 3, 4}, -5.f), 0.0, 0.0);
        const Tensor sw = MaxPool2D::switches(r.state.get());
        double total = 0, routed = 0;
        for (int64_t i = 0; i < sw.size(); ++i) {
            QVERIFY(sw[i] >= 0.f && sw[i] < 30.f);
            total += gy[i];
        }
        for (float v : r.gradInput.values())
            routed += v;
        QVERIFY(std::fabs(total - routed) < 1e-4);
    }

    void avgPool_data() { addPoolRows(); }
    void avgPool()
    {
        QFETCH(QList<int>, input);
        QFETCH(QList<int>, pool);
        const PoolCase k = poolCase(input, pool);
        for (bool includePad : {false, true}) {
            auto p = toParams<AvgPool2DParams>(k);
            p.countIncludePad = includePad;
            AvgPool2D op(p);
            const Tensor x = test::randomTensor({k.n, k.c, k.h, k.w}, 4);
            const Tensor expected = referencePool(x, k, false, includePad);
            const auto y = test::runForward(op, {x});
            LANTERN_COMPARE_TENSORS(y[0], expected, 1e-6, 1e-5);
            const auto g = test::gradCheck(op, {x});
            QVERIFY2(g.ok, (g.message + (includePad ? " (include pad)" : " (exclude pad)")).c_str());
            QVERIFY(g.checked > 0);
        }
    }

    void globalPools_data()
    {
        QTest::addColumn<QList<int>>("input");
        QTest::newRow("nchw") << QList<int>{2, 3, 5, 7};
        QTest::newRow("1x1 image") << QList<int>{2, 4, 1, 1};
        QTest::newRow("rank3") << QList<int>{2, 3, 9};
        QTest::newRow("rank5") << QList<int>{1, 2, 3, 4, 2};
    }
    void globalPools()
    {
        QFETCH(QList<int>, input);
        const Shape in(input.begin(), input.end());
        Shape outShape(in.size(), 1);
        outShape[0] = in[0];
        outShape[1] = in[1];
        const Tensor x = test::distinctTensor(in, 8);
        const int64_t planes = in[0] * in[1], plane = x.size() / planes;
        Tensor mean(outShape), max(outShape), where(outShape);
        for (int64_t p = 0; p < planes; ++p) {
            double acc = 0;
            int64_t best = 0;
            for (int64_t i = 0; i < plane; ++i) {
                acc += x[p * plane + i];
                if (x[p * plane + i] > x[p * plane + best])
                    best = i;
            }
            mean[p] = static_cast<float>(acc / double(plane));
            max[p] = x[p * plane + best];
            where[p] = static_cast<float>(best);
        }

        GlobalAvgPool avg;
        const std::vector<Shape> shapes{in};
        QCOMPARE(avg.outputShapes(shapes)[0], outShape);
        LANTERN_COMPARE_TENSORS(test::runForward(avg, {x})[0], mean, 1e-6, 1e-5);
        auto g = test::gradCheck(avg, {x});
        QVERIFY2(g.ok, g.message.c_str());

        GlobalMaxPool gmax;
        QCOMPARE(gmax.outputShapes(shapes)[0], outShape);
        LANTERN_COMPARE_TENSORS(test::runForward(gmax, {x})[0], max, 0.0, 0.0);
        const Tensor gy = test::randomTensor(outShape, 3);
        BackwardResult r = forwardBackward(gmax, x, gy);
        LANTERN_COMPARE_TENSORS(GlobalMaxPool::switches(r.state.get()), where, 0.0, 0.0);
        LANTERN_COMPARE_TENSORS(forwardBackward(gmax, x, gy, true).gradInput, r.gradInput, 0.0, 0.0);
        g = test::gradCheck(gmax, {x});
        QVERIFY2(g.ok, g.message.c_str());
    }

    void globalMaxPoolTiesGoToFirst()
    {
        GlobalMaxPool op;
        const Tensor x({1, 2, 2, 3}, {1, 4, 4, 0, 4, 2, 7, 7, 7, 7, 7, 7});
        BackwardResult r = forwardBackward(op, x, Tensor({1, 2, 1, 1}, {1.f, 2.f}));
        LANTERN_COMPARE_TENSORS(GlobalMaxPool::switches(r.state.get()), Tensor({1, 2, 1, 1}, {1.f, 0.f}), 0.0, 0.0);
        LANTERN_COMPARE_TENSORS(r.gradInput, Tensor({1, 2, 2, 3}, {0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0}), 0.0, 0.0);
    }

    void badInputsAreClearErrors()
    {
        MaxPool2D mp(MaxPool2DParams{.kernelH = 3, .kernelW = 3});
        const std::vector<Shape> rank3{{1, 3, 8}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, mp.outputShapes(rank3));
        const std::vector<Shape> tooSmall{{1, 3, 2, 8}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, mp.outputShapes(tooSmall));
        const std::vector<Shape> twoInputs{{1, 3, 8, 8}, {1, 3, 8, 8}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, mp.outputShapes(twoInputs));
        const std::vector<Shape> empty{{0, 3, 8, 8}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, mp.outputShapes(empty));
        const Tensor small({1, 1, 2, 2});
        QVERIFY_THROWS_EXCEPTION(ShapeError, test::runForward(mp, {small}));
        // A window entirely in the padding.
        MaxPool2D padOnly(MaxPool2DParams{.kernelH = 1, .kernelW = 1, .strideH = 1, .strideW = 1, .padTop = 1});
        const std::vector<Shape> img{{1, 1, 4, 4}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, padOnly.outputShapes(img));
        AvgPool2D avgPadOnly(AvgPool2DParams{.kernelH = 2, .kernelW = 2, .strideH = 2, .strideW = 2, .padRight = 2});
        QVERIFY_THROWS_EXCEPTION(ShapeError, avgPadOnly.outputShapes(img));

        QVERIFY_THROWS_EXCEPTION(ArgumentError, MaxPool2D(MaxPool2DParams{.kernelH = 0}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, MaxPool2D(MaxPool2DParams{.strideW = 0}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, AvgPool2D(AvgPool2DParams{.padLeft = -1}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, AvgPool2D(AvgPool2DParams{.dilationH = 0}));

        QVERIFY_THROWS_EXCEPTION(ArgumentError, MaxPool2D::switches(nullptr));
        GlobalMaxPool gmp;
        const Tensor x = test::randomTensor({1, 2, 4, 4}, 1);
        BackwardResult r = forwardBackward(gmp, x, Tensor({1, 2, 1, 1}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, MaxPool2D::switches(r.state.get()));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, GlobalMaxPool::switches(nullptr));
        QVERIFY_THROWS_EXCEPTION(ShapeError,
                                 MaxPool2D::unpool(Tensor({1, 2, 2, 2}), Tensor({1, 2, 2, 3}), {1, 2, 4, 4}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError,
                                 MaxPool2D::unpool(Tensor({1, 1, 1, 1}), Tensor({1, 1, 1, 1}, 99.f), {1, 1, 4, 4}));

        // Backward with an output gradient of the wrong shape.
        MaxPool2D mp2(MaxPool2DParams{});
        QVERIFY_THROWS_EXCEPTION(ShapeError, forwardBackward(mp2, x, Tensor({1, 2, 3, 3})));
        AvgPool2D ap2(AvgPool2DParams{});
        QVERIFY_THROWS_EXCEPTION(ShapeError, forwardBackward(ap2, x, Tensor({1, 2, 3, 3})));

        GlobalAvgPool gap;
        const std::vector<Shape> rank2{{2, 3}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, gap.outputShapes(rank2));
        QVERIFY_THROWS_EXCEPTION(ShapeError, gmp.outputShapes(rank2));
        QVERIFY_THROWS_EXCEPTION(ShapeError, forwardBackward(gmp, x, Tensor({1, 2, 2, 1})));
    }

    void describeNamesGeometry()
    {
        MaxPool2D mp(MaxPool2DParams{.kernelH = 3, .kernelW = 3, .padTop = 1, .dilationH = 2, .ceilMode = true});
        QCOMPARE(QString::fromStdString(mp.describe()), QString("k=3x3 s=2x2 p=1,0,0,0 d=2x1 ceil"));
        AvgPool2D ap(AvgPool2DParams{.countIncludePad = true});
        QCOMPARE(QString::fromStdString(ap.describe()), QString("k=2x2 s=2x2 p=0,0,0,0 include-pad"));
    }
};

QTEST_APPLESS_MAIN(TestPooling)
#include "test_pooling.moc"
