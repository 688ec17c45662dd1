// Training: losses against hand computation, optimizers against their update formulas, a small
// separable problem learned to >= 99%, and bit-identical weights for two runs with the same seed.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/graph.h"
#include "lantern/ops/dropout.h"
#include "lantern/ops/gemm.h"
#include "lantern/ops/relu.h"
#include "lantern/training/trainer.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace lantern;

namespace {

/// Three Gaussian blobs in 2-D, well separated.
Dataset blobs(int64_t n, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> noise(0.f, 0.35f);
    const float centers[3][2] = {{-2.f, 0.f}, {2.f, 0.f}, {0.f, 2.5f}};
    Dataset d{Tensor({n, 2}), Tensor({n})};
    for (int64_t i = 0; i < n; ++i) {
        const int c = static_cast<int>(i % 3);
        d.inputs[i * 2] = centers[c][0] + noise(rng);
        d.inputs[i * 2 + 1] = centers[c][1] + noise(rng);
        d.targets[i] = static_cast<float>(c);
    }
    return d;
}

Graph mlp(uint64_t seed, bool dropout)
{
    Graph g;
    g.addInput("x", {-1, 2});
    g.addNode("fc1", Gemm::dense(2, 16), {"x"});
    g.addNode("relu1", std::make_unique<Relu>(), {"fc1"});
    std::string last = "relu1";
    if (dropout) {
        g.addNode("drop", std::make_unique<Dropout>(DropoutParams{.ratio = 0.2f}), {"relu1"});
        last = "drop";
    }
    g.addNode("fc2", Gemm::dense(16, 3), {last});
    g.addOutput("fc2");
    uint64_t s = seed;
    for (auto& [name, p] : g.parameters()) {
        p->value.copyFrom(test::randomTensor(p->value.shape(), s++, -0.5f, 0.5f));
        p->markModified();
    }
    return g;
}

} // namespace

class TestTraining : public QObject {
    Q_OBJECT

private slots:
    void crossEntropyMatchesHandComputation()
    {
        const Tensor logits({2, 3}, {1.f, 2.f, 3.f, 0.5f, -1.f, 0.f});
        const Tensor targets({2}, {2.f, 0.f});
        auto nll = [](std::initializer_list<double> z, int y) {
            double s = 0;
            for (double v : z)
                s += std::exp(v);
            return std::log(s) - *(z.begin() + y);
        };
        const double l0 = nll({1, 2, 3}, 2), l1 = nll({0.5, -1, 0}, 0);
        Tensor grad;
        QVERIFY(std::fabs(SoftmaxCrossEntropy().compute(logits, targets, &grad) - (l0 + l1) / 2) < 1e-6);
        // Weighted: PyTorch's weighted mean sum(w_y * l) / sum(w_y).
        const SoftmaxCrossEntropy weighted({1.f, 1.f, 3.f});
        QVERIFY(std::fabs(weighted.compute(logits, targets, nullptr) - (3 * l0 + l1) / 4) < 1e-6);
        // Gradient against finite differences.
        Tensor z = logits.clone();
        for (int64_t i = 0; i < z.size(); ++i) {
            const float s = z[i];
            z[i] = s + 1e-3f;
            const double up = weighted.compute(z, targets, nullptr);
            z[i] = s - 1e-3f;
            const double down = weighted.compute(z, targets, nullptr);
            z[i] = s;
            Tensor g;
            weighted.compute(z, targets, &g);
            QVERIFY(std::fabs(g[i] - (up - down) / 2e-3) < 1e-4);
        }
        QVERIFY_THROWS_EXCEPTION(ArgumentError,
                                 SoftmaxCrossEntropy().compute(logits, Tensor({2}, {3.f, 0.f}), nullptr));
        QVERIFY_THROWS_EXCEPTION(ShapeError, SoftmaxCrossEntropy().compute(logits, Tensor({3}), nullptr));
    }

    void mseMatchesHandComputation()
    {
        const Tensor out({2, 2}, {1.f, 2.f, 3.f, 4.f});
        const Tensor target({2, 2}, {0.f, 2.f, 5.f, 4.f});
        Tensor g;
        QCOMPARE(MeanSquaredError().compute(out, target, &g), (1.0 + 4.0) / 4.0);
        QCOMPARE(g[0], 0.5f);
        QCOMPARE(g[2], -1.f);
    }

