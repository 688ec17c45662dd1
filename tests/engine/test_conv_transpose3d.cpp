// ConvTranspose3D: forward against a naive scatter loop over PyTorch-layout weights (IC, OC/G, KD, KH, KW),
// backward (input, weight, bias) against finite differences, fused ReLU and shape errors. Also the Constant op
// (a node without inputs holding a tensor).
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/graph.h"
#include "lantern/ops/add.h"
#include "lantern/ops/constant.h"
#include "lantern/ops/conv_transpose3d.h"

#include <QtTest>

using namespace lantern;

namespace {

Tensor referenceConvTranspose3D(const Tensor& x, const Tensor& w, const Tensor* b, const ConvTranspose3DParams& p,
                                const Shape& out)
{
    const int64_t n = x.dim(0), c = x.dim(1);
    const int64_t icg = c / p.groups, ocg = p.outChannels / p.groups;
    std::vector<double> acc(static_cast<size_t>(shapeSize(out)), 0.0);
    for (int64_t in = 0; in < n; ++in)
        for (int64_t ic = 0; ic < c; ++ic)
            for (int64_t i0 = 0; i0 < x.dim(2); ++i0)
                for (int64_t i1 = 0; i1 < x.dim(3); ++i1)
                    for (int64_t i2 = 0; i2 < x.dim(4); ++i2) {
                        const double xv = x.at({in, ic, i0, i1, i2});
                        for (int64_t o = 0; o < ocg; ++o)
                            for (int64_t k0 = 0; k0 < p.kernel[0]; ++k0)
                                for (int64_t k1 = 0; k1 < p.kernel[1]; ++k1)
                                    for (int64_t k2 = 0; k2 < p.kernel[2]; ++k2) {
                                        const int64_t o0 = i0 * p.stride[0] - p.padBegin[0] + k0 * p.dilation[0];
                                        const int64_t o1 = i1 * p.stride[1] - p.padBegin[1] + k1 * p.dilation[1];
                                        const int64_t o2 = i2 * p.stride[2] - p.padBegin[2] + k2 * p.dilation[2];
                                        if (o0 < 0 || o0 >= out[2] || o1 < 0 || o1 >= out[3] || o2 < 0 || o2 >= out[4])
                                            continue;
                                        const int64_t oc = ic / icg * ocg + o;
                                        acc[static_cast<size_t>(
                                            (((in * out[1] + oc) * out[2] + o0) * out[3] + o1) * out[4] + o2)] +=
                                            xv * w.at({ic, o, k0, k1, k2});
                                    }
                    }
    Tensor y(out);
    const int64_t spatial = out[2] * out[3] * out[4];
    for (int64_t e = 0; e < y.size(); ++e)
        y[e] = static_cast<float>(acc[static_cast<size_t>(e)] + (b ? (*b)[(e / spatial) % out[1]] : 0.0));
    return y;
}

} // namespace

class TestConvTranspose3D : public QObject {
    Q_OBJECT

private slots:
    void forwardAndGradients_data()
    {
        QTest::addColumn<QList<int>>("input"); // N C D H W
        QTest::addColumn<QList<int>>("conv");  // out, k0 k1 k2, s0 s1 s2, pb0 pb1 pb2, pe0 pe1 pe2, op0 op1 op2,
                                               // d0 d1 d2, groups, bias
        QTest::addColumn<QList<int>>("outDHW");
        QTest::newRow("k3 stride1") << QList<int>{1, 1, 3, 4, 5}
                                    << QList<int>{2, 3, 3, 3, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1}
                                    << QList<int>{5, 6, 7};
        QTest::newRow("k2 s2 pads outpad")
            << QList<int>{2, 2, 2, 3, 2} << QList<int>{3, 2, 3, 2, 2, 2, 3, 0, 1, 0, 1, 0, 1, 1, 0, 2, 1, 1, 1, 1, 1}
            << QList<int>{4, 6, 6};
        QTest::newRow("dilation groups no bias")
            << QList<int>{1, 4, 2, 3, 3} << QList<int>{2, 2, 2, 2, 1, 2, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 2, 1, 2, 2, 0}
            << QList<int>{4, 7, 3};
    }

