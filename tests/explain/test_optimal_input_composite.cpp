// optimal-input (activation maximization) and composite on the shared Fashion-MNIST CNN: the optimized input
// reaches the target probability, is deterministic for a seed, and filter objectives raise the filter's
// activation; composite maps equal the per-class mean of max-normalized reference gradients.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/explain/explainer.h"
#include "lantern/io/hdf5.h"
#include "lantern/model.h"
#include "lantern/ops/gemm.h"

#include <QtTest>

#include <cmath>

using namespace lantern;

class TestOptimalInputComposite : public QObject {
    Q_OBJECT

    std::string m_data;
    Model m_model;
    Tensor m_input, m_gradient, m_label, m_target;

private slots:
    void initTestCase()
    {
        m_data = test::sharedDataDir();
        if (m_data.empty())
            QSKIP("shared data not found (set LANTERN_SHARED_DATA)");
        m_model = loadModel(m_data + "/torch/fmnist_cnn.onnx");
        const std::string refs = m_data + "/torch/fmnist_cnn_refs.h5";
        m_input = io::readHdf5Dataset(refs, "input");
        m_gradient = io::readHdf5Dataset(refs, "gradient");
        m_label = io::readHdf5Dataset(refs, "label");
        m_target = io::readHdf5Dataset(refs, "target");
    }

    void reachesTargetProbability_data()
    {
        QTest::addColumn<int>("cls");
        QTest::addColumn<QString>("objective");
        for (int c = 0; c < 10; ++c)
            QTest::addRow("class %d probability", c) << c << "probability";
        QTest::newRow("class 3 logit") << 3 << "logit";
    }

    void reachesTargetProbability()
    {
        QFETCH(int, cls);
        QFETCH(QString, objective);
        explain::ExplainRequest r;
        r.method = "optimal-input";
        r.target = explain::Target::index(cls);
        r.params = {{"objective", objective.toStdString()},
                    {"iterations", "60"},
                    {"lr", "0.05"},
                    {"low", "0"},
                    {"high", "1"},
                    {"l2", "0.001"},
                    {"tv", "0"},
                    {"jitter", "0"},
                    {"blur_every", "0"}};
        const Tensor start({1, 1, 28, 28});
        const auto e = explain::explain(m_model, start, r);
        QCOMPARE(e.map.shape(), (Shape{1, 1, 28, 28}));
        const float p = e.extra.at("probability")[0];
        QVERIFY2(p > 0.9f, qPrintable(QString("probability of class %1: %2").arg(cls).arg(p)));
        for (float v : e.map.values())
            QVERIFY(v >= 0.f && v <= 1.f);
        // the history records the target probability per iteration and ends higher than it starts
        const Tensor& h = e.extra.at("history");
        QCOMPARE(h.shape(), (Shape{1, 60}));
        QVERIFY(h[59] > h[0]);
    }

    /// objective=probability ascends J = -(log p_t - log p*)^2 (the UC3M lab's objective): one SGD step with lr 1
    /// from start=input moves x by exactly dJ/dx, which must equal central differences of J computed in double.
    void probabilitySeedMatchesFiniteDifferences_data()
    {
        QTest::addColumn<double>("target");
        QTest::newRow("p* 0.99 (above p_t: ascent)") << 0.99;
        QTest::newRow("p* 0.05 (below p_t: descent)") << 0.05;
    }

    void probabilitySeedMatchesFiniteDifferences()
    {
        QFETCH(double, target);
        Model m;
        auto fc = Gemm::dense(4, 3);
        test::randomizeParameters(*fc, 31, -1.f, 1.f);
        const Tensor w = fc->weight().value, b = fc->bias()->value;
        m.graph.addInput("x", {-1, 4});
        m.graph.addNode("fc", std::move(fc), {"x"});
        m.graph.addOutput("fc");
        m.logits = "fc";
        const Tensor x = test::randomTensor({1, 4}, 32);
        const int t = 1;
        const auto objective = [&](const std::vector<double>& xs) {
            double z[3], mx = -1e300, sum = 0;
            for (int c = 0; c < 3; ++c) {
                z[c] = b[c];
                for (int k = 0; k < 4; ++k)
                    z[c] += double(w[c * 4 + k]) * xs[static_cast<size_t>(k)];
                mx = std::max(mx, z[c]);
            }
            for (double v : z)
                sum += std::exp(v - mx);
            const double logp = z[t] - mx - std::log(sum);
            const double err = logp - std::log(target);
            return -err * err;
        };
        explain::ExplainRequest r;
        r.method = "optimal-input";
        r.target = explain::Target::index(t);
        r.params = {{"objective", "probability"},
                    {"probability", QString::number(target).toStdString()},
                    {"start", "input"},
                    {"optimizer", "sgd"},
                    {"lr", "1"},
                    {"iterations", "1"},
                    {"low", "none"},
                    {"high", "none"},
                    {"l2", "0"}};
        const auto e = explain::explain(m, x, r);
        for (int k = 0; k < 4; ++k) {
            std::vector<double> xp(4), xm(4);
            for (int j = 0; j < 4; ++j)
                xp[size_t(j)] = xm[size_t(j)] = x[j];
            const double h = 1e-4;
            xp[size_t(k)] += h;
            xm[size_t(k)] -= h;
            const double numeric = (objective(xp) - objective(xm)) / (2 * h);
            const double analytic = double(e.map[k]) - double(x[k]);
            QVERIFY2(
                std::abs(analytic - numeric) <= 1e-4 + 1e-3 * std::abs(numeric),
                qPrintable(QString("dJ/dx[%1]: step %2, finite differences %3").arg(k).arg(analytic).arg(numeric)));
        }
    }

