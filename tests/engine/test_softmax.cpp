// Softmax and LogSoftmax: forward against a plain double-precision loop along any axis, normalisation,
// stability for huge logits, backward against the analytic formula and finite differences.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/ops/log_softmax.h"
#include "lantern/ops/softmax.h"

#include <QtTest>

#include <cmath>

using namespace lantern;

namespace {

Shape toShape(const QList<int>& dims)
{
    Shape s;
    for (int d : dims)
        s.push_back(d);
    return s;
}

std::unique_ptr<Op> makeOp(bool log, int axis)
{
    if (log)
        return std::make_unique<LogSoftmax>(LogSoftmaxParams{axis});
    return std::make_unique<Softmax>(SoftmaxParams{axis});
}

struct Layout {
    int64_t outer = 1, n = 1, inner = 1;
};

Layout layout(const Shape& s, int axis)
{
    const int k = axis < 0 ? axis + static_cast<int>(s.size()) : axis;
    Layout l;
    for (int i = 0; i < static_cast<int>(s.size()); ++i) {
        if (i < k)
            l.outer *= s[static_cast<size_t>(i)];
        else if (i == k)
            l.n = s[static_cast<size_t>(i)];
        else
            l.inner *= s[static_cast<size_t>(i)];
    }
    return l;
}

/// Reference (log-)softmax in double, max-shifted.
Tensor reference(const Tensor& x, int axis, bool log)
{
    const Layout l = layout(x.shape(), axis);
    Tensor y(x.shape());
    for (int64_t o = 0; o < l.outer; ++o)
        for (int64_t i = 0; i < l.inner; ++i) {
            const auto at = [&](int64_t j) { return (o * l.n + j) * l.inner + i; };
            double m = -INFINITY;
            for (int64_t j = 0; j < l.n; ++j)
                m = std::max(m, double(x[at(j)]));
            double sum = 0;
            for (int64_t j = 0; j < l.n; ++j)
                sum += std::exp(double(x[at(j)]) - m);
            for (int64_t j = 0; j < l.n; ++j) {
                const double z = double(x[at(j)]) - m;
                y[at(j)] = static_cast<float>(log ? z - std::log(sum) : std::exp(z) / sum);
            }
        }
    return y;
}

/// Analytic input gradient from the (double) reference output.
Tensor referenceGrad(const Tensor& x, const Tensor& gy, int axis, bool log)
{
    const Layout l = layout(x.shape(), axis);
    const Tensor sm = reference(x, axis, false);
    Tensor gx(x.shape());
    for (int64_t o = 0; o < l.outer; ++o)
        for (int64_t i = 0; i < l.inner; ++i) {
            const auto at = [&](int64_t j) { return (o * l.n + j) * l.inner + i; };
            double dot = 0;
            for (int64_t j = 0; j < l.n; ++j)
                dot += log ? double(gy[at(j)]) : double(gy[at(j)]) * sm[at(j)];
            for (int64_t j = 0; j < l.n; ++j)
                gx[at(j)] = static_cast<float>(log ? gy[at(j)] - sm[at(j)] * dot : sm[at(j)] * (gy[at(j)] - dot));
        }
    return gx;
}

Tensor runBackward(Op& op, const Tensor& x, const Tensor& y, const Tensor& gy)
{
    std::vector<Tensor> in{x}, out{y}, gout{gy};
    BackwardArgs b;
    b.inputs = in;
    b.outputs = out;
    b.gradOutputs = gout;
    b.needInputGrad = {true};
    b.gradInputs.resize(1);
    op.backward(b);
    return b.gradInputs[0];
}

} // namespace

