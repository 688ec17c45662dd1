// lantern-cli figure SIDECAR.json: rebuilds an exported figure (Fashion-MNIST CNN, 2 samples × input, gradient,
// LRP-ε) with identical pixels, writes valid SVG/PDF, refuses a changed model (exit code 1) unless --ignore-hash,
// honours --dpi, finds files next to a moved sidecar, and reports bad sidecars clearly.
#include "gradcheck.h"

#include "common/figure_job.h"

#include "lantern/io/npy.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace lantern;

namespace {

const QString cli = QStringLiteral(LANTERN_CLI_PATH);

struct Result {
    int exitCode = -1;
    QString out, err;
};

Result runCli(const QStringList& args, const QString& workDir = {})
{
    QProcess p;
    if (!workDir.isEmpty())
        p.setWorkingDirectory(workDir);
    p.start(cli, args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString shared(const QString& rel)
{
    return QString::fromStdString(test::sharedDataDir()) + "/" + rel;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool samePixels(const QImage& a, const QImage& b)
{
    return a.size() == b.size() && a.convertToFormat(QImage::Format_ARGB32) == b.convertToFormat(QImage::Format_ARGB32);
}

} // namespace

class TestCliFigure : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    app::FigureSpec m_spec;
    QString m_png;

private slots:
    void initTestCase()
    {
        if (test::sharedDataDir().empty() || !QFile::exists(shared("torch/fmnist_cnn.onnx")))
            QSKIP("shared data not found (set LANTERN_SHARED_DATA): needs torch/fmnist_cnn.onnx");
        const QString model = m_tmp.filePath("model.onnx");
        QVERIFY(QFile::copy(shared("torch/fmnist_cnn.onnx"), model));
        const QString npy = m_tmp.filePath("samples.npy");
        io::writeNpy(npy.toStdString(), test::randomTensor({3, 1, 28, 28}, 5, 0.f, 1.f));
        m_spec.modelPath = model.toStdString();
        m_spec.sampleSpec = npy.toStdString();
        m_spec.sampleIndices = {2, 0};
        app::FigureColumn input;
        input.kind = "input";
        app::FigureColumn gradient;
        gradient.method.method = "gradient";
        app::FigureColumn lrp;
        lrp.method.method = "lrp-epsilon";
        m_spec.columns = {input, gradient, lrp};
        m_spec.title = "rebuild me";
        m_spec.dpi = 100;
        m_png = m_tmp.filePath("fig.png");
        app::exportFigure(m_spec, m_png);
        QVERIFY(QFile::exists(m_png + ".json"));
    }

    void rebuildsIdenticalPng()
    {
        const QString out = m_tmp.filePath("again.png");
        const Result r = runCli({"figure", m_png + ".json", "--out", out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QImage original(m_png), rebuilt(out);
        QVERIFY(!rebuilt.isNull());
        QVERIFY(samePixels(original, rebuilt));
        QVERIFY2(
            r.out.contains(out) &&
                r.out.contains(QStringLiteral("%1 x %2 px at 100 dpi").arg(original.width()).arg(original.height())),
            qPrintable(r.out));
        QVERIFY2(r.out.contains("2 x 3 panels"), qPrintable(r.out));
    }

    void defaultOutputIsTheSidecarName()
    {
        const QString dir = m_tmp.filePath("default");
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(QFile::copy(m_png + ".json", dir + "/copy.png.json"));
        const Result r = runCli({"figure", dir + "/copy.png.json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(samePixels(QImage(m_png), QImage(dir + "/copy.png")));
    }

    void dpiOption()
    {
        const QString out = m_tmp.filePath("dpi200.png");
        const Result r = runCli({"figure", m_png + ".json", "--out", out, "--dpi", "200"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QImage a(m_png), b(out);
        QCOMPARE(b.width(), static_cast<int>(std::lround(a.width() * 2.0)));
        QVERIFY(std::abs(b.height() - 2 * a.height()) <= 1);
        QVERIFY(r.out.contains("at 200 dpi"));
    }

    void vectorFormats_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("magic");
        QTest::newRow("svg") << "fig.svg" << QByteArray("<svg");
        QTest::newRow("pdf") << "fig.pdf" << QByteArray("%PDF-");
    }

    void vectorFormats()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, magic);
        const QString out = m_tmp.filePath(name);
        const Result r = runCli({"figure", m_png + ".json", "--out", out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QByteArray bytes = readAll(out);
        QVERIFY(bytes.size() > 1000);
        QVERIFY(magic == "%PDF-" ? bytes.startsWith(magic) : bytes.contains(magic));
        QVERIFY2(r.out.contains(" pt ("), qPrintable(r.out));
    }

    void movedFolderResolvesNextToTheSidecar()
    {
        // a sidecar with relative paths, run from another working directory
        const QString dir = m_tmp.filePath("project");
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(QFile::copy(m_tmp.filePath("model.onnx"), dir + "/model.onnx"));
        QVERIFY(QFile::copy(m_tmp.filePath("samples.npy"), dir + "/samples.npy"));
        app::FigureSpec spec = app::figureSpecFromJson(readAll(m_png + ".json"), "sidecar");
        spec.modelPath = "model.onnx";
        spec.sampleSpec = "samples.npy";
        QFile f(dir + "/rel.png.json");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(app::figureSpecToJson(spec));
        f.close();
        const Result r = runCli({"figure", dir + "/rel.png.json"}, QDir::rootPath());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(samePixels(QImage(m_png), QImage(dir + "/rel.png")));
    }

    void changedModelNeedsIgnoreHash()
    {
        const QString dir = m_tmp.filePath("changed");
        QVERIFY(QDir().mkpath(dir));
        const QString model = dir + "/model.onnx";
        QVERIFY(QFile::copy(m_tmp.filePath("model.onnx"), model));
        app::FigureSpec spec = app::figureSpecFromJson(readAll(m_png + ".json"), "sidecar");
        spec.modelPath = model.toStdString();
        const QString sidecar = dir + "/fig.png.json";
        QFile f(sidecar);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(app::figureSpecToJson(spec));
        f.close();
        QCOMPARE(runCli({"figure", sidecar}).exitCode, 0);

        QFile m(model);
        QVERIFY(m.open(QIODevice::Append));
        m.write(QByteArray("\xA2\x06\x01x", 4)); // an unknown protobuf field: new hash, still loads
        m.close();
        QFile::remove(dir + "/fig.png");
        const Result refused = runCli({"figure", sidecar});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("model.onnx") && refused.err.contains("SHA-256") &&
                     refused.err.contains("--ignore-hash"),
                 qPrintable(refused.err));
        QVERIFY(!QFile::exists(dir + "/fig.png"));

        const Result forced = runCli({"figure", sidecar, "--ignore-hash"});
        QVERIFY2(forced.exitCode == 0, qPrintable(forced.err));
        QVERIFY(samePixels(QImage(m_png), QImage(dir + "/fig.png")));
    }

    void badInputs_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{ nope") << "not a Lantern figure sidecar";
        QTest::newRow("wrong version") << QByteArray("{\"lantern_figure\": 7}") << "supported version";
        QTest::newRow("missing samples")
            << QByteArray("{\"lantern_figure\": 1, \"model\": {\"path\": \"/nonexistent/m.onnx\"}, "
                          "\"samples\": {\"spec\": \"/nonexistent/x.npy\", \"indices\": [0]}, "
                          "\"columns\": [{\"kind\": \"input\"}]}")
            << "/nonexistent/m.onnx";
    }

    void badInputs()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString sidecar = m_tmp.filePath("bad.png.json");
        QFile f(sidecar);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
        f.close();
        const Result r = runCli({"figure", sidecar});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("error") && r.err.contains(expected), qPrintable(r.err));
    }

    void missingSidecarAndBadSuffix()
    {
        Result r = runCli({"figure", m_tmp.filePath("none.png.json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("none.png.json"), qPrintable(r.err));
        r = runCli({"figure", m_png + ".json", "--out", m_tmp.filePath("x.gif")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("x.gif") && r.err.contains(".png, .svg or .pdf"), qPrintable(r.err));
    }
};

QTEST_MAIN(TestCliFigure)
#include "test_cli_figure.moc"
