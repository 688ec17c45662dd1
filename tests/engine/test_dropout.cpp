// Dropout: identity at inference, inverted dropout in training with a mask that depends only on the seed,
// mask statistics, and a backward that applies the forward's mask.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/graph.h"
#include "lantern/ops/dropout.h"

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

struct Run {
    Tensor y;
    std::unique_ptr<OpState> state;
};

Run runTraining(Dropout& op, const Tensor& x, uint64_t seed, bool keep = true)
{
    ForwardArgs f;
    std::vector<Tensor> in{x};
    f.inputs = in;
    f.mode = Mode::Training;
    f.keepForBackward = keep;
    f.seed = seed;
    op.forward(f);
    return {f.outputs.at(0), std::move(f.state)};
}

Tensor runBackward(Dropout& op, const Tensor& x, const Tensor& y, const Tensor& gy, Mode mode, const OpState* state)
{
    std::vector<Tensor> in{x}, out{y}, gout{gy};
    BackwardArgs b;
    b.inputs = in;
    b.outputs = out;
    b.gradOutputs = gout;
    b.needInputGrad = {true};
    b.gradInputs.resize(1);
    b.mode = mode;
    b.state = state;
    op.backward(b);
    return b.gradInputs[0];
}

/// Input with no zeros, so a zero in the output means "dropped".
Tensor nonZero(const Shape& shape, uint64_t seed)
{
    return test::distinctTensor(shape, seed, 0.05f, true);
}

int64_t countDifferent(const Tensor& a, const Tensor& b)
{
    int64_t n = 0;
    for (int64_t i = 0; i < a.size(); ++i)
        n += (a[i] == 0.f) != (b[i] == 0.f);
    return n;
}

} // namespace

class TestDropout : public QObject {
    Q_OBJECT

private slots:
    void inferenceIsIdentity_data()
    {
        QTest::addColumn<QList<int>>("shape");
        QTest::addColumn<double>("ratio");
        QTest::newRow("scalar") << QList<int>{} << 0.5;
        QTest::newRow("2d") << QList<int>{3, 7} << 0.2;
        QTest::newRow("4d odd") << QList<int>{2, 3, 5, 5} << 0.9;
        QTest::newRow("5d") << QList<int>{1, 2, 3, 2, 3} << 0.5;
    }

    void inferenceIsIdentity()
    {
        QFETCH(QList<int>, shape);
        QFETCH(double, ratio);
        Dropout op(DropoutParams{float(ratio)});
        const Tensor x = test::randomTensor(toShape(shape), 1);
        const std::vector<Shape> in{x.shape()};
        QCOMPARE(op.outputShapes(in)[0], x.shape());
        const Tensor y = test::runForward(op, {x}, Mode::Inference)[0];
        QVERIFY(y.sharesStorageWith(x));
        LANTERN_COMPARE_TENSORS(y, x, 0, 0);
        const Tensor gy = test::randomTensor(x.shape(), 2);
        LANTERN_COMPARE_TENSORS(runBackward(op, x, y, gy, Mode::Inference, nullptr), gy, 0, 0);
        LANTERN_COMPARE_TENSORS(runBackward(op, x, y, Tensor(), Mode::Inference, nullptr), Tensor(x.shape()), 0, 0);
        const auto r = test::gradCheck(op, {x});
        QVERIFY2(r.ok, r.message.c_str());
    }

    void trainingMaskStatistics_data()
    {
        QTest::addColumn<double>("ratio");
        QTest::newRow("p=0.1") << 0.1;
        QTest::newRow("p=0.3") << 0.3;
        QTest::newRow("p=0.5") << 0.5;
        QTest::newRow("p=0.8") << 0.8;
    }