    /// objective=cross-entropy with optimizer=gd (Toms et al. 2020's backward optimization): from zeros, each step
    /// is x += lr * d(log p_t)/dx; three steps replayed in double with central differences of log p_t.
    void crossEntropyGradientDescentMatchesFiniteDifferences()
    {
        Model m;
        auto fc = Gemm::dense(4, 3);
        test::randomizeParameters(*fc, 41, -1.f, 1.f);
        const Tensor w = fc->weight().value, b = fc->bias()->value;
        m.graph.addInput("x", {-1, 4});
        m.graph.addNode("fc", std::move(fc), {"x"});
        m.graph.addOutput("fc");
        m.logits = "fc";
        const int t = 2;
        const double lr = 0.5;
        const auto logp = [&](const std::vector<double>& xs) {
            double z[3], mx = -1e300, sum = 0;
            for (int c = 0; c < 3; ++c) {
                z[c] = b[c];
                for (int k = 0; k < 4; ++k)
                    z[c] += double(w[c * 4 + k]) * xs[size_t(k)];
                mx = std::max(mx, z[c]);
            }
            for (double v : z)
                sum += std::exp(v - mx);
            return z[t] - mx - std::log(sum);
        };
        std::vector<double> x(4, 0.0);
        for (int step = 0; step < 3; ++step) {
            std::vector<double> g(4);
            for (int k = 0; k < 4; ++k) {
                std::vector<double> xp = x, xm = x;
                xp[size_t(k)] += 1e-5;
                xm[size_t(k)] -= 1e-5;
                g[size_t(k)] = (logp(xp) - logp(xm)) / 2e-5;
            }
            for (int k = 0; k < 4; ++k)
                x[size_t(k)] += lr * g[size_t(k)];
        }
        explain::ExplainRequest r;
        r.method = "optimal-input";
        r.target = explain::Target::index(t);
        r.params = {{"objective", "cross-entropy"}, {"start", "zeros"}, {"optimizer", "gd"}, {"lr", "0.5"},
                    {"iterations", "3"},           {"low", "none"},    {"high", "none"},    {"l2", "0"}};
        const auto e = explain::explain(m, Tensor({1, 4}), r);
        for (int k = 0; k < 4; ++k)
            QVERIFY2(std::abs(double(e.map[k]) - x[size_t(k)]) < 1e-4,
                     qPrintable(QString("x[%1]: %2, replayed %3").arg(k).arg(e.map[k]).arg(x[size_t(k)])));
        // the probability of the target rises at every step
        const Tensor& h = e.extra.at("history");
        QVERIFY(h[0] < h[1] && h[1] < h[2]);
    }

    /// A target probability below the current one pulls the probability down (objective=logit could only raise it).
    void lowerTargetProbabilityPullsDown()
    {
        int64_t sample = -1;
        for (int64_t i = 0; i < m_input.dim(0) && sample < 0; ++i) {
            explain::ExplainRequest g;
            g.method = "gradient";
            const auto e = explain::explain(m_model, m_input.slice(i, i + 1).clone(), g);
            float mx = e.logits[0], sum = 0;
            for (int64_t c = 0; c < 10; ++c)
                mx = std::max(mx, e.logits[c]);
            for (int64_t c = 0; c < 10; ++c)
                sum += std::exp(e.logits[c] - mx);
            if (1.f / sum > 0.95f) // the predicted class's probability
                sample = i;
        }
        QVERIFY2(sample >= 0, "no confidently classified reference sample");
        explain::ExplainRequest r;
        r.method = "optimal-input";
        r.params = {{"objective", "probability"},
                    {"probability", "0.3"},
                    {"start", "input"},
                    {"iterations", "60"},
                    {"lr", "0.02"},
                    {"low", "0"},
                    {"high", "1"}};
        const auto e = explain::explain(m_model, m_input.slice(sample, sample + 1).clone(), r);
        const Tensor& h = e.extra.at("history");
        const float p = e.extra.at("probability")[0];
        QVERIFY2(h[0] > 0.95f, qPrintable(QString("start probability %1").arg(h[0])));
        QVERIFY2(std::abs(p - 0.3f) < 0.1f, qPrintable(QString("final probability %1, wanted 0.3").arg(p)));
        r.params["objective"] = "logit";
        const auto up = explain::explain(m_model, m_input.slice(sample, sample + 1).clone(), r);
        QVERIFY(up.extra.at("probability")[0] > h[0]);
    }