class TestSoftmax : public QObject {
    Q_OBJECT

private slots:
    void forwardAndGradients_data()
    {
        QTest::addColumn<bool>("log");
        QTest::addColumn<QList<int>>("shape");
        QTest::addColumn<int>("axis");
        struct Row {
            const char* name;
            QList<int> shape;
            int axis;
        };
        const std::vector<Row> rows{
            {"1d", {7}, 0},
            {"1d axis -1", {5}, -1},
            {"2d rows", {4, 9}, -1},
            {"2d columns", {4, 9}, 0},
            {"3d middle", {2, 5, 3}, 1},
            {"3d first (negative)", {3, 4, 5}, -3},
            {"4d channels", {2, 7, 3, 3}, 1},
            {"4d last", {2, 3, 4, 6}, -1},
            {"4d h", {1, 3, 5, 2}, 2},
            {"5d axis 2", {1, 2, 3, 4, 2}, 2},
            {"5d last", {2, 1, 3, 2, 5}, 4},
            {"single class", {3, 1}, 1},
            {"wide rows", {3, 67}, 1},
            {"many channels", {2, 33, 4, 4}, 1},
        };
        for (bool log : {false, true})
            for (const auto& r : rows) {
                const QByteArray name = QByteArray(log ? "LogSoftmax " : "Softmax ") + r.name;
                QTest::newRow(name.constData()) << log << r.shape << r.axis;
            }
    }

    void forwardAndGradients()
    {
        QFETCH(bool, log);
        QFETCH(QList<int>, shape);
        QFETCH(int, axis);
        auto op = makeOp(log, axis);
        QCOMPARE(QString::fromStdString(op->type()), QString(log ? "LogSoftmax" : "Softmax"));
        QVERIFY(op->backwardNeedsOutputs());
        const Tensor x = test::randomTensor(toShape(shape), 21, -4.f, 4.f);
        const Tensor xCopy = x.clone();
        const Tensor expected = reference(x, axis, log);
        const auto y = test::runForward(*op, {x});
        QCOMPARE(y.size(), size_t(1));
        LANTERN_COMPARE_TENSORS(y[0], expected, log ? 1e-5 : 1e-6, 1e-5); // oneDNN's log is ~1e-6 off
        QCOMPARE(maxAbsDiff(x, xCopy), 0.f);

        // Every slice along the axis sums to 1 (exp of log-softmax for LogSoftmax).
        const Layout l = layout(x.shape(), axis);
        for (int64_t o = 0; o < l.outer; ++o)
            for (int64_t i = 0; i < l.inner; ++i) {
                double sum = 0;
                for (int64_t j = 0; j < l.n; ++j) {
                    const float v = y[0][(o * l.n + j) * l.inner + i];
                    sum += log ? std::exp(double(v)) : double(v);
                }
                QVERIFY2(std::fabs(sum - 1.0) < 1e-5, qPrintable(QString("slice sums to %1").arg(sum)));
            }

        // Analytic backward, from the output (what the op uses) and with the output missing (recomputed).
        const Tensor gy = test::randomTensor(x.shape(), 22);
        const Tensor gyCopy = gy.clone();
        const Tensor expectedGx = referenceGrad(x, gy, axis, log);
        LANTERN_COMPARE_TENSORS(runBackward(*op, Tensor(), y[0], gy), expectedGx, 1e-5, 1e-4);
        LANTERN_COMPARE_TENSORS(runBackward(*op, x, Tensor(), gy), expectedGx, 1e-5, 1e-4);
        QCOMPARE(maxAbsDiff(gy, gyCopy), 0.f);
        LANTERN_COMPARE_TENSORS(runBackward(*op, x, y[0], Tensor()), Tensor(x.shape()), 0, 0);

        const auto r = test::gradCheck(*op, {x});
        QVERIFY2(r.ok, r.message.c_str());
        QVERIFY(r.checked > 0);
    }

    void stableForHugeLogits_data()
    {
        QTest::addColumn<bool>("log");
        QTest::newRow("Softmax") << false;
        QTest::newRow("LogSoftmax") << true;
    }

