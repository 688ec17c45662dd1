// Element-wise activations (Relu, LeakyRelu, Elu, Sigmoid, Tanh, Softplus, Gelu) and Identity: forward against std::
// math, backward against the analytic derivative and finite differences, backward from the output alone (the executor
// fuses a producer into Relu), and clear errors for misuse.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/graph.h"
#include "lantern/ops/conv2d.h"
#include "lantern/ops/elu.h"
#include "lantern/ops/gelu.h"
#include "lantern/ops/identity.h"
#include "lantern/ops/leaky_relu.h"
#include "lantern/ops/relu.h"
#include "lantern/ops/sigmoid.h"
#include "lantern/ops/softplus.h"
#include "lantern/ops/tanh.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

using namespace lantern;

namespace {

const double kDefault = std::numeric_limits<double>::quiet_NaN();

/// alpha NaN: the op's default parameters.
std::unique_ptr<Op> makeOp(const QString& name, double alpha)
{
    const bool def = std::isnan(alpha);
    if (name == "Relu")
        return std::make_unique<Relu>();
    if (name == "LeakyRelu")
        return def ? std::make_unique<LeakyRelu>() : std::make_unique<LeakyRelu>(LeakyReluParams{float(alpha)});
    if (name == "Elu")
        return def ? std::make_unique<Elu>() : std::make_unique<Elu>(EluParams{float(alpha)});
    if (name == "Sigmoid")
        return std::make_unique<Sigmoid>();
    if (name == "Tanh")
        return std::make_unique<Tanh>();
    if (name == "Softplus")
        return std::make_unique<Softplus>();
    if (name == "Gelu")
        return def ? std::make_unique<Gelu>() : std::make_unique<Gelu>(GeluParams{alpha != 0.0});
    return nullptr;
}

double effectiveAlpha(const QString& name, double alpha)
{
    if (!std::isnan(alpha))
        return alpha;
    if (name == "Gelu")
        return 0.0;                          // exact (erf) form
    return name == "LeakyRelu" ? 0.01 : 1.0; // ONNX defaults
}

double refForward(const QString& name, double a, double x)
{
    if (name == "Relu")
        return std::max(x, 0.0);
    if (name == "LeakyRelu")
        return x > 0 ? x : a * x;
    if (name == "Elu")
        return x > 0 ? x : a * std::expm1(x);
    if (name == "Sigmoid")
        return 1.0 / (1.0 + std::exp(-x));
    if (name == "Softplus")
        return std::log1p(std::exp(x));
    if (name == "Gelu") {
        if (a != 0.0) // tanh approximation
            return 0.5 * x * (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
        return 0.5 * x * std::erfc(-x / std::sqrt(2.0));
    }
    return std::tanh(x);
}

double refDerivative(const QString& name, double a, double x)
{
    if (name == "Relu")
        return x > 0 ? 1.0 : 0.0;
    if (name == "LeakyRelu")
        return x > 0 ? 1.0 : a;
    if (name == "Elu")
        return x > 0 ? 1.0 : a * std::exp(x);
    if (name == "Sigmoid") {
        const double s = 1.0 / (1.0 + std::exp(-x));
        return s * (1 - s);
    }
    if (name == "Softplus")
        return 1.0 / (1.0 + std::exp(-x));
    if (name == "Gelu") {
        if (a != 0.0) {
            const double k = std::sqrt(2 / M_PI), u = k * (x + 0.044715 * x * x * x), t = std::tanh(u);
            return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * 0.044715 * x * x);
        }
        return 0.5 * std::erfc(-x / std::sqrt(2.0)) + x * std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI);
    }
    const double t = std::tanh(x);
    return 1 - t * t;
}

Shape toShape(const QList<int>& dims)
{
    Shape s;
    for (int d : dims)
        s.push_back(d);
    return s;
}

/// Uniform in [-3, 3] with no value closer than 0.05 to the kink at 0 (finite differences use eps 0.01).
Tensor kinkFree(const Shape& shape, uint64_t seed)
{
    Tensor t = test::randomTensor(shape, seed, -3.f, 3.f);
    for (auto& v : t.values())
        if (std::fabs(v) < 0.05f)
            v = v < 0 ? v - 0.05f : v + 0.05f;
    return t;
}

/// Runs backward with the given forward input/output (either may be empty) and returns gradInputs[0].
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

const QStringList kOps{"Relu", "LeakyRelu", "Elu", "Sigmoid", "Tanh", "Softplus", "Gelu"};

} // namespace