    void deterministicForASeed()
    {
        explain::ExplainRequest r;
        r.method = "optimal-input";
        r.target = explain::Target::index(7);
        r.params = {{"start", "noise"}, {"jitter", "2"}, {"blur_every", "5"}, {"tv", "0.01"}, {"iterations", "20"}};
        r.seed = 5;
        const Tensor start({2, 1, 28, 28});
        const auto a = explain::explain(m_model, start, r);
        const auto b = explain::explain(m_model, start, r);
        QCOMPARE(maxAbsDiff(a.map, b.map), 0.f);
        r.seed = 6;
        const auto c = explain::explain(m_model, start, r);
        QVERIFY(maxAbsDiff(a.map, c.map) > 1e-3f);
    }

    void filterObjectiveRaisesActivation()
    {
        explain::ExplainRequest r;
        r.method = "optimal-input";
        r.layer = "/conv2/Conv";
        r.params = {{"objective", "filter"}, {"index", "5"}, {"iterations", "30"}, {"low", "0"}, {"high", "1"},
                    {"start", "input"},      {"lr", "0.05"}, {"l2", "0"},          {"tv", "0"},  {"jitter", "0"},
                    {"blur_every", "0"}};
        const auto e = explain::explain(m_model, m_input.slice(0, 1), r);
        const Tensor& h = e.extra.at("history");
        QVERIFY2(h[29] > 2 * std::max(h[0], 0.1f), qPrintable(QString("%1 -> %2").arg(h[0]).arg(h[29])));
        // with the defaults (start at the mean, kept in the data range, blurred and jittered) it climbs from
        // negative to positive, less far than unregularized
        r.params = {{"objective", "filter"}, {"index", "5"}};
        const auto d = explain::explain(m_model, m_input.slice(0, 8), r);
        const Tensor& hd = d.extra.at("history");
        const int64_t last = hd.size() - 1;
        QVERIFY2(hd[0] < 0 && hd[last] > 0.05f, qPrintable(QString("%1 -> %2").arg(hd[0]).arg(hd[last])));
    }

