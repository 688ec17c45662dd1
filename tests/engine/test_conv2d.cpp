// Conv2D: forward against a direct loop reference, backward (input, weight, bias) against finite differences.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/ops/conv2d.h"

#include <QtTest>

using namespace lantern;

namespace {

Tensor referenceConv(const Tensor& x, const Tensor& w, const Tensor* b, const Conv2DParams& p, int64_t outH,
                     int64_t outW, int64_t padT, int64_t padL)
{
    const int64_t n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
    const int64_t cg = c / p.groups, og = p.outChannels / p.groups;
    Tensor y({n, p.outChannels, outH, outW});
    for (int64_t in = 0; in < n; ++in)
        for (int64_t oc = 0; oc < p.outChannels; ++oc) {
            const int64_t g = oc / og;
            for (int64_t oy = 0; oy < outH; ++oy)
                for (int64_t ox = 0; ox < outW; ++ox) {
                    double acc = b ? (*b)[oc] : 0.0;
                    for (int64_t ic = 0; ic < cg; ++ic)
                        for (int64_t ky = 0; ky < p.kernelH; ++ky)
                            for (int64_t kx = 0; kx < p.kernelW; ++kx) {
                                const int64_t iy = oy * p.strideH - padT + ky * p.dilationH;
                                const int64_t ix = ox * p.strideW - padL + kx * p.dilationW;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= wd)
                                    continue;
                                acc += double(x.at({in, g * cg + ic, iy, ix})) * w.at({oc, ic, ky, kx});
                            }
                    y.at({in, oc, oy, ox}) = static_cast<float>(acc);
                }
        }
    return y;
}

} // namespace

