// Optimal inputs that look like their class. With the Optimal input panel's defaults (which are the engine's and
// the CLI's), the optimal input of a class is closer (Pearson correlation) to the mean test image of its own class
// than to any other class mean for at least 8 of 10 classes, and the median own-class correlation is at least 0.3:
// on the demo Fashion-MNIST CNN with its 40 samples loaded, and on an MNIST CNN trained here on 8,000 images of
// mnist-10k (class means from the 2,000 held-out ones). Runs the panel as a user does (class, Run, wait) and checks
// that the CLI's defaults give the same picture. The probability curve has its axes and shows the climb.
#include "main_window.h"
#include "optimal_input_panel.h"
#include "workspace.h"

#include "lantern/explain/explainer.h"
#include "lantern/formats/onnx_export.h"
#include "lantern/io/idx.h"
#include "lantern/io/npy.h"
#include "lantern/model.h"
#include "lantern/models/presets.h"
#include "lantern/training/loss.h"
#include "lantern/training/optimizer.h"
#include "lantern/training/trainer.h"
#include "lantern/widgets/curve_plot.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace lantern;
using namespace lantern::gui;

namespace {

const QString kDemo = QStringLiteral(LANTERN_DEMO_DIR);
const QString kFashion = QStringLiteral("/usr/share/datasets/fashion-mnist"); // Debian's dataset-fashion-mnist

QString shared(const QString& rel)
{
    const QByteArray env = qgetenv("LANTERN_SHARED_DATA");
    return QString::fromLocal8Bit(env.isEmpty() ? QByteArray("../shared/data") : env) + QLatin1Char('/') + rel;
}

double correlation(const float* a, const float* b, int64_t n)
{
    double ma = 0, mb = 0;
    for (int64_t i = 0; i < n; ++i) {
        ma += a[i];
        mb += b[i];
    }
    ma /= static_cast<double>(n);
    mb /= static_cast<double>(n);
    double ab = 0, aa = 0, bb = 0;
    for (int64_t i = 0; i < n; ++i) {
        ab += (a[i] - ma) * (b[i] - mb);
        aa += (a[i] - ma) * (a[i] - ma);
        bb += (b[i] - mb) * (b[i] - mb);
    }
    return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0;
}

/// Mean image per class (10, 784) of images (N, 28, 28) in 0..255 with labels (N), rows [begin, end).
Tensor classMeans(const Tensor& images, const Tensor& labels, int64_t begin, int64_t end)
{
    Tensor means({10, 784});
    std::vector<double> count(10, 0);
    for (int64_t i = begin; i < end; ++i) {
        const auto c = static_cast<int64_t>(labels[i]);
        count[static_cast<size_t>(c)] += 1;
        for (int64_t j = 0; j < 784; ++j)
            means[c * 784 + j] += images[i * 784 + j] / 255.f;
    }
    for (int64_t c = 0; c < 10; ++c)
        for (int64_t j = 0; j < 784; ++j)
            means[c * 784 + j] /= static_cast<float>(std::max(1.0, count[static_cast<size_t>(c)]));
    return means;
}

struct Verdict {
    int wins = 0;
    double median = 0;
    QString table;
};

/// Runs the panel for every class and compares each result with the class means.
Verdict runAllClasses(MainWindow& w, const Tensor& means)
{
    OptimalInputPanel* panel = w.optimalInputPanel();
    Verdict v;
    std::vector<double> own;
    for (int c = 0; c < 10; ++c) {
        panel->setTargetClass(c);
        QSignalSpy done(panel, &OptimalInputPanel::runFinished);
        panel->start();
        if (!done.wait(120000))
            return v;
        const Tensor& x = panel->result();
        if (x.size() != 784)
            return v;
        int best = 0;
        double bestCorr = -2, mine = 0;
        for (int k = 0; k < 10; ++k) {
            const double r = correlation(x.data(), means.data() + k * 784, 784);
            if (r > bestCorr) {
                bestCorr = r;
                best = k;
            }
            if (k == c)
                mine = r;
        }
        v.wins += best == c;
        own.push_back(mine);
        v.table += QStringLiteral(" %1:%2%3 (p %4)")
                       .arg(c)
                       .arg(mine, 0, 'f', 2)
                       .arg(best == c ? QString() : QStringLiteral("→%1").arg(best))
                       .arg(panel->lastScore(), 0, 'f', 2);
    }
    std::sort(own.begin(), own.end());
    v.median = (own[4] + own[5]) / 2;
    return v;
}

bool openAndPredict(MainWindow& w, const QStringList& paths)
{
    QSignalSpy predicted(&w, &MainWindow::predictionsReady);
    w.openPaths(paths);
    return predicted.wait(30000);
}

} // namespace

