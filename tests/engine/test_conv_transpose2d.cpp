// ConvTranspose2D: forward against a naive scatter loop over PyTorch-layout weights (IC, OC/G, KH, KW),
// backward (input, weight, bias) against finite differences, fused ReLU and shape errors.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/ops/conv_transpose2d.h"

#include <QtTest>

using namespace lantern;

namespace {

/// y[n, g*OCg + o, iy*s - pt + ky*d, ix*s - pl + kx*d] += x[n, ic, iy, ix] * w[ic, o, ky, kx], ic in group g.
Tensor referenceConvTranspose(const Tensor& x, const Tensor& w, const Tensor* b, const ConvTranspose2DParams& p,
                              int64_t outH, int64_t outW)
{
    const int64_t n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
    const int64_t icg = c / p.groups, ocg = p.outChannels / p.groups;
    std::vector<double> acc(static_cast<size_t>(n * p.outChannels * outH * outW), 0.0);
    auto at = [&](int64_t in, int64_t oc, int64_t oy, int64_t ox) -> double& {
        return acc[static_cast<size_t>(((in * p.outChannels + oc) * outH + oy) * outW + ox)];
    };
    for (int64_t in = 0; in < n; ++in)
        for (int64_t ic = 0; ic < c; ++ic) {
            const int64_t g = ic / icg;
            for (int64_t iy = 0; iy < h; ++iy)
                for (int64_t ix = 0; ix < wd; ++ix) {
                    const double xv = x.at({in, ic, iy, ix});
                    for (int64_t o = 0; o < ocg; ++o)
                        for (int64_t ky = 0; ky < p.kernelH; ++ky)
                            for (int64_t kx = 0; kx < p.kernelW; ++kx) {
                                const int64_t oy = iy * p.strideH - p.padTop + ky * p.dilationH;
                                const int64_t ox = ix * p.strideW - p.padLeft + kx * p.dilationW;
                                if (oy < 0 || oy >= outH || ox < 0 || ox >= outW)
                                    continue;
                                at(in, g * ocg + o, oy, ox) += xv * w.at({ic, o, ky, kx});
                            }
                }
        }
    Tensor y({n, p.outChannels, outH, outW});
    for (int64_t in = 0; in < n; ++in)
        for (int64_t oc = 0; oc < p.outChannels; ++oc)
            for (int64_t oy = 0; oy < outH; ++oy)
                for (int64_t ox = 0; ox < outW; ++ox)
                    y.at({in, oc, oy, ox}) = static_cast<float>(at(in, oc, oy, ox) + (b ? (*b)[oc] : 0.0));
    return y;
}

ConvTranspose2DParams paramsFrom(const QList<int>& input, const QList<int>& conv)
{
    ConvTranspose2DParams p;
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
    p.outputPaddingH = conv[9];
    p.outputPaddingW = conv[10];
    p.dilationH = conv[11];
    p.dilationW = conv[12];
    p.groups = conv[13];
    p.bias = conv[14] != 0;
    return p;
}

} // namespace

class TestConvTranspose2D : public QObject {
    Q_OBJECT

private slots:
    void forwardAndGradients_data()
    {
        QTest::addColumn<QList<int>>("input"); // N C H W
        QTest::addColumn<QList<int>>("conv");  // out kh kw sh sw pt pl pb pr oph opw dh dw groups bias
        QTest::addColumn<QList<int>>("outHW"); // expected output H W (PyTorch formula, by hand)
        QTest::newRow("1x1") << QList<int>{2, 3, 4, 5} << QList<int>{4, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1}
                             << QList<int>{4, 5};
        QTest::newRow("3x3 stride1 pad1")
            << QList<int>{1, 2, 5, 6} << QList<int>{3, 3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1} << QList<int>{5, 6};
        QTest::newRow("upsample 2x, k2 s2")
            << QList<int>{2, 3, 3, 4} << QList<int>{2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1} << QList<int>{6, 8};
        QTest::newRow("k3 s2 p1 outpad1")
            << QList<int>{1, 4, 4, 5} << QList<int>{3, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1} << QList<int>{8, 10};
        QTest::newRow("odd sizes stride3 outpad2,1")
            << QList<int>{2, 2, 3, 5} << QList<int>{3, 3, 2, 3, 2, 0, 1, 1, 0, 2, 1, 1, 1, 1, 1} << QList<int>{10, 10};
        QTest::newRow("outpad beyond end pad")
            << QList<int>{1, 2, 3, 3} << QList<int>{2, 3, 3, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1} << QList<int>{8, 8};
        QTest::newRow("asymmetric pad rect kernel")
            << QList<int>{1, 3, 5, 4} << QList<int>{2, 2, 3, 1, 2, 1, 0, 0, 2, 0, 1, 1, 1, 1, 0} << QList<int>{5, 8};
        QTest::newRow("dilation2") << QList<int>{1, 2, 4, 4} << QList<int>{3, 3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 2, 2, 1, 1}
                                   << QList<int>{6, 6};
        QTest::newRow("dilation2 stride2 outpad1")
            << QList<int>{1, 2, 3, 4} << QList<int>{2, 3, 2, 2, 2, 1, 0, 2, 1, 1, 1, 2, 3, 1, 1} << QList<int>{7, 10};
        QTest::newRow("groups2") << QList<int>{2, 4, 3, 3} << QList<int>{6, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1}
                                 << QList<int>{6, 6};
        QTest::newRow("depthwise") << QList<int>{1, 3, 4, 5} << QList<int>{3, 3, 3, 2, 1, 1, 1, 1, 1, 0, 0, 1, 1, 3, 0}
                                   << QList<int>{7, 5};
        QTest::newRow("groups3 channel multiplier")
            << QList<int>{1, 3, 3, 3} << QList<int>{6, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 1, 1, 3, 1} << QList<int>{6, 6};
        QTest::newRow("16 channels blocked")
            << QList<int>{2, 16, 4, 4} << QList<int>{8, 4, 4, 2, 2, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1} << QList<int>{8, 8};
    }

