// Parity with Zennit's own attributions (../shared/data/zennit-refs, Zennit f1cadaa run in float64): four PyTorch
// models (fmnist_cnn, ziletti_cnn with an un-merged BatchNorm, resblock_bn with merged BatchNorms and a residual
// sum, act_cnn with Sigmoid, Tanh, ELU and average pooling), eight rules and composites each, plus Zennit 0.5.1's
// treatment of merged biases of bias-free convolutions. Per sample: max|R - R_ref| <= tol * max|R_ref| with the
// tolerances the references' README derives from float32-vs-float64 deviations.
#include "gradcheck.h"

#include "lantern/explain/explainer.h"
#include "lantern/io/npy.h"
#include "lantern/model.h"

#include <QtTest>

#include <cmath>
#include <filesystem>

using namespace lantern;

namespace {

struct Method {
    const char* suffix;
    const char* name;
    std::map<std::string, std::string> params;
};

const std::vector<Method>& methods()
{
    static const std::vector<Method> m = {
        {"zennit_gradient", "gradient", {}},
        {"zennit_epsilon", "lrp-epsilon", {{"convention", "zennit"}}},
        {"zennit_zplus", "lrp-zplus", {{"convention", "zennit"}}},
        {"zennit_alpha2_beta1", "lrp-alpha-beta", {{"alpha", "2"}, {"beta", "1"}, {"convention", "zennit"}}},
        {"zennit_alpha1_beta0", "lrp-alpha-beta", {{"alpha", "1"}, {"beta", "0"}, {"convention", "zennit"}}},
        {"zennit_epsilon_plus", "lrp-epsilon-plus", {}},
        {"zennit_epsilon_gamma_box", "lrp-epsilon-gamma-box", {{"low", "0"}, {"high", "1"}}},
        {"zennit_epsilon_alpha2_beta1", "lrp-epsilon-alpha2-beta1", {}},
    };
    return m;
}

/// The README's suggested tolerance (relative to max|R_ref| per sample).
double tolerance(const std::string& model, const std::string& suffix, bool unregistered)
{
    if (unregistered)
        return 1e-2;
    if (model == "act_cnn" && suffix == "zennit_epsilon")
        return 2e-2;
    if (model == "fmnist_cnn" || model == "act_cnn")
        return 1e-5;
    if (model == "resblock_bn")
        return 5e-5;
    // ziletti_cnn
    if (suffix == "zennit_gradient" || suffix == "zennit_zplus" || suffix.rfind("zennit_alpha", 0) == 0)
        return 5e-5;
    return 2e-3;
}

struct Loaded {
    Model model;
    Tensor inputs;
    std::vector<int64_t> targets;
    Tensor logits;
};

Loaded& load(const std::string& dir, const std::string& name)
{
    static std::map<std::string, Loaded> cache;
    auto it = cache.find(name);
    if (it != cache.end())
        return it->second;
    Loaded l;
    l.model = loadModel(dir + "/" + name + ".onnx");
    l.inputs = io::readNpy(dir + "/inputs_" + name + ".npy");
    const Tensor t = io::readNpy(dir + "/targets_" + name + ".npy");
    for (float v : t.values())
        l.targets.push_back(static_cast<int64_t>(v));
    l.logits = io::readNpy(dir + "/logits_" + name + ".npy");
    return cache.emplace(name, std::move(l)).first->second;
}

} // namespace

class TestZennitParity : public QObject {
    Q_OBJECT

private:
    std::string m_dir;

private slots:
    void initTestCase()
    {
        const std::string data = test::sharedDataDir();
        if (!data.empty() && std::filesystem::exists(data + "/zennit-refs/README.md"))
            m_dir = data + "/zennit-refs";
    }