class TestOptimalInputDefaults : public QObject {
    Q_OBJECT

private slots:
    /// The panel sends the engine's defaults (the ones `lantern-cli explain` uses when given no --param), and the
    /// same input: the loaded samples. Its result equals the engine's with no parameters at all.
    void panelUsesTheEngineDefaults()
    {
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(openAndPredict(w, {kDemo + QStringLiteral("/fmnist_cnn.onnx"), kDemo + QStringLiteral("/samples")}));
        OptimalInputPanel* panel = w.optimalInputPanel();
        const explain::ExplainRequest req = panel->request();
        for (const auto& p : explain::method("optimal-input").params) {
            const auto it = req.params.find(p.key);
            if (it == req.params.end())
                continue; // not shown in the panel: the engine's default applies
            const QString panelValue = QString::fromStdString(it->second);
            const QString engineValue = QString::fromStdString(p.defaultValue);
            bool numeric = false, numeric2 = false;
            const double a = panelValue.toDouble(&numeric), b = engineValue.toDouble(&numeric2);
            QVERIFY2(panelValue == engineValue || (numeric && numeric2 && std::abs(a - b) < 1e-9),
                     qPrintable(QStringLiteral("%1: panel %2, engine %3")
                                    .arg(QString::fromStdString(p.key), QString::fromStdString(it->second),
                                         QString::fromStdString(p.defaultValue))));
        }
        QCOMPARE(panel->startInput().dim(0), int64_t(40));

        panel->setTargetClass(1);
        QSignalSpy done(panel, &OptimalInputPanel::runFinished);
        panel->start();
        QVERIFY(done.wait(60000));
        explain::ExplainRequest bare;
        bare.method = "optimal-input";
        bare.target = explain::Target::index(1);
        Model model = loadModel((kDemo + QStringLiteral("/fmnist_cnn.onnx")).toStdString()); // the GUI's is busy
        const explain::Explanation e = explain::explain(model, w.workspace()->samples().data, bare);
        QCOMPARE(e.map.shape(), panel->result().shape());
        float diff = 0;
        for (int64_t i = 0; i < e.map.size(); ++i)
            diff = std::max(diff, std::abs(e.map[i] - panel->result()[i]));
        QCOMPARE(diff, 0.f);

        // the curve: iterations on x (0 to the budget), probability on y (0 to 1), climbing
        widgets::CurvePlot* curve = panel->curve();
        QCOMPARE(curve->xRange(), std::make_pair(0.0, std::stod(req.params.at("iterations"))));
        QCOMPARE(curve->yRange(), std::make_pair(0.0, 1.0));
        const auto& s = curve->series().at(0);
        QVERIFY(s.y.size() >= 40);
        QCOMPARE(s.x.back(), std::stod(req.params.at("iterations")));
        QVERIFY2(s.y.back() > s.y.front() + 0.3,
                 qPrintable(QStringLiteral("%1 → %2").arg(s.y.front()).arg(s.y.back())));
        QCOMPARE(s.y.back(), panel->lastScore());
    }

