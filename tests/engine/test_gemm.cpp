// Gemm: forward against a plain triple loop (transposes, alpha/beta, every bias form), backward (input,
// weight, bias) against finite differences, fused ReLU, weight re-packing and shape errors.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/ops/gemm.h"

#include <QtTest>

using namespace lantern;

namespace {

/// Y = alpha * op(A) op(B) + beta * C with C broadcast from (M), (1, M) or a single value.
Tensor referenceGemm(const Tensor& a, const Tensor& b, const Tensor* c, const GemmParams& p)
{
    const int64_t n = p.transA ? a.dim(1) : a.dim(0);
    const int64_t k = p.inFeatures, m = p.outFeatures;
    Tensor y({n, m});
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < m; ++j) {
            double acc = 0;
            for (int64_t l = 0; l < k; ++l) {
                const double av = p.transA ? a.at({l, i}) : a.at({i, l});
                const double bv = p.transB ? b.at({j, l}) : b.at({l, j});
                acc += av * bv;
            }
            double bias = 0;
            if (c)
                bias = c->size() == 1 ? (*c)[0] : (*c)[j];
            y.at({i, j}) = static_cast<float>(p.alpha * acc + p.beta * bias);
        }
    return y;
}

Shape biasShapeFor(int form, int64_t m)
{
    switch (form) {
    case 2:
        return {1, m};
    case 3:
        return {1};
    case 4:
        return {1, 1};
    default:
        return {};
    }
}

} // namespace

