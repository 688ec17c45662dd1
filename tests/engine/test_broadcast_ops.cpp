// Add, Sub, Mul, Div with numpy broadcasting: forward against a plain-loop reference in double,
// gradients (reduced over broadcast dimensions) by finite differences, constant operands, bad shapes.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/ops/add.h"
#include "lantern/ops/div.h"
#include "lantern/ops/mul.h"
#include "lantern/ops/sub.h"

#include <QtTest>

#include <functional>

using namespace lantern;

namespace {

Shape toShape(const QList<int>& l)
{
    return Shape(l.begin(), l.end());
}

std::unique_ptr<BroadcastBinaryOp> makeOp(int kind)
{
    switch (kind) {
    case 0:
        return std::make_unique<Add>();
    case 1:
        return std::make_unique<Sub>();
    case 2:
        return std::make_unique<Mul>();
    default:
        return std::make_unique<Div>();
    }
}

double apply(int kind, double a, double b)
{
    switch (kind) {
    case 0:
        return a + b;
    case 1:
        return a - b;
    case 2:
        return a * b;
    default:
        return a / b;
    }
}

/// Plain numpy broadcasting: right-align, every dimension equal or 1.
Tensor reference(int kind, const Tensor& a, const Tensor& b)
{
    const size_t rank = std::max(a.shape().size(), b.shape().size());
    auto pad = [rank](Shape s) {
        s.insert(s.begin(), rank - s.size(), 1);
        return s;
    };
    const Shape sa = pad(a.shape()), sb = pad(b.shape());
    Shape out(rank);
    for (size_t i = 0; i < rank; ++i)
        out[i] = std::max(sa[i], sb[i]);
    Tensor y(out);
    std::vector<int64_t> idx(rank);
    for (int64_t o = 0; o < y.size(); ++o) {
        int64_t f = o;
        for (size_t i = rank; i-- > 0;) {
            idx[i] = f % out[i];
            f /= out[i];
        }
        int64_t ia = 0, ib = 0;
        for (size_t i = 0; i < rank; ++i) {
            ia = ia * sa[i] + (sa[i] == 1 ? 0 : idx[i]);
            ib = ib * sb[i] + (sb[i] == 1 ? 0 : idx[i]);
        }
        y[o] = static_cast<float>(apply(kind, a[ia], b[ib]));
    }
    return y;
}

Tensor operandB(int kind, const Shape& shape, uint64_t seed)
{
    if (kind != 3)
        return test::randomTensor(shape, seed);
    Tensor b = test::randomTensor(shape, seed, 1.f, 2.f); // away from zero for Div
    for (int64_t i = 0; i < b.size(); i += 2)
        b[i] = -b[i];
    return b;
}

const char* const kNames[] = {"Add", "Sub", "Mul", "Div"};

} // namespace

