// LayerNorm: forward against a direct reference over the trailing axes, backward (input, weight, bias)
// against finite differences, errors.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/ops/layer_norm.h"

#include <QtTest>

#include <cmath>

using namespace lantern;

namespace {

Tensor referenceLayerNorm(const Tensor& x, int64_t rowSize, double eps, const Tensor* w, const Tensor* b)
{
    Tensor y(x.shape());
    const int64_t rows = x.size() / rowSize;
    for (int64_t r = 0; r < rows; ++r) {
        double mean = 0, var = 0;
        for (int64_t i = 0; i < rowSize; ++i)
            mean += x[r * rowSize + i];
        mean /= double(rowSize);
        for (int64_t i = 0; i < rowSize; ++i)
            var += (x[r * rowSize + i] - mean) * (x[r * rowSize + i] - mean);
        var /= double(rowSize);
        for (int64_t i = 0; i < rowSize; ++i) {
            double v = (x[r * rowSize + i] - mean) / std::sqrt(var + eps);
            if (w)
                v *= (*w)[i];
            if (b)
                v += (*b)[i];
            y[r * rowSize + i] = static_cast<float>(v);
        }
    }
    return y;
}

Tensor backwardInput(LayerNorm& op, const Tensor& x, const Tensor& gy, bool keepState)
{
    std::vector<Tensor> in{x}, gout{gy};
    ForwardArgs fa;
    fa.inputs = in;
    fa.keepForBackward = true;
    op.forward(fa);
    BackwardArgs ba;
    ba.inputs = in;
    ba.outputs = fa.outputs;
    ba.gradOutputs = gout;
    ba.needInputGrad = {true};
    ba.gradInputs.resize(1);
    ba.state = keepState ? fa.state.get() : nullptr;
    op.backward(ba);
    return ba.gradInputs[0];
}

} // namespace

class TestLayerNorm : public QObject {
    Q_OBJECT

private slots:
    void forwardAndGradients_data()
    {
        QTest::addColumn<QList<int>>("input");
        QTest::addColumn<int>("normalizedRank");
        QTest::addColumn<int>("affine"); // 0 none, 1 weight only, 2 weight and bias
        QTest::newRow("rows") << QList<int>{4, 5} << 1 << 2;
        QTest::newRow("sequence") << QList<int>{2, 3, 7} << 1 << 2;
        QTest::newRow("last two axes") << QList<int>{2, 3, 4, 5} << 2 << 2;
        QTest::newRow("whole tensor") << QList<int>{2, 3, 4} << 3 << 2;
        QTest::newRow("weight only") << QList<int>{3, 6} << 1 << 1;
        QTest::newRow("no affine") << QList<int>{2, 5, 3} << 1 << 0;
        QTest::newRow("rank5") << QList<int>{1, 2, 2, 3, 3} << 2 << 2;
        QTest::newRow("wide rows") << QList<int>{3, 67} << 1 << 2;
    }

    void forwardAndGradients()
    {
        QFETCH(QList<int>, input);
        QFETCH(int, normalizedRank);
        QFETCH(int, affine);
        const Shape shape(input.begin(), input.end());
        LayerNormParams p;
        p.normalizedShape = Shape(shape.end() - normalizedRank, shape.end());
        p.epsilon = 1e-3f;
        p.affine = affine > 0;
        p.bias = affine > 1;
        LayerNorm op(p);
        QCOMPARE(op.normalizedRank(), normalizedRank);
        test::randomizeParameters(op, 5);
        const int64_t rowSize = shapeSize(p.normalizedShape);
        QCOMPARE(op.parameterCount(), affine * rowSize);
        const Tensor x = test::randomTensor(shape, 7, -2.f, 2.f);
        const Tensor expected = referenceLayerNorm(x, rowSize, 1e-3, op.weight() ? &op.weight()->value : nullptr,
                                                   op.bias() ? &op.bias()->value : nullptr);
        const std::vector<Shape> shapes{shape};
        QCOMPARE(op.outputShapes(shapes)[0], shape);
        LANTERN_COMPARE_TENSORS(test::runForward(op, {x})[0], expected, 1e-5, 1e-4);
        LANTERN_COMPARE_TENSORS(test::runForward(op, {x}, Mode::Training)[0], expected, 1e-5, 1e-4);

        const Tensor gy = test::randomTensor(shape, 8);
        LANTERN_COMPARE_TENSORS(backwardInput(op, x, gy, false), backwardInput(op, x, gy, true), 1e-6, 1e-5);

        auto r = test::gradCheck(op, {x});
        QVERIFY2(r.ok, r.message.c_str());
        QVERIFY(r.checked > 0);
        test::GradCheckOptions train;
        train.mode = Mode::Training;
        r = test::gradCheck(op, {x}, train);
        QVERIFY2(r.ok, ("training: " + r.message).c_str());
    }

    void gradientOfConstantShiftVanishes()
    {
        // Adding a constant to a row leaves the output unchanged, so the input gradient of sum(y * g) sums
        // to zero over every row whatever g is.
        LayerNorm op(LayerNormParams{.normalizedShape = {3, 4}});
        test::randomizeParameters(op, 2);
        const Tensor x = test::randomTensor({5, 3, 4}, 3);
        const Tensor gx = backwardInput(op, x, test::randomTensor({5, 3, 4}, 4), true);
        for (int64_t r = 0; r < 5; ++r) {
            double sum = 0, abs = 0;
            for (int64_t i = 0; i < 12; ++i) {
                sum += gx[r * 12 + i];
                abs += std::fabs(gx[r * 12 + i]);
            }
            QVERIFY(std::fabs(sum) < 1e-5);
            QVERIFY(abs > 1e-3);
        }
    }

    void badInputsAreClearErrors()
    {
        LayerNorm op(LayerNormParams{.normalizedShape = {4, 5}});
        const std::vector<Shape> wrongTrailing{{2, 5, 4}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(wrongTrailing));
        const std::vector<Shape> tooSmall{{5}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(tooSmall));
        const std::vector<Shape> twoInputs{{2, 4, 5}, {2, 4, 5}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(twoInputs));
        const std::vector<Shape> empty{{0, 4, 5}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(empty));
        const Tensor x = test::randomTensor({2, 4, 5}, 1);
        QVERIFY_THROWS_EXCEPTION(ShapeError, backwardInput(op, x, Tensor({2, 20}), true));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, LayerNorm(LayerNormParams{.normalizedShape = {}}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, LayerNorm(LayerNormParams{.normalizedShape = {3, 0}}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, LayerNorm(LayerNormParams{.normalizedShape = {3}, .epsilon = -1.f}));
        op.weight()->value = Tensor({20}, 1.f);
        QVERIFY_THROWS_EXCEPTION(ShapeError, test::runForward(op, {x}));
    }
};

QTEST_APPLESS_MAIN(TestLayerNorm)
#include "test_layer_norm.moc"