class TestGemm : public QObject {
    Q_OBJECT

private slots:
    void forwardAndGradients_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("m");
        QTest::addColumn<bool>("transA");
        QTest::addColumn<bool>("transB");
        QTest::addColumn<double>("alpha");
        QTest::addColumn<double>("beta");
        QTest::addColumn<int>("biasForm"); // 0 none, 1 (M), 2 (1, M), 3 (1), 4 (1, 1)
        QTest::newRow("plain") << 4 << 6 << 5 << false << false << 1.0 << 1.0 << 1;
        QTest::newRow("dense layout") << 3 << 7 << 4 << false << true << 1.0 << 1.0 << 1;
        QTest::newRow("transA") << 5 << 3 << 6 << true << false << 1.0 << 1.0 << 1;
        QTest::newRow("transA transB") << 2 << 9 << 3 << true << true << 1.0 << 1.0 << 2;
        QTest::newRow("alpha beta") << 3 << 5 << 7 << false << true << 0.5 << 2.0 << 1;
        QTest::newRow("negative alpha, (1,M) bias") << 4 << 4 << 4 << false << false << -1.5 << 0.25 << 2;
        QTest::newRow("scalar bias") << 3 << 5 << 6 << true << false << 1.0 << 1.0 << 3;
        QTest::newRow("scalar (1,1) bias, beta") << 2 << 3 << 5 << false << true << 2.0 << -0.5 << 4;
        QTest::newRow("no bias") << 5 << 8 << 3 << false << true << 1.0 << 1.0 << 0;
        QTest::newRow("no bias, alpha, transA") << 3 << 4 << 2 << true << true << 3.0 << 1.0 << 0;
        QTest::newRow("single sample") << 1 << 13 << 11 << false << true << 1.0 << 1.0 << 1;
        QTest::newRow("single output") << 6 << 5 << 1 << false << false << 1.0 << 1.0 << 1;
        QTest::newRow("wider, blocked sizes") << 9 << 32 << 17 << false << true << 1.0 << 1.0 << 1;
        QTest::newRow("alpha zero") << 2 << 3 << 4 << false << false << 0.0 << 1.0 << 1;
    }

    void forwardAndGradients()
    {
        QFETCH(int, n);
        QFETCH(int, k);
        QFETCH(int, m);
        QFETCH(bool, transA);
        QFETCH(bool, transB);
        QFETCH(double, alpha);
        QFETCH(double, beta);
        QFETCH(int, biasForm);
        GemmParams p;
        p.inFeatures = k;
        p.outFeatures = m;
        p.transA = transA;
        p.transB = transB;
        p.alpha = static_cast<float>(alpha);
        p.beta = static_cast<float>(beta);
        p.bias = biasForm != 0;
        p.biasShape = biasShapeFor(biasForm, m);
        Gemm op(p);
        QCOMPARE(op.weight().value.shape(), transB ? Shape({m, k}) : Shape({k, m}));
        if (op.bias())
            QCOMPARE(op.bias()->value.shape(), biasForm == 1 ? Shape{m} : biasShapeFor(biasForm, m));
        test::randomizeParameters(op, 21);
        const Tensor x = test::randomTensor(transA ? Shape{k, n} : Shape{n, k}, 4);

        const Tensor expected =
            referenceGemm(x, op.weight().value, op.bias() ? &op.bias()->value : nullptr, op.params());
        const std::vector<Shape> shapes{x.shape()};
        QCOMPARE(op.outputShapes(shapes)[0], Shape({n, m}));
        const auto y = test::runForward(op, {x});
        QCOMPARE(y.size(), size_t(1));
        LANTERN_COMPARE_TENSORS(y[0], expected, 1e-5, 1e-4);

        const auto r = test::gradCheck(op, {x});
        QVERIFY2(r.ok, r.message.c_str());
        QVERIFY(r.checked > 0);
    }

    void denseIsPyTorchLinear()
    {
        auto op = Gemm::dense(5, 3);
        QCOMPARE(op->type(), std::string("Gemm"));
        QVERIFY(op->params().transB);
        QCOMPARE(op->weight().value.shape(), Shape({3, 5}));
        QCOMPARE(op->bias()->value.shape(), Shape{3});
        test::randomizeParameters(*op, 3);
        const Tensor x = test::randomTensor({4, 5}, 8);
        const Tensor y = test::runForward(*op, {x})[0];
        for (int64_t i = 0; i < 4; ++i)
            for (int64_t o = 0; o < 3; ++o) {
                double acc = op->bias()->value[o];
                for (int64_t j = 0; j < 5; ++j)
                    acc += double(x.at({i, j})) * op->weight().value.at({o, j});
                QVERIFY(std::fabs(acc - y.at({i, o})) < 1e-5);
            }
        QVERIFY(Gemm::dense(5, 3, false)->bias() == nullptr);
        QCOMPARE(Gemm::dense(5, 3, false)->parameters().size(), size_t(1));
    }

    void backwardAccumulatesParameterGradients()
    {
        auto op = Gemm::dense(3, 2);
        test::randomizeParameters(*op, 1);
        const Tensor x = test::randomTensor({4, 3}, 2);
        ForwardArgs fa;
        std::vector<Tensor> in{x};
        fa.inputs = in;
        fa.keepForBackward = true;
        op->forward(fa);
        const std::vector<Tensor> gy{test::randomTensor({4, 2}, 3)};
        auto runBackward = [&] {
            BackwardArgs ba;
            ba.inputs = in;
            ba.outputs = fa.outputs;
            ba.gradOutputs = gy;
            ba.needInputGrad = {false};
            ba.gradInputs.resize(1);
            ba.accumulateParamGrads = true;
            op->backward(ba);
        };
        runBackward();
        const Tensor once = op->weight().grad.clone();
        const Tensor onceB = op->bias()->grad.clone();
        runBackward();
        for (int64_t i = 0; i < once.size(); ++i)
            QVERIFY(std::fabs(op->weight().grad[i] - 2 * once[i]) < 1e-5);
        for (int64_t i = 0; i < onceB.size(); ++i)
            QVERIFY(std::fabs(op->bias()->grad[i] - 2 * onceB[i]) < 1e-5);
        QVERIFY(x.values()[0] == test::randomTensor({4, 3}, 2)[0]); // input untouched
    }

    void fusedReluMatchesSeparateRelu_data()
    {
        QTest::addColumn<double>("alpha");
        QTest::addColumn<bool>("transA");
        QTest::newRow("alpha 1") << 1.0 << false;
        QTest::newRow("negative alpha transA") << -2.0 << true;
    }

    void fusedReluMatchesSeparateRelu()
    {
        QFETCH(double, alpha);
        QFETCH(bool, transA);
        GemmParams p{.inFeatures = 16,
                     .outFeatures = 24,
                     .transA = transA,
                     .transB = true,
                     .alpha = static_cast<float>(alpha),
                     .beta = 0.5f};
        Gemm op(p);
        test::randomizeParameters(op, 5);
        const Tensor x = test::randomTensor(transA ? Shape{16, 7} : Shape{7, 16}, 9);
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
        GemmParams p{.inFeatures = 8, .outFeatures = 16, .alpha = 2.f};
        Gemm op(p);
        test::randomizeParameters(op, 1);
        const Tensor x = test::randomTensor({3, 8}, 2);
        const Tensor before = test::runForward(op, {x})[0];
        op.weight().value.fill(0.f);
        op.weight().markModified();
        const Tensor after = test::runForward(op, {x})[0];
        for (int64_t i = 0; i < after.size(); ++i)
            QCOMPARE(after[i], op.bias()->value[i % 16]);
        QVERIFY(maxAbsDiff(before, after) > 0.f);
    }

    void badShapesAreClearErrors()
    {
        auto op = Gemm::dense(6, 4);
        const std::vector<Shape> rank4{{2, 6, 1, 1}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op->outputShapes(rank4));
        try {
            op->outputShapes(rank4);
        } catch (const ShapeError& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find("Flatten") != std::string::npos, msg.c_str());
            QVERIFY2(msg.find("Gemm") != std::string::npos, msg.c_str());
            QVERIFY2(msg.find("(2, 6, 1, 1)") != std::string::npos, msg.c_str());
        }
        const std::vector<Shape> rank1{{6}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op->outputShapes(rank1));
        const std::vector<Shape> wrongK{{2, 5}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op->outputShapes(wrongK));
        const std::vector<Shape> two{{2, 6}, {2, 6}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op->outputShapes(two));
        GemmParams ta{.inFeatures = 6, .outFeatures = 4, .transA = true};
        const std::vector<Shape> notTransposed{{2, 6}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, Gemm(ta).outputShapes(notTransposed));
        QVERIFY_THROWS_EXCEPTION(ShapeError, test::runForward(*op, {Tensor({3, 6, 2})}));

        QVERIFY_THROWS_EXCEPTION(ArgumentError, Gemm(GemmParams{.inFeatures = 0, .outFeatures = 4}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, Gemm(GemmParams{.inFeatures = 3, .outFeatures = 4, .biasShape = {3}}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError,
                                 Gemm(GemmParams{.inFeatures = 3, .outFeatures = 4, .biasShape = {4, 1, 1}}));
        QVERIFY_THROWS_EXCEPTION(UnsupportedError,
                                 Gemm(GemmParams{.inFeatures = 3, .outFeatures = 4, .biasShape = {5, 4}}));
    }
};

QTEST_APPLESS_MAIN(TestGemm)
#include "test_gemm.moc"