    void stableForHugeLogits()
    {
        QFETCH(bool, log);
        auto op = makeOp(log, -1);
        const Tensor x({3, 4}, {1000.f, 1001.f, 999.f, 1000.5f,    //
                                -1000.f, -1002.f, -999.f, -1000.f, //
                                1000.f, -1000.f, 0.f, 88.f});
        const Tensor y = test::runForward(*op, {x})[0];
        for (float v : y.values())
            QVERIFY(std::isfinite(v));
        LANTERN_COMPARE_TENSORS(y, reference(x, -1, log), 1e-5, 1e-5);
        // Gradients stay finite too.
        const Tensor g = runBackward(*op, x, y, Tensor(x.shape(), 1.f));
        for (float v : g.values())
            QVERIFY(std::isfinite(v));
        LANTERN_COMPARE_TENSORS(g, referenceGrad(x, Tensor(x.shape(), 1.f), -1, log), 1e-5, 1e-4);
    }

    void axisDefaultsAndDescribe()
    {
        QCOMPARE(Softmax().params().axis, -1);
        QCOMPARE(LogSoftmax().params().axis, -1);
        QCOMPARE(QString::fromStdString(Softmax(SoftmaxParams{1}).describe()), QString("axis=1"));
        // Default axis is the last one.
        const Tensor x = test::randomTensor({2, 3, 4}, 3);
        LANTERN_COMPARE_TENSORS(test::runForward(*makeOp(false, -1), {x})[0],
                                test::runForward(*makeOp(false, 2), {x})[0], 0, 0);
        LANTERN_COMPARE_TENSORS(test::runForward(*makeOp(true, -2), {x})[0], test::runForward(*makeOp(true, 1), {x})[0],
                                0, 0);
    }

    void zeroSizedTensor()
    {
        for (bool log : {false, true}) {
            auto op = makeOp(log, 1);
            const Tensor x({0, 5});
            const Tensor y = test::runForward(*op, {x})[0];
            QCOMPARE(y.shape(), Shape({0, 5}));
            QCOMPARE(runBackward(*op, x, y, Tensor({0, 5})).shape(), Shape({0, 5}));
        }
    }

    void badInputsAreClearErrors()
    {
        for (bool log : {false, true}) {
            const std::string name = log ? "LogSoftmax" : "Softmax";
            auto op = makeOp(log, 2);
            const std::vector<Shape> rank2{{3, 4}};
            QVERIFY_THROWS_EXCEPTION(ShapeError, op->outputShapes(rank2));
            try {
                op->outputShapes(rank2);
            } catch (const ShapeError& e) {
                QVERIFY2(std::string(e.what()).find(name) != std::string::npos, e.what());
                QVERIFY2(std::string(e.what()).find("(3, 4)") != std::string::npos, e.what());
            }
            QVERIFY_THROWS_EXCEPTION(ShapeError, test::runForward(*op, {Tensor({3, 4})}));
            auto neg = makeOp(log, -3);
            QVERIFY_THROWS_EXCEPTION(ShapeError, neg->outputShapes(rank2));
            const std::vector<Shape> scalar{Shape{}};
            QVERIFY_THROWS_EXCEPTION(ShapeError, makeOp(log, -1)->outputShapes(scalar));
            QVERIFY_THROWS_EXCEPTION(ShapeError, test::runForward(*makeOp(log, 0), {Tensor(Shape{})}));
            const std::vector<Shape> two{{3}, {3}};
            QVERIFY_THROWS_EXCEPTION(ShapeError, makeOp(log, 0)->outputShapes(two));
            QVERIFY_THROWS_EXCEPTION(ArgumentError, test::runForward(*makeOp(log, 0), {Tensor()}));
            auto ok = makeOp(log, -1);
            const Tensor x = test::randomTensor({2, 3}, 1);
            const Tensor y = test::runForward(*ok, {x})[0];
            QVERIFY_THROWS_EXCEPTION(ShapeError, runBackward(*ok, x, y, Tensor({3, 2})));
            QVERIFY_THROWS_EXCEPTION(Error, runBackward(*ok, Tensor(), Tensor(), Tensor({2, 3})));
        }
    }
};

QTEST_APPLESS_MAIN(TestSoftmax)
#include "test_softmax.moc"