class TestActivations : public QObject {
    Q_OBJECT

private slots:
    void forwardAndGradients_data()
    {
        QTest::addColumn<QString>("op");
        QTest::addColumn<QList<int>>("shape");
        QTest::addColumn<double>("alpha");
        const QList<QList<int>> shapes{{}, {7}, {3, 5}, {2, 3, 5}, {2, 3, 4, 5}, {1, 2, 3, 3, 2}, {4, 16, 9, 9}};
        for (const QString& op : kOps)
            for (const auto& s : shapes) {
                QString dims;
                for (int d : s)
                    dims += (dims.isEmpty() ? "" : "x") + QString::number(d);
                const QByteArray name = (op + " " + (dims.isEmpty() ? "scalar" : dims)).toUtf8();
                QTest::newRow(name.constData()) << op << s << kDefault;
            }
        QTest::newRow("LeakyRelu alpha 0.2") << QString("LeakyRelu") << QList<int>{3, 7} << 0.2;
        QTest::newRow("LeakyRelu alpha 0") << QString("LeakyRelu") << QList<int>{3, 7} << 0.0;
        QTest::newRow("LeakyRelu negative alpha") << QString("LeakyRelu") << QList<int>{2, 3, 5} << -0.3;
        QTest::newRow("LeakyRelu alpha 1.5") << QString("LeakyRelu") << QList<int>{31} << 1.5;
        QTest::newRow("Elu alpha 0.5") << QString("Elu") << QList<int>{2, 9} << 0.5;
        QTest::newRow("Elu alpha 2") << QString("Elu") << QList<int>{5, 1, 3} << 2.0;
        QTest::newRow("Elu negative alpha") << QString("Elu") << QList<int>{2, 3, 5} << -0.5;
        QTest::newRow("Gelu tanh approximation") << QString("Gelu") << QList<int>{3, 17} << 1.0;
    }

    void forwardAndGradients()
    {
        QFETCH(QString, op);
        QFETCH(QList<int>, shape);
        QFETCH(double, alpha);
        auto layer = makeOp(op, alpha);
        QVERIFY(layer);
        QCOMPARE(QString::fromStdString(layer->type()), op);
        const double a = effectiveAlpha(op, alpha);
        const Tensor x = kinkFree(toShape(shape), 17);
        const Tensor xCopy = x.clone();

        Tensor expected(x.shape()), derivative(x.shape());
        for (int64_t i = 0; i < x.size(); ++i) {
            expected[i] = static_cast<float>(refForward(op, a, x[i]));
            derivative[i] = static_cast<float>(refDerivative(op, a, x[i]));
        }
        const auto y = test::runForward(*layer, {x});
        QCOMPARE(y.size(), size_t(1));
        LANTERN_COMPARE_TENSORS(y[0], expected, 1e-6, 1e-5);
        QCOMPARE(maxAbsDiff(x, xCopy), 0.f); // input untouched

        // Training-flavoured forward gives the same values.
        ForwardArgs fa;
        std::vector<Tensor> in{x};
        fa.inputs = in;
        fa.mode = Mode::Training;
        fa.keepForBackward = true;
        layer->forward(fa);
        LANTERN_COMPARE_TENSORS(fa.outputs[0], expected, 1e-6, 1e-5);

        // Analytic backward from both sources, against the reference derivative.
        const Tensor gy = test::randomTensor(x.shape(), 5);
        const Tensor gyCopy = gy.clone();
        Tensor expectedGx(x.shape());
        for (int64_t i = 0; i < x.size(); ++i)
            expectedGx[i] = gy[i] * derivative[i];
        LANTERN_COMPARE_TENSORS(runBackward(*layer, x, fa.outputs[0], gy), expectedGx, 1e-6, 1e-5);
        LANTERN_COMPARE_TENSORS(runBackward(*layer, x, Tensor(), gy), expectedGx, 1e-6, 1e-5);
        if (layer->backwardNeedsOutputs())
            LANTERN_COMPARE_TENSORS(runBackward(*layer, Tensor(), fa.outputs[0], gy), expectedGx, 1e-5, 1e-4);
        QCOMPARE(maxAbsDiff(gy, gyCopy), 0.f); // gradOutputs untouched

        const auto r = test::gradCheck(*layer, {x});
        QVERIFY2(r.ok, r.message.c_str());
        QVERIFY(r.checked > 0);
    }