    void reference_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("methodIndex");
        QTest::addColumn<bool>("unregistered");
        for (const char* model : {"fmnist_cnn", "ziletti_cnn", "resblock_bn", "act_cnn"})
            for (size_t i = 0; i < methods().size(); ++i)
                QTest::newRow((std::string(model) + "/" + methods()[i].suffix).c_str())
                    << QString(model) << int(i) << false;
        // Zennit <= 0.5.1 as released: the merged bias of a bias-free conv escapes the rules' modifications.
        for (size_t i = 0; i < methods().size(); ++i) {
            const std::string s = methods()[i].suffix;
            if (s == "zennit_gradient" || s == "zennit_epsilon")
                continue;
            QTest::newRow(("resblock_bn/" + s + "__unregistered_bias").c_str())
                << QString("resblock_bn") << int(i) << true;
        }
    }

    void reference()
    {
        QFETCH(QString, model);
        QFETCH(int, methodIndex);
        QFETCH(bool, unregistered);
        if (m_dir.empty())
            QSKIP("zennit-refs not found: set LANTERN_SHARED_DATA to the shared data folder");
        const std::string name = model.toStdString();
        const Method& m = methods()[static_cast<size_t>(methodIndex)];
        const std::string file =
            m_dir + "/" + name + "__" + m.suffix + (unregistered ? "__unregistered_bias" : "") + ".npy";
        const Tensor ref = io::readNpy(file);
        Loaded& l = load(m_dir, name);

        explain::ExplainRequest r;
        r.method = m.name;
        r.params = m.params;
        if (unregistered)
            r.params["convention"] = "zennit-0.5.1";
        const int64_t n = l.inputs.dim(0), per = l.inputs.size() / n;
        QCOMPARE(ref.shape(), l.inputs.shape());
        const double tol = tolerance(name, m.suffix, unregistered);
        double worst = 0.0;
        for (int64_t i = 0; i < n; ++i) {
            r.target = explain::Target::index(l.targets[static_cast<size_t>(i)]);
            const explain::Explanation e = explain::explain(l.model, l.inputs.slice(i, i + 1).clone(), r);
            QCOMPARE(e.targets.front(), l.targets[static_cast<size_t>(i)]);
            // The logits agree with Zennit's float64 forward pass.
            const int64_t k = e.logits.dim(1);
            for (int64_t c = 0; c < k; ++c)
                QVERIFY2(std::abs(e.logits[c] - l.logits[i * k + c]) <= 1e-4 + 1e-4 * std::abs(l.logits[i * k + c]),
                         qPrintable(QString("sample %1 logit %2: %3 vs %4")
                                        .arg(i)
                                        .arg(c)
                                        .arg(e.logits[c])
                                        .arg(l.logits[i * k + c])));
            // Zennit's gradient file starts at the target logit's value, as its LRP files do.
            const double scale = std::string(m.name) == "gradient" ? l.logits[i * k + l.targets[size_t(i)]] : 1.0;
            double maxRef = 0.0, maxErr = 0.0;
            int64_t at = 0;
            for (int64_t j = 0; j < per; ++j) {
                const double want = ref[i * per + j], got = scale * e.map[j];
                QVERIFY2(std::isfinite(got), qPrintable(QString("sample %1 element %2 is not finite").arg(i).arg(j)));
                maxRef = std::max(maxRef, std::abs(want));
                if (std::abs(got - want) > maxErr) {
                    maxErr = std::abs(got - want);
                    at = j;
                }
            }
            const double rel = maxRef > 0 ? maxErr / maxRef : maxErr;
            worst = std::max(worst, rel);
            QVERIFY2(rel <= tol, qPrintable(QString("%1 sample %2: max|err| %3 = %4 x max|ref| (%5) at element %6: "
                                                    "Lantern %7, Zennit %8; tolerance %9")
                                                .arg(QString::fromStdString(file))
                                                .arg(i)
                                                .arg(maxErr)
                                                .arg(rel)
                                                .arg(maxRef)
                                                .arg(at)
                                                .arg(scale * e.map[at])
                                                .arg(ref[i * per + at])
                                                .arg(tol)));
        }
        qInfo("%s: worst sample %.3g x max|ref| (tolerance %.0e)", file.c_str(), worst, tol);
    }
};

QTEST_GUILESS_MAIN(TestZennitParity)
#include "test_zennit_parity.moc"