    void forwardAndGradients()
    {
        QFETCH(QList<int>, input);
        QFETCH(QList<int>, conv);
        QFETCH(QList<int>, outHW);
        const ConvTranspose2DParams p = paramsFrom(input, conv);
        ConvTranspose2D op(p);
        QCOMPARE(op.weight().value.shape(), Shape({p.inChannels, p.outChannels / p.groups, p.kernelH, p.kernelW}));
        test::randomizeParameters(op, 13);
        const Tensor x = test::randomTensor({input[0], input[1], input[2], input[3]}, 3);

        const Shape outShape{input[0], p.outChannels, outHW[0], outHW[1]};
        const std::vector<Shape> shapes{x.shape()};
        QCOMPARE(op.outputShapes(shapes)[0], outShape);
        const Tensor expected = referenceConvTranspose(x, op.weight().value, op.bias() ? &op.bias()->value : nullptr, p,
                                                       outHW[0], outHW[1]);
        const auto y = test::runForward(op, {x});
        QCOMPARE(y.size(), size_t(1));
        LANTERN_COMPARE_TENSORS(y[0], expected, 1e-5, 1e-4);

        const auto r = test::gradCheck(op, {x});
        QVERIFY2(r.ok, r.message.c_str());
        QVERIFY(r.checked > 0);
    }

    void fusedReluMatchesSeparateRelu()
    {
        ConvTranspose2DParams p{.inChannels = 8,
                                .outChannels = 8,
                                .kernelH = 3,
                                .kernelW = 3,
                                .strideH = 2,
                                .strideW = 2,
                                .padTop = 1,
                                .padLeft = 1,
                                .padBottom = 1,
                                .padRight = 1,
                                .outputPaddingH = 1,
                                .outputPaddingW = 1};
        ConvTranspose2D op(p);
        test::randomizeParameters(op, 5);
        const Tensor x = test::randomTensor({2, 8, 5, 5}, 9);
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
        ConvTranspose2D op(ConvTranspose2DParams{
            .inChannels = 8, .outChannels = 16, .kernelH = 2, .kernelW = 2, .strideH = 2, .strideW = 2});
        test::randomizeParameters(op, 1);
        const Tensor x = test::randomTensor({1, 8, 3, 3}, 2);
        const Tensor before = test::runForward(op, {x})[0];
        op.weight().value.fill(0.f);
        op.weight().markModified();
        const Tensor after = test::runForward(op, {x})[0];
        for (int64_t i = 0; i < after.size(); ++i)
            QCOMPARE(after[i], op.bias()->value[i / 36]);
        QVERIFY(maxAbsDiff(before, after) > 0.f);
    }

    void badShapesAreClearErrors()
    {
        ConvTranspose2D op(ConvTranspose2DParams{.inChannels = 3,
                                                 .outChannels = 4,
                                                 .kernelH = 3,
                                                 .kernelW = 3,
                                                 .padTop = 3,
                                                 .padLeft = 3,
                                                 .padBottom = 3,
                                                 .padRight = 3});
        const std::vector<Shape> wrongChannels{{1, 2, 8, 8}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(wrongChannels));
        const std::vector<Shape> rank3{{3, 8, 8}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(rank3));
        const std::vector<Shape> paddedAway{{1, 3, 2, 2}}; // (2-1) - 6 + 2 + 1 = -2
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(paddedAway));
        QVERIFY_THROWS_EXCEPTION(ShapeError, test::runForward(op, {Tensor({1, 2, 8, 8})}));
        QVERIFY_THROWS_EXCEPTION(
            ArgumentError, ConvTranspose2D(ConvTranspose2DParams{.inChannels = 3, .outChannels = 4, .groups = 2}));
        QVERIFY_THROWS_EXCEPTION(
            ArgumentError, ConvTranspose2D(ConvTranspose2DParams{.strideH = 2, .strideW = 2, .outputPaddingH = 2}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, ConvTranspose2D(ConvTranspose2DParams{.kernelH = 0}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, ConvTranspose2D(ConvTranspose2DParams{.outputPaddingW = 1}));
    }
};

QTEST_APPLESS_MAIN(TestConvTranspose2D)
#include "test_conv_transpose2d.moc"