    void optimizersFollowTheirFormulas_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("sgd") << "sgd";
        QTest::newRow("momentum") << "momentum";
        QTest::newRow("nesterov") << "nesterov";
        QTest::newRow("adam") << "adam";
        QTest::newRow("sgd+l2") << "l2";
    }

    void optimizersFollowTheirFormulas()
    {
        QFETCH(QString, kind);
        Graph g;
        g.addInput("x", {-1, 2});
        g.addNode("fc", Gemm::dense(2, 1, false), {"x"});
        g.addOutput("fc");
        Parameter& w = *g.parameters()[0].second;
        w.value.copyFrom(Tensor({1, 2}, {1.f, -2.f}));
        std::unique_ptr<Optimizer> opt;
        if (kind == "adam")
            opt = std::make_unique<Adam>(g, 0.1);
        else if (kind == "sgd" || kind == "l2")
            opt = std::make_unique<Sgd>(g, 0.1);
        else
            opt = std::make_unique<Sgd>(g, 0.1, 0.9, kind == "nesterov");
        if (kind == "l2")
            opt->setRegularization("fc", 0.0, 0.5);
        // Reference in double, PyTorch formulas, constant gradient (0.5, 1).
        double ref[2] = {1, -2}, vel[2] = {0, 0}, m[2] = {0, 0}, v[2] = {0, 0};
        const double grad[2] = {0.5, 1.0};
        for (int step = 1; step <= 3; ++step) {
            w.gradient().copyFrom(Tensor({1, 2}, {0.5f, 1.f}));
            opt->step();
            for (int k = 0; k < 2; ++k) {
                double gk = grad[k];
                if (kind == "l2")
                    gk += 2 * 0.5 * ref[k];
                if (kind == "adam") {
                    m[k] = 0.9 * m[k] + 0.1 * gk;
                    v[k] = 0.999 * v[k] + 0.001 * gk * gk;
                    const double mh = m[k] / (1 - std::pow(0.9, step)), vh = v[k] / (1 - std::pow(0.999, step));
                    ref[k] -= 0.1 * mh / (std::sqrt(vh) + 1e-8);
                } else if (kind == "momentum" || kind == "nesterov") {
                    vel[k] = step == 1 ? gk : 0.9 * vel[k] + gk;
                    ref[k] -= 0.1 * (kind == "nesterov" ? gk + 0.9 * vel[k] : vel[k]);
                } else {
                    ref[k] -= 0.1 * gk;
                }
                QVERIFY2(std::fabs(w.value[k] - ref[k]) < 1e-5,
                         qPrintable(
                             QString("step %1 w[%2] = %3, expected %4").arg(step).arg(k).arg(w.value[k]).arg(ref[k])));
            }
        }
        QVERIFY(w.version >= 3);
        QVERIFY_THROWS_EXCEPTION(ArgumentError, opt->setRegularization("nope", 0.1, 0.1));
    }

    void learnsASeparableProblem()
    {
        Graph g = mlp(1, true);
        SoftmaxCrossEntropy loss;
        Adam adam(g, 0.02);
        Trainer trainer(g, loss, adam, TrainConfig{.epochs = 15, .batchSize = 32, .seed = 3});
        int batchEvents = 0, epochEvents = 0;
        trainer.onBatchEnd = [&](const BatchEvent& e) {
            ++batchEvents;
            QCOMPARE(e.batches, int64_t(19));
        };
        trainer.onEpochEnd = [&](const EpochEvent&) {
            ++epochEvents;
            return true;
        };
        const Dataset train = blobs(600, 1), test = blobs(300, 2);
        const auto history = trainer.fit(train, &test);
        QCOMPARE(epochEvents, 15);
        QCOMPARE(batchEvents, 15 * 19);
        QVERIFY(history.back().train.loss < history.front().train.loss);
        const Evaluation e = Trainer::evaluate(g, test, &loss);
        QVERIFY2(e.accuracy >= 0.99, qPrintable(QString("test accuracy %1").arg(e.accuracy)));
        QCOMPARE(history.back().validation->accuracy, e.accuracy);
    }

    void sameSeedGivesBitIdenticalWeights()
    {
        const Dataset train = blobs(300, 5);
        std::vector<std::vector<float>> runs;
        for (int run = 0; run < 2; ++run) {
            Graph g = mlp(7, true);
            SoftmaxCrossEntropy loss;
            Sgd sgd(g, 0.05, 0.9, true);
            Trainer trainer(g, loss, sgd, TrainConfig{.epochs = 3, .batchSize = 16, .seed = 11});
            trainer.fit(train);
            std::vector<float> all;
            for (auto& [name, p] : g.parameters())
                all.insert(all.end(), p->value.values().begin(), p->value.values().end());
            runs.push_back(all);
        }
        QVERIFY(runs[0] == runs[1]);
        // A different seed shuffles differently.
        Graph g = mlp(7, true);
        SoftmaxCrossEntropy loss;
        Sgd sgd(g, 0.05, 0.9, true);
        Trainer(g, loss, sgd, TrainConfig{.epochs = 3, .batchSize = 16, .seed = 12}).fit(train);
        std::vector<float> other;
        for (auto& [name, p] : g.parameters())
            other.insert(other.end(), p->value.values().begin(), p->value.values().end());
        QVERIFY(other != runs[0]);
    }

    void cancellationAndBadDataAreClearErrors()
    {
        Graph g = mlp(1, false);
        SoftmaxCrossEntropy loss;
        Adam adam(g);
        Trainer trainer(g, loss, adam, TrainConfig{});
        std::atomic<bool> cancel{true};
        trainer.cancel = &cancel;
        QVERIFY_THROWS_EXCEPTION(CancelledError, trainer.fit(blobs(30, 1)));
        trainer.cancel = nullptr;
        QVERIFY_THROWS_EXCEPTION(ArgumentError, trainer.fit(Dataset{}));
        QVERIFY_THROWS_EXCEPTION(ShapeError, trainer.fit(Dataset{Tensor({4, 2}), Tensor({3})}));
    }
};

QTEST_APPLESS_MAIN(TestTraining)
#include "test_training.moc"
