// MatMul: forward against a plain batched loop with numpy broadcasting, gradients of both inputs against
// finite differences (including the sums over broadcast batch dimensions), and shape errors.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/ops/mat_mul.h"

#include <QtTest>

using namespace lantern;

namespace {

Shape toShape(const QList<int>& l)
{
    return Shape(l.begin(), l.end());
}

/// Index of the element of a (padded-to-rank-4) operand for output batch index (b0, b1).
int64_t batchOffset(const Shape& s4, int64_t b0, int64_t b1)
{
    const int64_t i0 = s4[0] == 1 ? 0 : b0;
    const int64_t i1 = s4[1] == 1 ? 0 : b1;
    return (i0 * s4[1] + i1) * s4[2] * s4[3];
}

Tensor referenceMatMul(const Tensor& a, const Tensor& b, const Shape& outShape)
{
    Shape a4 = a.shape(), b4 = b.shape();
    while (a4.size() < 4)
        a4.insert(a4.begin(), 1);
    while (b4.size() < 4)
        b4.insert(b4.begin(), 1);
    const int64_t d0 = std::max(a4[0], b4[0]), d1 = std::max(a4[1], b4[1]);
    const int64_t n = a4[2], k = a4[3], m = b4[3];
    Tensor y(outShape);
    QTEST_ASSERT(y.size() == d0 * d1 * n * m);
    for (int64_t b0 = 0; b0 < d0; ++b0)
        for (int64_t b1 = 0; b1 < d1; ++b1) {
            const float* pa = a.data() + batchOffset(a4, b0, b1);
            const float* pb = b.data() + batchOffset(b4, b0, b1);
            float* py = y.data() + (b0 * d1 + b1) * n * m;
            for (int64_t i = 0; i < n; ++i)
                for (int64_t j = 0; j < m; ++j) {
                    double acc = 0;
                    for (int64_t l = 0; l < k; ++l)
                        acc += double(pa[i * k + l]) * pb[l * m + j];
                    py[i * m + j] = static_cast<float>(acc);
                }
        }
    return y;
}

} // namespace

class TestMatMul : public QObject {
    Q_OBJECT

private slots:
    void forwardAndGradients_data()
    {
        QTest::addColumn<QList<int>>("a");
        QTest::addColumn<QList<int>>("b");
        QTest::addColumn<QList<int>>("out");
        QTest::newRow("2d") << QList<int>{3, 4} << QList<int>{4, 5} << QList<int>{3, 5};
        QTest::newRow("2d odd") << QList<int>{7, 13} << QList<int>{13, 1} << QList<int>{7, 1};
        QTest::newRow("row times matrix") << QList<int>{1, 6} << QList<int>{6, 9} << QList<int>{1, 9};
        QTest::newRow("3d same batch") << QList<int>{2, 3, 4} << QList<int>{2, 4, 5} << QList<int>{2, 3, 5};
        QTest::newRow("3d x 2d") << QList<int>{3, 5, 4} << QList<int>{4, 2} << QList<int>{3, 5, 2};
        QTest::newRow("2d x 3d") << QList<int>{5, 4} << QList<int>{3, 4, 2} << QList<int>{3, 5, 2};
        QTest::newRow("batch 1 broadcast 3d") << QList<int>{1, 3, 4} << QList<int>{4, 4, 3} << QList<int>{4, 3, 3};
        QTest::newRow("4d same") << QList<int>{2, 3, 2, 5} << QList<int>{2, 3, 5, 3} << QList<int>{2, 3, 2, 3};
        QTest::newRow("4d cross broadcast")
            << QList<int>{3, 1, 3, 4} << QList<int>{1, 2, 4, 5} << QList<int>{3, 2, 3, 5};
        QTest::newRow("4d x 2d") << QList<int>{2, 2, 3, 7} << QList<int>{7, 3} << QList<int>{2, 2, 3, 3};
        QTest::newRow("3d x 4d") << QList<int>{3, 2, 4} << QList<int>{2, 1, 4, 5} << QList<int>{2, 3, 2, 5};
        QTest::newRow("attention-like") << QList<int>{2, 4, 9, 8} << QList<int>{2, 4, 8, 9} << QList<int>{2, 4, 9, 9};
    }

