// lantern-cli explain end to end on the Fashion-MNIST CNN: the gradient of the reference inputs reproduces
// the reference dataset, .h5 output holds map/logits/targets (+ extras), --png writes valid overlays, the help
// lists every method, and a bad method fails with exit code 1 and the list of methods.
#include "gradcheck.h"

#include "lantern/explain/explainer.h"
#include "lantern/io/hdf5.h"
#include "lantern/io/npy.h"

#include <QDir>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace lantern;

namespace {

const QString cli = QStringLiteral(LANTERN_CLI_PATH);

struct Result {
    int exitCode = -1;
    QString out, err;
};

Result runCli(const QStringList& args)
{
    QProcess p;
    p.start(cli, args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString shared(const QString& rel)
{
    return QString::fromStdString(test::sharedDataDir()) + "/" + rel;
}

} // namespace

class TestCliExplain : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_model, m_refs;

private slots:
    void initTestCase()
    {
        if (test::sharedDataDir().empty())
            QSKIP("shared data not found (set LANTERN_SHARED_DATA)");
        m_model = shared("torch/fmnist_cnn.onnx");
        m_refs = shared("torch/fmnist_cnn_refs.h5");
    }

    void gradientReproducesReference()
    {
        const QString out = m_tmp.filePath("g.npy");
        const Result r = runCli({"explain", "--model", m_model, "--input", m_refs + ":input", "--method", "gradient",
                                 "--batch-size", "5", "--out", out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const Tensor map = io::readNpy(out.toStdString());
        const Tensor ref = io::readHdf5Dataset(m_refs.toStdString(), "gradient");
        QCOMPARE(map.shape(), ref.shape());
        LANTERN_COMPARE_TENSORS(map, ref, 1e-5, 1e-4);
    }

    void h5HasDatasets()
    {
        const QString out = m_tmp.filePath("cam.h5");
        const Result r = runCli({"explain", "--model", m_model, "--input", m_refs + ":input", "--method", "grad-cam",
                                 "--limit", "6", "--batch-size", "4", "--out", out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const std::string f = out.toStdString();
        QCOMPARE(io::readHdf5Dataset(f, "map").shape(), (Shape{6, 1, 28, 28}));
        QCOMPARE(io::readHdf5Dataset(f, "logits").shape(), (Shape{6, 10}));
        QCOMPARE(io::readHdf5Dataset(f, "layer_map").shape(), (Shape{6, 1, 14, 14}));
        const Tensor targets = io::readHdf5Dataset(f, "targets");
        const Tensor refTargets = io::readHdf5Dataset(m_refs.toStdString(), "target");
        QCOMPARE(targets.shape(), (Shape{6}));
        for (int64_t i = 0; i < 6; ++i)
            QCOMPARE(targets[i], refTargets[i]);
    }

    void pngOverlays()
    {
        const QString dir = m_tmp.filePath("png");
        const Result r =
            runCli({"explain", "--model", m_model, "--input", m_refs + ":input", "--method", "input-x-gradient",
                    "--limit", "3", "--target", "2", "--png", dir, "--out", m_tmp.filePath("ixg.npy")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QStringList files = QDir(dir).entryList({"*.png"}, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), 3);
        for (const QString& name : files) {
            QVERIFY2(name.contains("class2"), qPrintable(name));
            QImage img(dir + "/" + name);
            QVERIFY2(!img.isNull(), qPrintable(name));
            QVERIFY(img.width() >= 112 && img.height() >= 112);
            // a diverging map over a grey image: some pixels are coloured (r != b)
            bool coloured = false;
            for (int y = 0; y < img.height() && !coloured; ++y)
                for (int x = 0; x < img.width() && !coloured; ++x)
                    coloured = qRed(img.pixel(x, y)) != qBlue(img.pixel(x, y));
            QVERIFY(coloured);
        }
    }

    void badMethodListsMethods()
    {
        const Result r = runCli({"explain", "--model", m_model, "--input", m_refs + ":input", "--method", "saliency",
                                 "--out", m_tmp.filePath("x.npy")});
        QCOMPARE(r.exitCode, 1);
        for (const auto& m : explain::methods())
            QVERIFY2(r.err.contains(QString::fromStdString(m.name)), qPrintable(r.err));
        const Result p = runCli({"explain", "--model", m_model, "--input", m_refs + ":input", "--method", "smoothgrad",
                                 "--param", "samples=lots", "--out", m_tmp.filePath("x.npy")});
        QCOMPARE(p.exitCode, 1);
        QVERIFY2(p.err.contains("samples"), qPrintable(p.err));
    }

    void helpListsMethods()
    {
        const Result r = runCli({"explain", "--help"});
        QCOMPARE(r.exitCode, 0);
        for (const auto& m : explain::methods()) {
            QVERIFY2(r.out.contains(QString::fromStdString(m.name)), m.name.c_str());
            for (const auto& p : m.params)
                QVERIFY2(r.out.contains(QString::fromStdString(p.key + "=" + p.defaultValue)),
                         qPrintable(QString::fromStdString(m.name + " " + p.key)));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliExplain)
#include "test_cli_explain.moc"