    void backwardNeedsOutputsWhereOneDnnAllowsIt()
    {
        QVERIFY(Relu().backwardNeedsOutputs());
        QVERIFY(Sigmoid().backwardNeedsOutputs());
        QVERIFY(Tanh().backwardNeedsOutputs());
        QVERIFY(LeakyRelu().backwardNeedsOutputs());
        QVERIFY(Elu().backwardNeedsOutputs());
        QVERIFY(!LeakyRelu(LeakyReluParams{-0.2f}).backwardNeedsOutputs());
        QVERIFY(!Elu(EluParams{-1.f}).backwardNeedsOutputs());
        QVERIFY(!Identity().backwardNeedsOutputs());
        QCOMPARE(LeakyRelu().params().alpha, 0.01f);
        QCOMPARE(Elu().params().alpha, 1.f);
        QCOMPARE(QString::fromStdString(LeakyRelu(LeakyReluParams{0.25f}).describe()), QString("alpha=0.25"));
    }

    void reluBackwardUsesOnlyOutputs()
    {
        // The output as a fused producer would deliver it; this Relu never ran forward.
        Tensor y = test::randomTensor({3, 4, 5}, 2);
        for (int64_t i = 0; i < y.size(); ++i)
            y[i] = i % 3 == 0 ? 0.f : std::fabs(y[i]) + 0.1f;
        const Tensor gy = test::randomTensor(y.shape(), 3);
        Tensor expected(y.shape());
        for (int64_t i = 0; i < y.size(); ++i)
            expected[i] = y[i] > 0 ? gy[i] : 0.f;

        Relu relu;
        LANTERN_COMPARE_TENSORS(runBackward(relu, Tensor(), y, gy), expected, 0, 0);
        // An input that disagrees with the output is ignored: the output decides.
        const Tensor misleading(y.shape(), -1.f);
        LANTERN_COMPARE_TENSORS(runBackward(relu, misleading, y, gy), expected, 0, 0);

        // Exact zeros in the input give zero gradient (y == 0).
        const Tensor x({4}, {-1.f, 0.f, 0.5f, 2.f});
        const Tensor yx = test::runForward(relu, {x})[0];
        const Tensor g = runBackward(relu, x, yx, Tensor({4}, 1.f));
        LANTERN_COMPARE_TENSORS(g, Tensor({4}, {0.f, 0.f, 1.f, 1.f}), 0, 0);
    }

    void fusedReluInGraphGivesSameGradients()
    {
        for (bool fuse : {true, false}) {
            Graph g;
            g.addInput("x", {-1, 3, 6, 6});
            auto conv = std::make_unique<Conv2D>(Conv2DParams{.inChannels = 3,
                                                              .outChannels = 4,
                                                              .kernelH = 3,
                                                              .kernelW = 3,
                                                              .padTop = 1,
                                                              .padLeft = 1,
                                                              .padBottom = 1,
                                                              .padRight = 1});
            test::randomizeParameters(*conv, 4);
            g.addNode("conv", std::move(conv), {"x"}, {"c"});
            g.addNode("relu", std::make_unique<Relu>(), {"c"}, {"r"});
            g.addOutput("r");
            const Tensor x = test::randomTensor({2, 3, 6, 6}, 8);
            ForwardOptions fo;
            fo.keepForBackward = true;
            fo.fuse = fuse;
            Execution ex = g.forward({{"x", x}}, fo);
            QCOMPARE(ex.has("c"), !fuse);
            const Tensor seed = test::randomTensor(ex.value("r").shape(), 9);
            const Tensor gx = g.backward(ex, {{"r", seed}})["x"];

            // Reference: unfused ops run by hand.
            Conv2D& c = dynamic_cast<Conv2D&>(*g.node("conv").op);
            const Tensor pre = test::runForward(c, {x})[0];
            Tensor gPre(pre.shape());
            for (int64_t i = 0; i < pre.size(); ++i)
                gPre[i] = pre[i] > 0 ? seed[i] : 0.f;
            std::vector<Tensor> in{x}, out{pre}, gout{gPre};
            BackwardArgs b;
            b.inputs = in;
            b.outputs = out;
            b.gradOutputs = gout;
            b.needInputGrad = {true};
            b.gradInputs.resize(1);
            c.backward(b);
            LANTERN_COMPARE_TENSORS(gx, b.gradInputs[0], 1e-5, 1e-4);
        }
    }