    void trainingMaskStatistics()
    {
        QFETCH(double, ratio);
        Dropout op(DropoutParams{float(ratio)});
        const int64_t n = 1000 * 1000;
        const Tensor x({1000, 1000}, 1.f);
        const Tensor y = runTraining(op, x, 1234, false).y;
        const double scale = 1.0 / (1.0 - ratio);
        int64_t dropped = 0, bothDropped = 0;
        double sum = 0;
        for (int64_t i = 0; i < n; ++i) {
            if (y[i] == 0.f) {
                ++dropped;
                if (i > 0 && y[i - 1] == 0.f)
                    ++bothDropped;
            } else if (std::fabs(y[i] - scale) > 1e-6 * scale) {
                QFAIL(qPrintable(QString("kept value %1, expected %2").arg(y[i]).arg(scale)));
            }
            sum += y[i];
        }
        const double frac = double(dropped) / double(n);
        const double sigma = std::sqrt(ratio * (1 - ratio) / double(n));
        QVERIFY2(std::fabs(frac - ratio) < 5 * sigma, qPrintable(QString("dropped fraction %1").arg(frac)));
        // Neighbours are independent: P(both dropped) ~ p^2.
        const double pairs = double(bothDropped) / double(n - 1);
        QVERIFY2(std::fabs(pairs - ratio * ratio) < 0.005, qPrintable(QString("pair fraction %1").arg(pairs)));
        // Inverted dropout keeps the expectation.
        const double mean = sum / double(n);
        QVERIFY2(std::fabs(mean - 1.0) < 5 * std::sqrt(ratio / (1 - ratio) / double(n)),
                 qPrintable(QString("mean %1").arg(mean)));
    }

    void sameSeedSameMask()
    {
        const Tensor x = nonZero({64, 65}, 3);
        Dropout a(DropoutParams{0.4f}), b(DropoutParams{0.4f});
        const Tensor y1 = runTraining(a, x, 77).y;
        const Tensor y2 = runTraining(a, x, 77).y;
        const Tensor y3 = runTraining(b, x, 77).y; // another instance, same seed
        LANTERN_COMPARE_TENSORS(y2, y1, 0, 0);
        LANTERN_COMPARE_TENSORS(y3, y1, 0, 0);
        // Different seeds (even adjacent ones) give different masks: ~2p(1-p) of elements differ.
        const double expectedDiff = 2 * 0.4 * 0.6 * double(x.size());
        for (uint64_t other : {78ull, 76ull, 77ull ^ (1ull << 63), 0ull}) {
            const Tensor z = runTraining(a, x, other).y;
            const double diff = double(countDifferent(y1, z));
            QVERIFY2(std::fabs(diff - expectedDiff) < 0.15 * expectedDiff,
                     qPrintable(
                         QString("seed %1: %2 elements differ, expected ~%3").arg(other).arg(diff).arg(expectedDiff)));
        }
    }

    void gradientUsesTheMask_data()
    {
        QTest::addColumn<QList<int>>("shape");
        QTest::addColumn<double>("ratio");
        QTest::newRow("1d p=0.5") << QList<int>{31} << 0.5;
        QTest::newRow("3d p=0.25") << QList<int>{3, 5, 7} << 0.25;
        QTest::newRow("4d p=0.7") << QList<int>{2, 3, 4, 5} << 0.7;
        QTest::newRow("p=0 keeps all") << QList<int>{4, 6} << 0.0;
    }