    void forwardAndGradients()
    {
        QFETCH(QList<int>, input);
        QFETCH(QList<int>, conv);
        QFETCH(QList<int>, outDHW);
        ConvTranspose3DParams p;
        p.inChannels = input[1];
        p.outChannels = conv[0];
        for (size_t a = 0; a < 3; ++a) {
            p.kernel[a] = conv[1 + a];
            p.stride[a] = conv[4 + a];
            p.padBegin[a] = conv[7 + a];
            p.padEnd[a] = conv[10 + a];
            p.outputPadding[a] = conv[13 + a];
            p.dilation[a] = conv[16 + a];
        }
        p.groups = conv[19];
        p.bias = conv[20] != 0;
        ConvTranspose3D op(p);
        QCOMPARE(op.weight().value.shape(),
                 Shape({p.inChannels, p.outChannels / p.groups, p.kernel[0], p.kernel[1], p.kernel[2]}));
        test::randomizeParameters(op, 13);
        const Tensor x = test::randomTensor({input[0], input[1], input[2], input[3], input[4]}, 3);
        const Shape outShape{input[0], p.outChannels, outDHW[0], outDHW[1], outDHW[2]};
        const std::vector<Shape> shapes{x.shape()};
        QCOMPARE(op.outputShapes(shapes)[0], outShape);
        const Tensor expected =
            referenceConvTranspose3D(x, op.weight().value, op.bias() ? &op.bias()->value : nullptr, p, outShape);
        LANTERN_COMPARE_TENSORS(test::runForward(op, {x})[0], expected, 1e-5, 1e-4);
        const auto r = test::gradCheck(op, {x});
        QVERIFY2(r.ok, r.message.c_str());
        QVERIFY(r.checked > 0);
    }

    void fusedReluMatchesSeparateRelu()
    {
        ConvTranspose3DParams p;
        p.inChannels = 4;
        p.outChannels = 8;
        p.kernel = {3, 3, 3};
        p.stride = {2, 2, 2};
        ConvTranspose3D op(p);
        test::randomizeParameters(op, 5);
        const Tensor x = test::randomTensor({2, 4, 3, 3, 3}, 9);
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

    void badShapesAreClearErrors()
    {
        ConvTranspose3DParams p;
        p.inChannels = 3;
        p.outChannels = 4;
        p.kernel = {3, 3, 3};
        p.padBegin = {3, 3, 3};
        p.padEnd = {3, 3, 3};
        ConvTranspose3D op(p);
        const std::vector<Shape> wrongChannels{{1, 2, 8, 8, 8}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(wrongChannels));
        const std::vector<Shape> rank4{{1, 3, 8, 8}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(rank4));
        const std::vector<Shape> paddedAway{{1, 3, 2, 2, 2}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(paddedAway));
        ConvTranspose3DParams bad;
        bad.groups = 2;
        bad.inChannels = 3;
        QVERIFY_THROWS_EXCEPTION(ArgumentError, ConvTranspose3D{bad});
        ConvTranspose3DParams outPad;
        outPad.outputPadding = {1, 0, 0};
        QVERIFY_THROWS_EXCEPTION(ArgumentError, ConvTranspose3D{outPad});
    }

    void constantNode()
    {
        Graph g;
        g.addInput("x", {-1, 3});
        g.addNode("c", std::make_unique<Constant>(Tensor({1, 3}, {1.f, 2.f, 3.f})), {}, {"c"});
        g.addNode("add", std::make_unique<Add>(), {"x", "c"}, {"y"});
        g.addOutput("y");
        QCOMPARE(g.parameterCount(), int64_t(0)); // the constant is not trainable
        ForwardOptions opts;
        opts.keepForBackward = true;
        Execution ex = g.forward({{"x", Tensor({2, 3}, {0, 0, 0, 1, 1, 1})}}, opts);
        LANTERN_COMPARE_TENSORS(ex.value("y"), Tensor({2, 3}, {1, 2, 3, 2, 3, 4}), 0.0, 0.0);
        const auto grads = g.backward(ex, {{"y", Tensor({2, 3}, 1.f)}});
        LANTERN_COMPARE_TENSORS(grads.at("x"), Tensor({2, 3}, 1.f), 0.0, 0.0);
        QVERIFY_THROWS_EXCEPTION(ArgumentError, Constant{Tensor{}});
    }
};

QTEST_APPLESS_MAIN(TestConvTranspose3D)
#include "test_conv_transpose3d.moc"