class TestBroadcastOps : public QObject {
    Q_OBJECT

private slots:
    void forwardAndGradients_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QList<int>>("a");
        QTest::addColumn<QList<int>>("b");
        const std::vector<std::tuple<const char*, QList<int>, QList<int>>> shapes{
            {"same shape", {2, 3, 4}, {2, 3, 4}},
            {"b trailing", {2, 3, 5}, {5}},
            {"a trailing", {5}, {2, 3, 5}},
            {"both broadcast", {2, 1, 4}, {1, 3, 1}},
            {"outer product", {3, 1}, {1, 5}},
            {"scalar a", {}, {2, 3}},
            {"scalar b", {2, 3}, {}},
            {"size-1 vs 5", {1}, {5}},
            {"channel bias", {2, 3, 4, 5}, {3, 1, 1}},
            {"channel bias on a", {1, 3, 1, 1}, {2, 3, 5, 7}},
            {"rank5 mixed", {2, 1, 3, 1, 2}, {3, 4, 2}},
            {"scalars", {}, {}},
        };
        for (int kind = 0; kind < 4; ++kind)
            for (const auto& [name, a, b] : shapes)
                QTest::addRow("%s %s", kNames[kind], name) << kind << a << b;
    }

    void forwardAndGradients()
    {
        QFETCH(int, kind);
        QFETCH(QList<int>, a);
        QFETCH(QList<int>, b);
        auto op = makeOp(kind);
        QCOMPARE(op->type(), std::string(kNames[kind]));
        const Tensor x = test::randomTensor(toShape(a), 3);
        const Tensor y = operandB(kind, toShape(b), 4);
        const Tensor xBefore = x.clone(), yBefore = y.clone();
        const auto out = test::runForward(*op, {x, y});
        QCOMPARE(out.size(), size_t(1));
        const Tensor expected = reference(kind, x, y);
        LANTERN_COMPARE_TENSORS(out[0], expected, 1e-6, 1e-6);
        const std::vector<Shape> shapes{x.shape(), y.shape()};
        QCOMPARE(op->outputShapes(shapes)[0], expected.shape());
        LANTERN_COMPARE_TENSORS(x, xBefore, 0, 0);
        LANTERN_COMPARE_TENSORS(y, yBefore, 0, 0);

        const auto r = test::gradCheck(*op, {x, y});
        QVERIFY2(r.ok, r.message.c_str());
        QVERIFY(r.checked > 0);
    }

    void onlyOneInputGradientAsked()
    {
        Div op;
        const Tensor a = test::randomTensor({2, 3}, 1);
        const Tensor b = operandB(3, {3}, 2);
        const std::vector<Tensor> inputs{a, b};
        const Tensor gy = test::randomTensor({2, 3}, 5);
        BackwardArgs args;
        args.inputs = inputs;
        args.gradOutputs = std::span<const Tensor>(&gy, 1);
        args.needInputGrad = {false, true};
        args.gradInputs.resize(2);
        op.backward(args);
        QVERIFY(args.gradInputs[0].isEmpty());
        QCOMPARE(args.gradInputs[1].shape(), Shape{3});
        for (int64_t j = 0; j < 3; ++j) {
            double expected = 0;
            for (int64_t i = 0; i < 2; ++i)
                expected -= double(gy[i * 3 + j]) * a[i * 3 + j] / (double(b[j]) * b[j]);
            QVERIFY(std::fabs(args.gradInputs[1][j] - expected) < 1e-5);
        }
    }

    void constantOperand_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("trainable");
        for (int kind = 0; kind < 4; ++kind) {
            QTest::addRow("%s fixed", kNames[kind]) << kind << false;
            QTest::addRow("%s trainable", kNames[kind]) << kind << true;
        }
    }

    void constantOperand()
    {
        QFETCH(int, kind);
        QFETCH(bool, trainable);
        const Tensor c = operandB(kind, {3, 1, 1}, 8);
        std::unique_ptr<BroadcastBinaryOp> op;
        switch (kind) {
        case 0:
            op = std::make_unique<Add>(c.clone(), trainable);
            break;
        case 1:
            op = std::make_unique<Sub>(c.clone(), trainable);
            break;
        case 2:
            op = std::make_unique<Mul>(c.clone(), trainable);
            break;
        default:
            op = std::make_unique<Div>(c.clone(), trainable);
            break;
        }
        QVERIFY(op->constant() != nullptr);
        QCOMPARE(op->parameters().size(), size_t(1));
        QCOMPARE(op->parameterCount(), trainable ? int64_t(3) : int64_t(0));
        const Tensor x = test::randomTensor({2, 3, 4, 5}, 9);
        const std::vector<Shape> one{x.shape()};
        QCOMPARE(op->outputShapes(one)[0], x.shape());
        LANTERN_COMPARE_TENSORS(test::runForward(*op, {x})[0], reference(kind, x, c), 1e-6, 1e-6);
        const auto r = test::gradCheck(*op, {x});
        QVERIFY2(r.ok, r.message.c_str());
        if (!trainable)
            QVERIFY(op->constant()->grad.isEmpty());
        const std::vector<Shape> two{x.shape(), x.shape()};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op->outputShapes(two));
    }

    void badShapesAreClearErrors()
    {
        Add add;
        const std::vector<Shape> mismatch{{2, 3}, {4}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, add.outputShapes(mismatch));
        try {
            add.outputShapes(mismatch);
        } catch (const ShapeError& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find("Add") != std::string::npos && msg.find("(2, 3)") != std::string::npos &&
                         msg.find("(4)") != std::string::npos,
                     e.what());
        }
        Mul mul;
        const std::vector<Shape> swapped{{2, 3}, {3, 2}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, mul.outputShapes(swapped));
        const std::vector<Shape> one{{2, 3}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, mul.outputShapes(one));
        Sub sub;
        const std::vector<Tensor> bad{Tensor({2, 3, 4}), Tensor({2, 4, 4})};
        QVERIFY_THROWS_EXCEPTION(ShapeError, test::runForward(sub, bad));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, Div(Tensor(), false));
        Add bias(Tensor({4}));
        const std::vector<Shape> wrongForConstant{{2, 5}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, bias.outputShapes(wrongForConstant));
    }
};

QTEST_APPLESS_MAIN(TestBroadcastOps)
#include "test_broadcast_ops.moc"