class TestConv2D : public QObject {
    Q_OBJECT

private slots:
    void forwardAndGradients_data()
    {
        QTest::addColumn<QList<int>>("input"); // N C H W
        QTest::addColumn<QList<int>>("conv");  // out kh kw sh sw pt pl pb pr dh dw groups bias padMode
        QTest::newRow("1x1") << QList<int>{2, 3, 5, 5} << QList<int>{4, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0};
        QTest::newRow("3x3 pad1") << QList<int>{1, 2, 6, 7} << QList<int>{3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
        QTest::newRow("odd sizes stride2")
            << QList<int>{2, 3, 7, 9} << QList<int>{5, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 0};
        QTest::newRow("asymmetric pad") << QList<int>{1, 2, 5, 6}
                                        << QList<int>{3, 3, 2, 1, 1, 0, 1, 2, 0, 1, 1, 1, 1, 0};
        QTest::newRow("rect kernel stride 2x1")
            << QList<int>{1, 1, 8, 5} << QList<int>{2, 3, 1, 2, 1, 1, 0, 1, 0, 1, 1, 1, 0, 0};
        QTest::newRow("dilation2") << QList<int>{1, 2, 9, 9} << QList<int>{2, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 1, 1, 0};
        QTest::newRow("groups2") << QList<int>{2, 4, 6, 6} << QList<int>{6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 0};
        QTest::newRow("depthwise") << QList<int>{1, 3, 5, 5} << QList<int>{3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 3, 0, 0};
        QTest::newRow("same upper stride2")
            << QList<int>{1, 2, 7, 6} << QList<int>{2, 4, 4, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1, 1};
        QTest::newRow("same lower") << QList<int>{1, 2, 6, 6} << QList<int>{2, 2, 2, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 2};
        QTest::newRow("valid 7x7") << QList<int>{1, 3, 10, 11} << QList<int>{4, 7, 7, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 3};
        QTest::newRow("8 channels blocked")
            << QList<int>{3, 8, 6, 6} << QList<int>{16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
    }

    void forwardAndGradients()
    {
        QFETCH(QList<int>, input);
        QFETCH(QList<int>, conv);
        Conv2DParams p;
        p.inChannels = input[1];
        p.outChannels = conv[0];
        p.kernelH = conv[1];
        p.kernelW = conv[2];
        p.strideH = conv[3];
        p.strideW = conv[4];
        p.padTop = conv[5];
        p.padLeft = conv[6];
        p.padBottom = conv[7];
        p.padRight = conv[8];
        p.dilationH = conv[9];
        p.dilationW = conv[10];
        p.groups = conv[11];
        p.bias = conv[12] != 0;
        p.padMode = static_cast<PadMode>(conv[13]);
        Conv2D op(p);
        test::randomizeParameters(op, 11);
        const Tensor x = test::randomTensor({input[0], input[1], input[2], input[3]}, 3);

        const auto pads = [&](int64_t in, int64_t k, int64_t s, int64_t d, int64_t b, int64_t e) {
            return resolvePadding(p.padMode, in, k, s, d, b, e);
        };
        const AxisPadding ph = pads(input[2], p.kernelH, p.strideH, p.dilationH, p.padTop, p.padBottom);
        const AxisPadding pw = pads(input[3], p.kernelW, p.strideW, p.dilationW, p.padLeft, p.padRight);
        const int64_t outH = (input[2] + ph.begin + ph.end - ((p.kernelH - 1) * p.dilationH + 1)) / p.strideH + 1;
        const int64_t outW = (input[3] + pw.begin + pw.end - ((p.kernelW - 1) * p.dilationW + 1)) / p.strideW + 1;
        if (p.padMode == PadMode::SameUpper || p.padMode == PadMode::SameLower) {
            QCOMPARE(outH, (input[2] + p.strideH - 1) / p.strideH);
            QCOMPARE(outW, (input[3] + p.strideW - 1) / p.strideW);
        }
        const Tensor expected = referenceConv(x, op.weight().value, op.bias() ? &op.bias()->value : nullptr, p, outH,
                                              outW, ph.begin, pw.begin);
        const auto y = test::runForward(op, {x});
        QCOMPARE(y.size(), size_t(1));
        LANTERN_COMPARE_TENSORS(y[0], expected, 1e-5, 1e-4);

        const auto r = test::gradCheck(op, {x});
        QVERIFY2(r.ok, r.message.c_str());
        QVERIFY(r.checked > 0);
    }

    void fusedReluMatchesSeparateRelu()
    {
        Conv2DParams p{.inChannels = 8,
                       .outChannels = 8,
                       .kernelH = 3,
                       .kernelW = 3,
                       .padTop = 1,
                       .padLeft = 1,
                       .padBottom = 1,
                       .padRight = 1};
        Conv2D op(p);
        test::randomizeParameters(op, 5);
        const Tensor x = test::randomTensor({2, 8, 9, 9}, 9);
        Tensor plain = test::runForward(op, {x})[0];
        for (auto& v : plain.values())
            v = std::max(v, 0.f);
        ForwardArgs args;
        std::vector<Tensor> in{x};
        args.inputs = in;
        args.postOp = PostOp::Relu;
        op.forward(args);
        LANTERN_COMPARE_TENSORS(args.outputs[0], plain, 1e-6, 1e-5);
    }

    void weightChangeIsSeenAfterMarkModified()
    {
        Conv2DParams p{.inChannels = 8, .outChannels = 16, .kernelH = 3, .kernelW = 3};
        Conv2D op(p);
        test::randomizeParameters(op, 1);
        const Tensor x = test::randomTensor({1, 8, 6, 6}, 2);
        const Tensor before = test::runForward(op, {x})[0];
        op.weight().value.fill(0.f);
        op.weight().markModified();
        const Tensor after = test::runForward(op, {x})[0];
        for (int64_t i = 0; i < after.size(); ++i)
            QCOMPARE(after[i], op.bias()->value[(i / 16) % 16]);
        QVERIFY(maxAbsDiff(before, after) > 0.f);
    }

    void badShapesAreClearErrors()
    {
        Conv2D op(Conv2DParams{.inChannels = 3, .outChannels = 4, .kernelH = 5, .kernelW = 5});
        const std::vector<Shape> wrongChannels{{1, 2, 8, 8}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(wrongChannels));
        const std::vector<Shape> tooSmall{{1, 3, 3, 3}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(tooSmall));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, Conv2D(Conv2DParams{.inChannels = 3, .outChannels = 4, .groups = 2}));
    }
};

QTEST_APPLESS_MAIN(TestConv2D)
#include "test_conv2d.moc"
