// Map figures of gridded samples (the bundled El Niño demo): exported from a FigureSpec with its map settings,
// rebuilt by `lantern-cli figure SIDECAR.json` with identical pixels, regions change the layout, SVG and PDF are
// written, and bad map settings in a sidecar are reported naming the file.
#include "common/figure_job.h"
#include "common/geo_figure_job.h"

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace lantern;

namespace {

const QString cli = QStringLiteral(LANTERN_CLI_PATH);
const QString kDemo = QStringLiteral(LANTERN_DEMO_DIR);

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

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestCliMapFigure : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    app::FigureSpec m_spec;
    QString m_png;

private slots:
    void initTestCase()
    {
        if (!QFile::exists(kDemo + "/enso/model.onnx"))
            QFAIL("the bundled demo resources/demo/enso is missing");
        m_spec.modelPath = (kDemo + "/enso/model.onnx").toStdString();
        m_spec.sampleSpec = (kDemo + "/enso/fields.nc:sst").toStdString();
        m_spec.sampleIndices = {5, 9};
        app::FigureColumn input;
        input.kind = "input";
        app::FigureColumn dt;
        dt.method.method = "deep-taylor";
        app::FigureColumn grad;
        grad.method.method = "gradient";
        m_spec.columns = {input, dt, grad};
        m_spec.title = "El Nino months";
        m_spec.classNames = {"La Nina", "El Nino"};
        m_spec.dpi = 60;
        QVERIFY(app::isGriddedSpec(m_spec.sampleSpec));
        m_png = m_tmp.filePath("map.png");
        app::exportFigure(m_spec, m_png);
        QVERIFY(QFile::exists(m_png + ".json"));
        QVERIFY(readAll(m_png + ".json").contains("\"projection\": \"robinson\""));
    }

    void rebuildsIdenticalPng()
    {
        const QString out = m_tmp.filePath("again.png");
        const Result r = runCli({"figure", m_png + ".json", "--out", out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const QImage a(m_png), b(out);
        QVERIFY(!a.isNull() && a.size() == b.size());
        QVERIFY(a.convertToFormat(QImage::Format_ARGB32) == b.convertToFormat(QImage::Format_ARGB32));
        QVERIFY2(r.out.contains("2 x 3 panels"), qPrintable(r.out));
        // three Robinson panels across: twice as wide as tall, give or take titles and colorbars
        QVERIFY2(a.width() > a.height(), qPrintable(QString("%1 x %2").arg(a.width()).arg(a.height())));
    }

    void regionAndOverlayChangeTheFigure()
    {
        app::FigureSpec s = m_spec;
        s.map.projection = "platecarree";
        s.map.centralLongitude = 180;
        s.map.region = {105, -22.5, 290, 22.5};
        s.map.overlay = "fill";
        const QString path = m_tmp.filePath("region.png");
        app::exportFigure(s, path);
        const QImage region(path), world(m_png);
        // the tropical band is far wider than tall: the same columns make a much flatter figure
        QVERIFY2(double(region.width()) / region.height() > 1.3 * double(world.width()) / world.height(),
                 qPrintable(QString("%1 x %2 vs %3 x %4").arg(region.width()).arg(region.height()).arg(world.width()).arg(world.height())));
        const QSizeF inches = app::geoFigureFrameInches(s, 2, 3);
        QCOMPARE(QSize(int(std::lround(inches.width() * 60)), int(std::lround(inches.height() * 60))), region.size());
    }

    void vectorFormats()
    {
        for (const char* ext : {"svg", "pdf"}) {
            const QString out = m_tmp.filePath(QStringLiteral("map.%1").arg(ext));
            const Result r = runCli({"figure", m_png + ".json", "--out", out});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            const QByteArray head = readAll(out).left(200);
            QVERIFY2(head.contains(ext == QStringLiteral("svg") ? "<svg" : "%PDF"), head.constData());
        }
    }

    void badMapSettingsAreNamed()
    {
        QByteArray json = readAll(m_png + ".json");
        json.replace("\"robinson\"", "\"mercator\"");
        const QString bad = m_tmp.filePath("bad.png.json");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(json);
        f.close();
        const Result r = runCli({"figure", bad});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("bad.png.json") && r.err.contains("mercator") && r.err.contains("robinson"),
                 qPrintable(r.err));
    }
};

QTEST_MAIN(TestCliMapFigure)
#include "test_cli_map_figure.moc"
