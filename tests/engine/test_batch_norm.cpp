// BatchNorm: inference (running statistics) and training (batch statistics) forward against a direct
// reference, the running-statistics update, both backward passes against finite differences, errors.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/ops/batch_norm.h"

#include <QtTest>

#include <cmath>

using namespace lantern;

namespace {

struct Stats {
    std::vector<double> mean, biasedVar, unbiasedVar;
};

Stats batchStats(const Tensor& x)
{
    const int64_t n = x.dim(0), c = x.dim(1), inner = x.size() / (n * c);
    Stats s;
    for (int64_t ch = 0; ch < c; ++ch) {
        double sum = 0, sq = 0;
        for (int64_t b = 0; b < n; ++b)
            for (int64_t i = 0; i < inner; ++i)
                sum += x[(b * c + ch) * inner + i];
        const double count = double(n * inner), mean = sum / count;
        for (int64_t b = 0; b < n; ++b)
            for (int64_t i = 0; i < inner; ++i) {
                const double d = x[(b * c + ch) * inner + i] - mean;
                sq += d * d;
            }
        s.mean.push_back(mean);
        s.biasedVar.push_back(sq / count);
        s.unbiasedVar.push_back(sq / (count - 1));
    }
    return s;
}

/// y = (x - mean) / sqrt(var + eps) * w + b per channel.
Tensor referenceNorm(const Tensor& x, const std::vector<double>& mean, const std::vector<double>& var, double eps,
                     const Tensor* w, const Tensor* b)
{
    const int64_t n = x.dim(0), c = x.dim(1), inner = x.size() / (n * c);
    Tensor y(x.shape());
    for (int64_t bi = 0; bi < n; ++bi)
        for (int64_t ch = 0; ch < c; ++ch)
            for (int64_t i = 0; i < inner; ++i) {
                const int64_t k = (bi * c + ch) * inner + i;
                double v = (x[k] - mean[size_t(ch)]) / std::sqrt(var[size_t(ch)] + eps);
                if (w)
                    v = v * (*w)[ch] + (*b)[ch];
                y[k] = static_cast<float>(v);
            }
    return y;
}

std::vector<double> toDoubles(const Tensor& t)
{
    return {t.values().begin(), t.values().end()};
}

/// Random affine parameters and running statistics with a positive variance.
void setUp(BatchNorm& op, uint64_t seed)
{
    test::randomizeParameters(op, seed);
    op.runningVar().value.copyFrom(test::randomTensor(op.runningVar().value.shape(), seed + 50, 0.3f, 2.f));
    op.runningVar().markModified();
    if (op.weight()) {
        op.weight()->value.copyFrom(test::randomTensor(op.weight()->value.shape(), seed + 60, 0.5f, 1.5f));
        op.weight()->markModified();
    }
}

Tensor backwardInput(BatchNorm& op, const Tensor& x, const Tensor& gy, Mode mode, bool keepState)
{
    std::vector<Tensor> in{x};
    ForwardArgs fa;
    fa.inputs = in;
    fa.mode = mode;
    fa.keepForBackward = true;
    op.forward(fa);
    std::vector<Tensor> gout{gy};
    BackwardArgs ba;
    ba.inputs = in;
    ba.outputs = fa.outputs;
    ba.gradOutputs = gout;
    ba.needInputGrad = {true};
    ba.gradInputs.resize(1);
    ba.state = keepState ? fa.state.get() : nullptr;
    ba.mode = mode;
    op.backward(ba);
    return ba.gradInputs[0];
}

} // namespace

class TestBatchNorm : public QObject {
    Q_OBJECT

private slots:
    void forwardAndGradients_data()
    {
        QTest::addColumn<QList<int>>("input");
        QTest::addColumn<bool>("affine");
        QTest::newRow("NC") << QList<int>{6, 3} << true;
        QTest::newRow("NC odd") << QList<int>{5, 7} << true;
        QTest::newRow("NC no affine") << QList<int>{4, 3} << false;
        QTest::newRow("NCL") << QList<int>{2, 3, 5} << true;
        QTest::newRow("NCHW") << QList<int>{2, 3, 4, 5} << true;
        QTest::newRow("NCHW 8 channels") << QList<int>{3, 8, 3, 3} << true;
        QTest::newRow("NCHW no affine") << QList<int>{2, 4, 3, 3} << false;
        QTest::newRow("NCDHW") << QList<int>{2, 2, 3, 2, 2} << true;
    }