    void emptyGradOutputMeansZero()
    {
        for (const QString& name : kOps) {
            auto op = makeOp(name, kDefault);
            const Tensor x = kinkFree({2, 3}, 1);
            const Tensor y = test::runForward(*op, {x})[0];
            const Tensor g = runBackward(*op, x, y, Tensor());
            LANTERN_COMPARE_TENSORS(g, Tensor({2, 3}), 0, 0);
        }
    }

    void zeroSizedTensors()
    {
        for (const QString& name : kOps) {
            auto op = makeOp(name, kDefault);
            const Tensor x({0, 3});
            const auto y = test::runForward(*op, {x});
            QCOMPARE(y[0].shape(), Shape({0, 3}));
            QCOMPARE(runBackward(*op, x, y[0], Tensor({0, 3})).shape(), Shape({0, 3}));
        }
    }

    void badInputsAreClearErrors()
    {
        for (const QString& name : kOps) {
            auto op = makeOp(name, kDefault);
            const std::vector<Shape> two{{2, 3}, {2, 3}};
            QVERIFY_THROWS_EXCEPTION(ShapeError, op->outputShapes(two));
            const std::vector<Shape> none;
            QVERIFY_THROWS_EXCEPTION(ShapeError, op->outputShapes(none));
            const Tensor a({2, 3}), b({2, 3});
            QVERIFY_THROWS_EXCEPTION(ShapeError, test::runForward(*op, {a, b}));
            QVERIFY_THROWS_EXCEPTION(ArgumentError, test::runForward(*op, {Tensor()}));
            const Tensor y = test::runForward(*op, {a})[0];
            QVERIFY_THROWS_EXCEPTION(ShapeError, runBackward(*op, a, y, Tensor({3, 2})));
            QVERIFY_THROWS_EXCEPTION(Error, runBackward(*op, Tensor(), Tensor(), Tensor({2, 3})));
            try {
                op->outputShapes(two);
            } catch (const ShapeError& e) {
                QVERIFY2(std::string(e.what()).find(name.toStdString()) != std::string::npos, e.what());
            }
        }
        QVERIFY_THROWS_EXCEPTION(ArgumentError, LeakyRelu(LeakyReluParams{std::nanf("")}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, Elu(EluParams{std::numeric_limits<float>::infinity()}));
        // Negative alpha: backward needs the input, so the output alone is not enough.
        LeakyRelu neg(LeakyReluParams{-0.5f});
        QVERIFY_THROWS_EXCEPTION(Error, runBackward(neg, Tensor(), Tensor({2}, 1.f), Tensor({2}, 1.f)));
    }

    void identityPassesThrough_data()
    {
        QTest::addColumn<QList<int>>("shape");
        QTest::newRow("scalar") << QList<int>{};
        QTest::newRow("1d") << QList<int>{5};
        QTest::newRow("4d odd") << QList<int>{2, 3, 5, 7};
        QTest::newRow("5d") << QList<int>{1, 2, 3, 1, 4};
    }

    void identityPassesThrough()
    {
        QFETCH(QList<int>, shape);
        Identity op;
        QCOMPARE(QString::fromStdString(op.type()), QString("Identity"));
        const Tensor x = test::randomTensor(toShape(shape), 4);
        const std::vector<Shape> in{x.shape()};
        QCOMPARE(op.outputShapes(in)[0], x.shape());
        const Tensor y = test::runForward(op, {x})[0];
        QVERIFY(y.sharesStorageWith(x));
        QCOMPARE(y.shape(), x.shape());
        LANTERN_COMPARE_TENSORS(y, x, 0, 0);
        const Tensor gy = test::randomTensor(x.shape(), 6);
        const Tensor gx = runBackward(op, x, y, gy);
        LANTERN_COMPARE_TENSORS(gx, gy, 0, 0);
        LANTERN_COMPARE_TENSORS(runBackward(op, x, y, Tensor()), Tensor(x.shape()), 0, 0);
        const auto r = test::gradCheck(op, {x});
        QVERIFY2(r.ok, r.message.c_str());
    }

    void identityBadInputs()
    {
        Identity op;
        const std::vector<Shape> two{{2}, {2}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(two));
        QVERIFY_THROWS_EXCEPTION(ShapeError, test::runForward(op, {Tensor({2}), Tensor({2})}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, test::runForward(op, {Tensor()}));
        QVERIFY_THROWS_EXCEPTION(ShapeError, runBackward(op, Tensor({2, 3}), Tensor({2, 3}), Tensor({3, 2})));
    }
};

QTEST_APPLESS_MAIN(TestActivations)
#include "test_activations.moc"
