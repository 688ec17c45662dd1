// Pad (constant, reflect, edge): forward against a per-element numpy-style reference, gradients by finite
// differences (reflect/edge accumulate into the copied elements), ONNX pad order, bad shapes.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/ops/pad.h"

#include <QtTest>

using namespace lantern;

namespace {

Shape toShape(const QList<int>& l)
{
    return Shape(l.begin(), l.end());
}

/// numpy.pad semantics, one element at a time: the source index along one axis, or -1 for the fill.
int64_t sourceIndex(int64_t o, int64_t before, int64_t n, PadFillMode mode)
{
    int64_t i = o - before;
    if (i >= 0 && i < n)
        return i;
    if (mode == PadFillMode::Constant)
        return -1;
    if (mode == PadFillMode::Edge)
        return i < 0 ? 0 : n - 1;
    while (i < 0 || i >= n) // reflect about the edge elements (edge not repeated)
        i = i < 0 ? -i : 2 * (n - 1) - i;
    return i;
}

Tensor reference(const Tensor& x, const PadParams& p)
{
    const Shape& in = x.shape();
    Shape out(in.size());
    for (size_t i = 0; i < in.size(); ++i)
        out[i] = in[i] + p.pads[i].begin + p.pads[i].end;
    Tensor y(out);
    std::vector<int64_t> idx(in.size());
    for (int64_t o = 0; o < y.size(); ++o) {
        int64_t f = o;
        for (size_t i = in.size(); i-- > 0;) {
            idx[i] = f % out[i];
            f /= out[i];
        }
        int64_t src = 0;
        bool fill = false;
        for (size_t i = 0; i < in.size(); ++i) {
            const int64_t s = sourceIndex(idx[i], p.pads[i].begin, in[i], p.mode);
            fill = fill || s < 0;
            src = src * in[i] + std::max<int64_t>(s, 0);
        }
        y[o] = fill ? p.value : x[src];
    }
    return y;
}

} // namespace

class TestPad : public QObject {
    Q_OBJECT

private slots:
    void forwardAndGradients_data()
    {
        QTest::addColumn<QList<int>>("input");
        QTest::addColumn<QList<int>>("pads"); // ONNX order: all begins, then all ends
        QTest::addColumn<int>("mode");
        QTest::addColumn<double>("value");
        QTest::newRow("constant spatial") << QList<int>{2, 3, 4, 5} << QList<int>{0, 0, 1, 2, 0, 0, 2, 1} << 0 << 0.5;
        QTest::newRow("constant zero all axes") << QList<int>{2, 3, 5} << QList<int>{1, 0, 2, 0, 3, 1} << 0 << 0.0;
        QTest::newRow("reflect spatial") << QList<int>{1, 2, 5, 6} << QList<int>{0, 0, 2, 1, 0, 0, 1, 3} << 1 << 0.0;
        QTest::newRow("reflect max pad") << QList<int>{5} << QList<int>{4, 4} << 1 << 0.0;
        QTest::newRow("reflect 3d odd") << QList<int>{3, 4, 3} << QList<int>{1, 3, 2, 2, 0, 1} << 1 << 0.0;
        QTest::newRow("edge") << QList<int>{2, 3, 4} << QList<int>{1, 0, 3, 0, 2, 1} << 2 << 0.0;
        QTest::newRow("edge single element wide") << QList<int>{3, 1} << QList<int>{0, 4, 0, 4} << 2 << 0.0;
        QTest::newRow("rank5 constant") << QList<int>{1, 2, 2, 3, 2} << QList<int>{0, 1, 0, 1, 2, 1, 0, 1, 0, 1} << 0
                                        << -1.5;
        QTest::newRow("rank5 edge") << QList<int>{2, 1, 2, 3, 2} << QList<int>{0, 1, 1, 0, 2, 0, 2, 0, 1, 1} << 2
                                    << 0.0;
        QTest::newRow("no padding") << QList<int>{2, 3} << QList<int>{0, 0, 0, 0} << 1 << 0.0;
    }