    void forwardAndGradients()
    {
        QFETCH(QList<int>, a);
        QFETCH(QList<int>, b);
        QFETCH(QList<int>, out);
        MatMul op;
        QCOMPARE(op.type(), std::string("MatMul"));
        QVERIFY(op.parameters().empty());
        const Tensor ta = test::randomTensor(toShape(a), 5);
        const Tensor tb = test::randomTensor(toShape(b), 6);
        const std::vector<Shape> shapes{ta.shape(), tb.shape()};
        QCOMPARE(op.outputShapes(shapes)[0], toShape(out));
        const Tensor expected = referenceMatMul(ta, tb, toShape(out));
        const auto y = test::runForward(op, {ta, tb});
        QCOMPARE(y.size(), size_t(1));
        LANTERN_COMPARE_TENSORS(y[0], expected, 1e-5, 1e-4);
        // The inputs are left alone.
        LANTERN_COMPARE_TENSORS(ta, test::randomTensor(toShape(a), 5), 0, 0);

        test::GradCheckOptions o;
        o.maxChecksPerTensor = 48;
        const auto r = test::gradCheck(op, {ta, tb}, o);
        QVERIFY2(r.ok, r.message.c_str());
        QVERIFY(r.checked > 0);
    }

    void onlyRequestedGradients()
    {
        MatMul op;
        const Tensor ta = test::randomTensor({2, 3, 4}, 1);
        const Tensor tb = test::randomTensor({4, 5}, 2);
        const std::vector<Tensor> in{ta, tb};
        const std::vector<Tensor> gy{test::randomTensor({2, 3, 5}, 3)};
        BackwardArgs ba;
        ba.inputs = in;
        ba.gradOutputs = gy;
        ba.needInputGrad = {false, true};
        ba.gradInputs.resize(2);
        op.backward(ba);
        QVERIFY(ba.gradInputs[0].isEmpty());
        QCOMPARE(ba.gradInputs[1].shape(), Shape({4, 5}));
        // dB = sum_batch A_b^T dY_b
        for (int64_t l = 0; l < 4; ++l)
            for (int64_t j = 0; j < 5; ++j) {
                double acc = 0;
                for (int64_t bb = 0; bb < 2; ++bb)
                    for (int64_t i = 0; i < 3; ++i)
                        acc += double(ta.at({bb, i, l})) * gy[0].at({bb, i, j});
                QVERIFY(std::fabs(acc - ba.gradInputs[1].at({l, j})) < 1e-5);
            }
    }

    void badShapesAreClearErrors()
    {
        MatMul op;
        const std::vector<Shape> vector1d{{4}, {4, 3}};
        QVERIFY_THROWS_EXCEPTION(UnsupportedError, op.outputShapes(vector1d));
        const std::vector<Shape> vector1dB{{2, 4}, {4}};
        QVERIFY_THROWS_EXCEPTION(UnsupportedError, op.outputShapes(vector1dB));
        const std::vector<Shape> rank5{{1, 2, 2, 3, 4}, {4, 3}};
        QVERIFY_THROWS_EXCEPTION(UnsupportedError, op.outputShapes(rank5));
        const std::vector<Shape> innerMismatch{{2, 3}, {4, 5}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(innerMismatch));
        try {
            op.outputShapes(innerMismatch);
        } catch (const ShapeError& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find("MatMul") != std::string::npos && msg.find("(2, 3)") != std::string::npos &&
                         msg.find("(4, 5)") != std::string::npos,
                     msg.c_str());
        }
        const std::vector<Shape> batchMismatch{{2, 3, 4}, {3, 4, 5}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(batchMismatch));
        const std::vector<Shape> one{{2, 3}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(one));
        QVERIFY_THROWS_EXCEPTION(ShapeError, test::runForward(op, {Tensor({2, 3}), Tensor({2, 3})}));
        QVERIFY_THROWS_EXCEPTION(ShapeError, test::runForward(op, {Tensor({2, 3})}));
    }
};

QTEST_APPLESS_MAIN(TestMatMul)
#include "test_mat_mul.moc"