    void forwardAndGradients()
    {
        QFETCH(QList<int>, input);
        QFETCH(bool, affine);
        const Shape shape(input.begin(), input.end());
        const BatchNormParams p{.numFeatures = shape[1], .epsilon = 1e-3f, .momentum = 0.25f, .affine = affine};
        BatchNorm op(p);
        setUp(op, 3);
        QCOMPARE(op.parameters().size(), size_t(affine ? 4 : 2));
        QCOMPARE(op.parameterCount(), affine ? 2 * shape[1] : 0);
        const Tensor x = test::randomTensor(shape, 9, -2.f, 2.f);
        const Tensor* w = affine ? &op.weight()->value : nullptr;
        const Tensor* b = affine ? &op.bias()->value : nullptr;

        // Inference: running statistics, buffers untouched.
        const Tensor runMean = op.runningMean().value.clone(), runVar = op.runningVar().value.clone();
        const uint64_t version = op.runningMean().version;
        const Tensor expectedInf = referenceNorm(x, toDoubles(runMean), toDoubles(runVar), 1e-3, w, b);
        LANTERN_COMPARE_TENSORS(test::runForward(op, {x})[0], expectedInf, 1e-5, 1e-4);
        QCOMPARE(op.runningMean().version, version);

        // Training: batch statistics, running update with the unbiased variance.
        const Stats s = batchStats(x);
        const Tensor expectedTrain = referenceNorm(x, s.mean, s.biasedVar, 1e-3, w, b);
        LANTERN_COMPARE_TENSORS(test::runForward(op, {x}, Mode::Training)[0], expectedTrain, 1e-5, 1e-4);
        QVERIFY(op.runningMean().version > version);
        QVERIFY(op.runningVar().version > version);
        Tensor wantMean(runMean.shape()), wantVar(runVar.shape());
        for (int64_t c = 0; c < shape[1]; ++c) {
            wantMean[c] = static_cast<float>(0.75 * runMean[c] + 0.25 * s.mean[size_t(c)]);
            wantVar[c] = static_cast<float>(0.75 * runVar[c] + 0.25 * s.unbiasedVar[size_t(c)]);
        }
        LANTERN_COMPARE_TENSORS(op.runningMean().value, wantMean, 1e-6, 1e-5);
        LANTERN_COMPARE_TENSORS(op.runningVar().value, wantVar, 1e-6, 1e-5);
        // The next inference pass uses the updated buffers.
        LANTERN_COMPARE_TENSORS(test::runForward(op, {x})[0],
                                referenceNorm(x, toDoubles(wantMean), toDoubles(wantVar), 1e-3, w, b), 1e-5, 1e-4);

        // Inference backward treats the statistics as constants: dx = dy * w / sqrt(var + eps).
        const Tensor gy = test::randomTensor(shape, 12);
        const Tensor gxInf = backwardInput(op, x, gy, Mode::Inference, true);
        Tensor expectedGx(shape);
        const int64_t inner = x.size() / (shape[0] * shape[1]);
        for (int64_t k = 0; k < x.size(); ++k) {
            const int64_t c = (k / inner) % shape[1];
            expectedGx[k] = static_cast<float>(gy[k] * (affine ? (*w)[c] : 1.0) /
                                               std::sqrt(double(op.runningVar().value[c]) + 1e-3));
        }
        LANTERN_COMPARE_TENSORS(gxInf, expectedGx, 1e-6, 1e-5);
        LANTERN_COMPARE_TENSORS(backwardInput(op, x, gy, Mode::Inference, false), gxInf, 0.0, 0.0);
        // Training backward without a kept state recomputes the batch statistics.
        LANTERN_COMPARE_TENSORS(backwardInput(op, x, gy, Mode::Training, false),
                                backwardInput(op, x, gy, Mode::Training, true), 1e-6, 1e-5);

        test::GradCheckOptions inf;
        auto r = test::gradCheck(op, {x}, inf);
        QVERIFY2(r.ok, ("inference: " + r.message).c_str());
        QVERIFY(r.checked > 0);
        test::GradCheckOptions train;
        train.mode = Mode::Training;
        r = test::gradCheck(op, {x}, train);
        QVERIFY2(r.ok, ("training: " + r.message).c_str());
        QVERIFY(r.checked > 0);
    }