    void demoModelLooksLikeItsClasses()
    {
        if (!QFile::exists(kFashion + QStringLiteral("/t10k-images-idx3-ubyte.gz")))
            QSKIP("Debian's dataset-fashion-mnist is not installed (scripts/install-deps.sh installs it)");
        const Tensor images = io::readIdx((kFashion + QStringLiteral("/t10k-images-idx3-ubyte.gz")).toStdString());
        const Tensor labels = io::readIdx((kFashion + QStringLiteral("/t10k-labels-idx1-ubyte.gz")).toStdString());
        const Tensor means = classMeans(images, labels, 0, images.dim(0));
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(openAndPredict(w, {kDemo + QStringLiteral("/fmnist_cnn.onnx"), kDemo + QStringLiteral("/samples")}));
        const Verdict v = runAllClasses(w, means);
        qInfo("Fashion-MNIST: %d/10 classes closest to their own mean, median own-class correlation %.3f;%s", v.wins,
              v.median, qPrintable(v.table));
        QVERIFY2(v.wins >= 8, qPrintable(v.table));
        QVERIFY2(v.median >= 0.3, qPrintable(v.table));
    }

    void mnistModelLooksLikeItsDigits()
    {
        const QString imagesPath = shared(QStringLiteral("mnist/mnist-10k-images-idx3-ubyte.gz"));
        if (!QFile::exists(imagesPath))
            QSKIP("LANTERN_SHARED_DATA/mnist is absent");
        const Tensor images = io::readIdx(imagesPath.toStdString());
        const Tensor labels = io::readIdx(shared(QStringLiteral("mnist/mnist-10k-labels-idx1-ubyte.gz")).toStdString());
        const int64_t train = 8000, n = images.dim(0);

        // train the fmnist-cnn architecture on the first 8,000 digits (3 epochs of Adam, about 3 s)
        Graph g = models::buildPreset("fmnist-cnn", 0);
        Tensor x({train, 1, 28, 28}), y({train});
        for (int64_t i = 0; i < train * 784; ++i)
            x[i] = images[i] / 255.f;
        for (int64_t i = 0; i < train; ++i)
            y[i] = labels[i];
        SoftmaxCrossEntropy loss;
        Adam adam(g, 1e-3);
        Trainer(g, loss, adam, TrainConfig{.epochs = 3, .batchSize = 64, .seed = 0}).fit(Dataset{x, y});
        Tensor tx({n - train, 1, 28, 28}), ty({n - train});
        for (int64_t i = 0; i < (n - train) * 784; ++i)
            tx[i] = images[train * 784 + i] / 255.f;
        for (int64_t i = 0; i < n - train; ++i)
            ty[i] = labels[train + i];
        const double accuracy = Trainer::evaluate(g, Dataset{tx, ty}, &loss).accuracy;
        QVERIFY2(accuracy > 0.95, qPrintable(QString::number(accuracy)));

        // open it with 100 held-out digits as the samples, as a user would
        QTemporaryDir dir;
        const QString model = dir.filePath(QStringLiteral("mnist.onnx"));
        formats::exportOnnx(g, model.toStdString());
        const QString samples = dir.filePath(QStringLiteral("digits.npy"));
        io::writeNpy(samples.toStdString(), tx.slice(0, 100).clone());
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(openAndPredict(w, {model, samples}));
        QCOMPARE(w.workspace()->samples().count(), int64_t(100));
        const Verdict v = runAllClasses(w, classMeans(images, labels, train, n));
        qInfo("MNIST (test accuracy %.1f %%): %d/10 classes closest to their own mean, median own-class correlation "
              "%.3f;%s",
              accuracy * 100, v.wins, v.median, qPrintable(v.table));
        QVERIFY2(v.wins >= 8, qPrintable(v.table));
        QVERIFY2(v.median >= 0.3, qPrintable(v.table));
    }
};

QTEST_MAIN(TestOptimalInputDefaults)
#include "test_optimal_input_defaults.moc"