    void gradientUsesTheMask()
    {
        QFETCH(QList<int>, shape);
        QFETCH(double, ratio);
        Dropout op(DropoutParams{float(ratio)});
        const Tensor x = nonZero(toShape(shape), 5);
        Run run = runTraining(op, x, 99);
        QVERIFY(run.state);
        const double scale = 1.0 / (1.0 - ratio);
        Tensor expectedY(x.shape());
        const Tensor gy = test::randomTensor(x.shape(), 6);
        Tensor expectedGx(x.shape());
        for (int64_t i = 0; i < x.size(); ++i) {
            const bool kept = run.y[i] != 0.f;
            expectedY[i] = kept ? static_cast<float>(x[i] * scale) : 0.f;
            expectedGx[i] = kept ? static_cast<float>(gy[i] * scale) : 0.f;
        }
        LANTERN_COMPARE_TENSORS(run.y, expectedY, 1e-6, 1e-6);
        if (ratio == 0.0)
            LANTERN_COMPARE_TENSORS(run.y, x, 0, 0);
        const Tensor gx = runBackward(op, x, run.y, gy, Mode::Training, run.state.get());
        LANTERN_COMPARE_TENSORS(gx, expectedGx, 1e-6, 1e-6);
        LANTERN_COMPARE_TENSORS(runBackward(op, x, run.y, Tensor(), Mode::Training, run.state.get()), Tensor(x.shape()),
                                0, 0);

        test::GradCheckOptions o;
        o.mode = Mode::Training;
        o.seed = 99;
        const auto r = test::gradCheck(op, {x}, o);
        QVERIFY2(r.ok, r.message.c_str());
        QVERIFY(r.checked > 0);
    }

    void ratioOneDropsEverything()
    {
        Dropout op(DropoutParams{1.f});
        const Tensor x = nonZero({5, 5}, 1);
        Run run = runTraining(op, x, 3);
        LANTERN_COMPARE_TENSORS(run.y, Tensor(x.shape()), 0, 0);
        LANTERN_COMPARE_TENSORS(runBackward(op, x, run.y, Tensor(x.shape(), 1.f), Mode::Training, run.state.get()),
                                Tensor(x.shape()), 0, 0);
    }

    void graphSeedControlsTheMask()
    {
        auto masks = [](uint64_t seed) {
            Graph g;
            g.addInput("x", {-1, 50});
            g.addNode("drop", std::make_unique<Dropout>(DropoutParams{0.5f}), {"x"}, {"y"});
            g.addOutput("y");
            ForwardOptions fo;
            fo.mode = Mode::Training;
            fo.seed = seed;
            return g.forward({{"x", Tensor({4, 50}, 1.f)}}, fo).value("y").clone();
        };
        const Tensor a = masks(5), b = masks(5), c = masks(6);
        LANTERN_COMPARE_TENSORS(a, b, 0, 0);
        QVERIFY(countDifferent(a, c) > 20);
    }

    void paramsAndDescribe()
    {
        Dropout op;
        QCOMPARE(QString::fromStdString(op.type()), QString("Dropout"));
        QCOMPARE(op.params().ratio, 0.5f);
        QCOMPARE(QString::fromStdString(Dropout(DropoutParams{0.25f}).describe()), QString("p=0.25"));
        QVERIFY(!op.backwardNeedsOutputs());
    }

    void badInputsAreClearErrors()
    {
        QVERIFY_THROWS_EXCEPTION(ArgumentError, Dropout(DropoutParams{-0.1f}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, Dropout(DropoutParams{1.5f}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, Dropout(DropoutParams{std::nanf("")}));
        try {
            Dropout(DropoutParams{2.f});
        } catch (const ArgumentError& e) {
            QVERIFY2(std::string(e.what()).find("Dropout") != std::string::npos, e.what());
        }
        Dropout op;
        const std::vector<Shape> two{{2}, {2}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(two));
        QVERIFY_THROWS_EXCEPTION(ShapeError, test::runForward(op, {Tensor({2}), Tensor({2})}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, test::runForward(op, {Tensor()}, Mode::Training));
        const Tensor x = nonZero({3, 4}, 2);
        // Training backward without the forward's state.
        QVERIFY_THROWS_EXCEPTION(Error, runBackward(op, x, x, Tensor({3, 4}), Mode::Training, nullptr));
        Run run = runTraining(op, x, 1);
        QVERIFY_THROWS_EXCEPTION(ShapeError,
                                 runBackward(op, x, run.y, Tensor({4, 3}), Mode::Training, run.state.get()));
        // No state is kept when no backward follows.
        QVERIFY(!runTraining(op, x, 1, false).state);
    }
};

QTEST_APPLESS_MAIN(TestDropout)
#include "test_dropout.moc"