    void badParametersAreNamed_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("layer");
        QTest::addColumn<QString>("message");
        QTest::newRow("objective") << "objective"
                                   << "beauty"
                                   << ""
                                   << "objective=beauty";
        QTest::newRow("unit without layer") << "objective"
                                            << "unit"
                                            << ""
                                            << "needs a layer";
        QTest::newRow("unit out of range") << "index"
                                           << "99999"
                                           << "/fc1/Gemm"
                                           << "outside layer";
        QTest::newRow("unknown key") << "strength"
                                     << "3"
                                     << ""
                                     << "has no parameter 'strength'";
        QTest::newRow("not a number") << "lr"
                                      << "fast"
                                      << ""
                                      << "lr=fast is not a number";
        QTest::newRow("low above the data") << "low"
                                            << "1e6"
                                            << ""
                                            << "is above high";
        QTest::newRow("start") << "start"
                               << "middle"
                               << ""
                               << "start=middle is not mean, zeros, noise or input";
    }

    /// The default start is the mean of the given samples (one image), kept inside their value range.
    void startsFromTheMeanWithinTheDataRange()
    {
        const Tensor batch = m_input.slice(0, 8).clone();
        explain::ExplainRequest r;
        r.method = "optimal-input";
        r.target = explain::Target::index(2);
        r.params = {{"lr", "0"}, {"iterations", "1"}};
        const auto still = explain::explain(m_model, batch, r);
        QCOMPARE(still.map.shape(), (Shape{1, 1, 28, 28}));
        double worst = 0;
        for (int64_t j = 0; j < 784; ++j) {
            double mean = 0;
            for (int64_t i = 0; i < 8; ++i)
                mean += batch[i * 784 + j];
            worst = std::max(worst, std::abs(mean / 8 - still.map[j]));
        }
        QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst)));

        r.params = {{"iterations", "40"}, {"lr", "0.5"}}; // big steps: the clamp must hold them
        const auto moved = explain::explain(m_model, batch, r);
        const auto [lo, hi] = std::minmax_element(batch.values().begin(), batch.values().end());
        int atBound = 0;
        for (float v : moved.map.values()) {
            QVERIFY(v >= *lo && v <= *hi);
            atBound += v == *lo || v == *hi;
        }
        QVERIFY2(atBound > 0, "the clamp was never reached; the test does not test it");
    }

    /// Inputs without a 2-D map (feature vectors) run with the defaults: the image regularizers' defaults do not
    /// apply there; asked for explicitly they are an error naming the regularizer.
    void featureInputsSkipImageRegularizers()
    {
        Model m;
        auto fc = Gemm::dense(4, 3);
        test::randomizeParameters(*fc, 41, -1.f, 1.f);
        m.graph.addInput("x", {-1, 4});
        m.graph.addNode("fc", std::move(fc), {"x"});
        m.graph.addOutput("fc");
        m.logits = "fc";
        explain::ExplainRequest r;
        r.method = "optimal-input";
        r.target = explain::Target::index(0);
        r.params = {{"iterations", "30"}, {"low", "none"}, {"high", "none"}};
        const auto e = explain::explain(m, test::randomTensor({3, 4}, 42), r);
        QCOMPARE(e.map.shape(), (Shape{1, 4}));
        const Tensor& h = e.extra.at("history");
        QVERIFY(h[29] > h[0]);
        for (const char* key : {"tv", "jitter", "blur_every"}) {
            r.params[key] = "1";
            try {
                explain::explain(m, test::randomTensor({3, 4}, 42), r);
                QFAIL(key);
            } catch (const ArgumentError& error) {
                QVERIFY2(QString(error.what()).contains("needs an input with a 2-D spatial map"), error.what());
            }
            r.params.erase(key);
        }
    }

    void badParametersAreNamed()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, layer);
        QFETCH(QString, message);
        explain::ExplainRequest r;
        r.method = "optimal-input";
        r.layer = layer.toStdString();
        r.params = {{key.toStdString(), value.toStdString()}, {"iterations", "2"}};
        if (key == "index")
            r.params["objective"] = "unit";
        try {
            explain::explain(m_model, m_input.slice(0, 1), r);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }

    void compositeIsMeanOfNormalizedGradients_data()
    {
        QTest::addColumn<bool>("correctOnly");
        QTest::newRow("all samples") << false;
        QTest::newRow("correct only") << true;
    }

    void compositeIsMeanOfNormalizedGradients()
    {
        QFETCH(bool, correctOnly);
        explain::ExplainRequest r;
        r.method = "composite";
        r.params = {{"method", "gradient"}, {"correct_only", correctOnly ? "true" : "false"}};
        for (int64_t i = 0; i < m_label.size(); ++i)
            r.labels.push_back(static_cast<int64_t>(m_label[i]));
        const auto e = explain::explain(m_model, m_input, r);
        QCOMPARE(e.map.shape(), (Shape{10, 1, 28, 28}));
        // reference: the gradients made with PyTorch, normalized and averaged per target class here
        Tensor expected({10, 1, 28, 28}), count({10});
        const int64_t per = 784;
        for (int64_t i = 0; i < m_gradient.dim(0); ++i) {
            const int64_t t = static_cast<int64_t>(m_target[i]);
            if (correctOnly && t != static_cast<int64_t>(m_label[i]))
                continue;
            float mx = 0;
            for (int64_t j = 0; j < per; ++j)
                mx = std::max(mx, std::abs(m_gradient[i * per + j]));
            for (int64_t j = 0; j < per; ++j)
                expected[t * per + j] += m_gradient[i * per + j] / mx;
            count[t] += 1;
        }
        for (int64_t c = 0; c < 10; ++c)
            for (int64_t j = 0; j < per; ++j)
                expected[c * per + j] /= std::max(count[c], 1.f);
        LANTERN_COMPARE_TENSORS(e.map, expected, 1e-4, 1e-5);
        QCOMPARE(e.extra.at("count").values().size(), size_t(10));
        for (int64_t c = 0; c < 10; ++c)
            QCOMPARE(e.extra.at("count")[c], count[c]);
        if (correctOnly)
            QCOMPARE(e.extra.at("count")[5], count[5]); // sample 12 (label 7, target 5) left out
    }
};

QTEST_GUILESS_MAIN(TestOptimalInputComposite)
#include "test_optimal_input_composite.moc"