    void forwardAndGradients()
    {
        QFETCH(QList<int>, input);
        QFETCH(QList<int>, pads);
        QFETCH(int, mode);
        QFETCH(double, value);
        const std::vector<int64_t> onnx(pads.begin(), pads.end());
        const PadParams p = PadParams::fromOnnx(onnx, static_cast<PadFillMode>(mode), static_cast<float>(value));
        Pad op(p);
        const Tensor x = test::randomTensor(toShape(input), 21);
        const auto y = test::runForward(op, {x});
        const Tensor expected = reference(x, p);
        LANTERN_COMPARE_TENSORS(y[0], expected, 0, 0);
        const Shape in = x.shape();
        QCOMPARE(op.outputShapes(std::span<const Shape>(&in, 1))[0], expected.shape());
        const auto r = test::gradCheck(op, {x}, {.maxChecksPerTensor = 200});
        QVERIFY2(r.ok, r.message.c_str());
        QVERIFY(r.checked > 0);
    }

    void gradientSumsBackIntoSource()
    {
        // 1-D reflect of [a b c] by 2 on both sides: c b [a b c] b a. d/da = 2, d/db = 3, d/dc = 2 for gy = 1.
        Pad reflect(PadParams{{{2, 2}}, PadFillMode::Reflect});
        const Tensor x({3}, {1.f, 2.f, 3.f});
        const Tensor y = test::runForward(reflect, {x})[0];
        LANTERN_COMPARE_TENSORS(y, Tensor({7}, {3.f, 2.f, 1.f, 2.f, 3.f, 2.f, 1.f}), 0, 0);
        const std::vector<Tensor> inputs{x};
        const Tensor ones({7}, 1.f);
        BackwardArgs args;
        args.inputs = inputs;
        args.gradOutputs = std::span<const Tensor>(&ones, 1);
        args.needInputGrad = {true};
        args.gradInputs.resize(1);
        reflect.backward(args);
        LANTERN_COMPARE_TENSORS(args.gradInputs[0], Tensor({3}, {2.f, 3.f, 2.f}), 0, 0);
    }

    void onnxOrder()
    {
        const std::vector<int64_t> onnx{1, 2, 3, 4};
        const PadParams p = PadParams::fromOnnx(onnx, PadFillMode::Edge);
        QCOMPARE(p.pads.size(), size_t(2));
        QCOMPARE(p.pads[0].begin, int64_t(1));
        QCOMPARE(p.pads[0].end, int64_t(3));
        QCOMPARE(p.pads[1].begin, int64_t(2));
        QCOMPARE(p.pads[1].end, int64_t(4));
        QVERIFY(p.mode == PadFillMode::Edge);
    }

    void badShapesAreClearErrors()
    {
        Pad op(PadParams{{{1, 1}, {1, 1}}});
        const std::vector<Shape> rank3{{2, 3, 4}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(rank3));
        Pad reflect(PadParams{{{0, 0}, {3, 0}}, PadFillMode::Reflect});
        const std::vector<Shape> narrow{{2, 3}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, reflect.outputShapes(narrow));
        try {
            reflect.outputShapes(narrow);
        } catch (const ShapeError& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find("Pad") != std::string::npos && msg.find("(2, 3)") != std::string::npos, e.what());
        }
        Pad edge(PadParams{{{1, 0}}, PadFillMode::Edge});
        const std::vector<Shape> empty{{0}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, edge.outputShapes(empty));
        QVERIFY_THROWS_EXCEPTION(UnsupportedError, Pad(PadParams{{{-1, 0}}}));
        const std::vector<int64_t> odd{1, 2, 3};
        QVERIFY_THROWS_EXCEPTION(ArgumentError, PadParams::fromOnnx(odd));
    }
};

QTEST_APPLESS_MAIN(TestPad)
#include "test_pad.moc"