    void trainingGradientDiffersFromInference()
    {
        // With batch statistics the gradient of a per-channel constant shift vanishes; with running ones not.
        BatchNorm op(BatchNormParams{.numFeatures = 2});
        const Tensor x = test::randomTensor({4, 2, 3, 3}, 1);
        const Tensor ones({4, 2, 3, 3}, 1.f);
        const Tensor gInf = backwardInput(op, x, ones, Mode::Inference, true);
        const Tensor gTrain = backwardInput(op, x, ones, Mode::Training, true);
        LANTERN_COMPARE_TENSORS(gTrain, Tensor({4, 2, 3, 3}), 1e-5, 0.0);
        LANTERN_COMPARE_TENSORS(gInf, Tensor({4, 2, 3, 3}, float(1.0 / std::sqrt(1.0 + 1e-5))), 1e-6, 1e-6);
    }

    void parameterGradientsAccumulate()
    {
        BatchNorm op(BatchNormParams{.numFeatures = 3});
        setUp(op, 4);
        const Tensor x = test::randomTensor({5, 3}, 2);
        const Tensor gy = test::randomTensor({5, 3}, 3);
        for (int pass = 0; pass < 2; ++pass) {
            std::vector<Tensor> in{x}, gout{gy};
            ForwardArgs fa;
            fa.inputs = in;
            fa.keepForBackward = true;
            op.forward(fa);
            BackwardArgs ba;
            ba.inputs = in;
            ba.outputs = fa.outputs;
            ba.gradOutputs = gout;
            ba.needInputGrad = {false};
            ba.gradInputs.resize(1);
            ba.accumulateParamGrads = true;
            ba.state = fa.state.get();
            op.backward(ba);
            QVERIFY(ba.gradInputs[0].isEmpty());
        }
        // d/d bias = 2 * sum over the batch of gy; d/d weight = 2 * sum of gy * xhat.
        for (int64_t c = 0; c < 3; ++c) {
            double gb = 0, gw = 0;
            for (int64_t n = 0; n < 5; ++n) {
                gb += gy.at({n, c});
                gw += gy.at({n, c}) * (x.at({n, c}) - op.runningMean().value[c]) /
                      std::sqrt(double(op.runningVar().value[c]) + 1e-5);
            }
            QVERIFY(std::fabs(op.bias()->grad[c] - 2 * gb) < 1e-5);
            QVERIFY(std::fabs(op.weight()->grad[c] - 2 * gw) < 1e-5);
        }
        QVERIFY(op.runningMean().grad.isEmpty());
    }

    void badInputsAreClearErrors()
    {
        BatchNorm op(BatchNormParams{.numFeatures = 3});
        const std::vector<Shape> wrongChannels{{2, 4, 5, 5}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(wrongChannels));
        const std::vector<Shape> rank1{{3}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(rank1));
        const std::vector<Shape> rank6{{1, 3, 1, 1, 1, 1}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(rank6));
        const std::vector<Shape> twoInputs{{2, 3}, {2, 3}};
        QVERIFY_THROWS_EXCEPTION(ShapeError, op.outputShapes(twoInputs));
        // One value per channel cannot be normalized with batch statistics.
        const Tensor single = test::randomTensor({1, 3}, 1);
        QVERIFY_THROWS_EXCEPTION(ShapeError, test::runForward(op, {single}, Mode::Training));
        const Tensor singlePixel = test::randomTensor({1, 3, 1, 1}, 1);
        QVERIFY_THROWS_EXCEPTION(ShapeError, test::runForward(op, {singlePixel}, Mode::Training));
        test::runForward(op, {single}); // fine in inference
        QVERIFY_THROWS_EXCEPTION(ArgumentError, BatchNorm(BatchNormParams{.numFeatures = 0}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, BatchNorm(BatchNormParams{.numFeatures = 2, .epsilon = -1.f}));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, BatchNorm(BatchNormParams{.numFeatures = 2, .momentum = 1.5f}));
        // A loader that puts a wrong-sized tensor into a buffer.
        op.runningVar().value = Tensor({4}, 1.f);
        QVERIFY_THROWS_EXCEPTION(ShapeError, test::runForward(op, {single}));
        op.runningVar().value = Tensor({3}, 1.f);
        QVERIFY_THROWS_EXCEPTION(ShapeError, backwardInput(op, single, Tensor({1, 4}), Mode::Inference, true));
    }
};

QTEST_APPLESS_MAIN(TestBatchNorm)
#include "test_batch_norm.moc"
