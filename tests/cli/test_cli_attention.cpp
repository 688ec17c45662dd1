// `lantern-cli attention` end to end on CrabNet recordings the real zarr library writes at test time
// (tests/snapshots/make_zarr_fixtures.py): the .npy equals the expected frame bit for bit in both store layouts and
// for another layer, the printed summary names the formula and CrabNet's element order, --layout overrides the row
// order, and broken stores exit with status 1 and an error naming the chunk or key.
#include "crabnet_fixtures.h"
#include "lantern/io/npy.h"

#include "lantern/io/video.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>

using namespace lantern;

namespace {
const QString cli = QStringLiteral(LANTERN_CLI_PATH);

struct Run {
    int code = -1;
    QString out, err;
};

Run run(const QStringList& args)
{
    QProcess p;
    p.start(cli, args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

} // namespace

class TestCliAttention : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.path() + "/" + name; }

    /// Runs `attention` and compares the .npy with expected_layer{layer}.npy[sample, epoch].
    void checkFrame(const QString& store, int layer, int sample, int epoch, const QStringList& extra = {})
    {
        const QString out = path(QString("frame_%1_%2_%3_%4.npy").arg(QFileInfo(store).baseName()).arg(layer).arg(sample).arg(epoch));
        QStringList args{"attention", path(store), "--csv", path("crabnet.csv"), "--sample", QString::number(sample),
                         "--epoch", QString::number(epoch), "--out", out};
        if (layer)
            args << "--layer" << QString::number(layer);
        const Run r = run(args + extra);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const Tensor got = io::readNpy(out.toStdString());
        const Tensor all = io::readNpy(path(QString("expected_layer%1.npy").arg(layer)).toStdString());
        QCOMPARE(got.shape(), (Shape{4, 8, 8}));
        for (int64_t i = 0; i < 256; ++i)
            QVERIFY(test::sameFloat(got[i], all[(int64_t(sample) * 5 + epoch) * 256 + i]));
    }

private slots:
    void initTestCase()
    {
        if (test::crabNetCsv().isEmpty())
            QSKIP("the CrabNet formulae (crabnet/aflow__Egap/val.csv) are not in the shared data (set LANTERN_SHARED_DATA)");
        QVERIFY(m_dir.isValid());
        const QString error = test::writeCrabNetFixtures(m_dir.path());
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    /// render-video of a CrabNet store: one frame per epoch, the size asked for, in both layouts and formats.
    void renderVideo_data()
    {
        QTest::addColumn<QString>("store");
        QTest::addColumn<QString>("file");
        QTest::newRow("zip store to mp4") << "zip.zip" << "a.mp4";
        QTest::newRow("directory store to gif") << "dir.zarr" << "a.gif";
    }

    void renderVideo()
    {
        QFETCH(QString, store);
        QFETCH(QString, file);
        const Run r = run({"render-video", path(store), "--csv", path("crabnet.csv"), "--probe", "4", "--layer", "1",
                           "--fps", "5", "--size", "480x270", "--out", path(file)});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const io::VideoInfo info = io::probeVideo(path(file).toStdString());
        QCOMPARE(info.frameCount, 5); // the fixture's epochs
        QCOMPARE(info.width, 480);
        QCOMPARE(info.height, 270);
        QVERIFY2(r.out.contains("5 frames, 480x270"), qPrintable(r.out));
        const Run bad = run({"render-video", path(store), "--out", path("b.mp4")});
        QVERIFY(bad.code != 0);
        QVERIFY2(bad.err.contains("--csv"), qPrintable(bad.err));
    }

    void framesFromBothLayouts()
    {
        checkFrame("zip.zip", 0, 4, 3);
        checkFrame("dir.zarr", 0, 4, 3);
        checkFrame("zip.zip", 1, 11, 0);
        checkFrame("dir.zarr", 1, 0, 4);
        checkFrame("dir.zarr/layer0", 0, 7, 2); // the array itself as the store
        // the zip's rows read as epoch-major are another sample's
        const Run r = run({"attention", path("zip.zip"), "--csv", path("crabnet.csv"), "--sample", "1", "--epoch", "0",
                           "--layout", "epoch-major"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("epoch-major rows"));
        QVERIFY(r.out.contains("row 1\n"));
    }

    void summary()
    {
        const Run r = run({"attention", path("zip.zip"), "--csv", path("crabnet.csv"), "--sample", "4", "--epoch", "3"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("sample 4 (CSV line 6): Al2H10Ni1Zr6, epoch 3, layer 0, row 23"), qPrintable(r.out));
        QVERIFY(r.out.contains("12 samples x 5 epochs, 4 heads, n_el 8"));
        QVERIFY(r.out.contains("elements: H (0.526) Zr (0.316) Al (0.105) Ni (0.0526)"));
        // each present query row is a softmax over the 4 present keys: the mean over 16 pairs is 1/4
        QCOMPARE(r.out.count("mean 0.2500 over 16 pairs"), 4);
    }

    void errors()
    {
        const struct {
            QStringList args;
            QString words;
        } cases[] = {
            {{"missing_chunk.zip", "--sample", "0", "--epoch", "2"}, "chunk 'layer0/0.0.1.0.0' is missing"},
            {{"missing_chunk.zarr", "--sample", "3", "--epoch", "2"}, "chunk 'layer0/2.0.0.0.0' is missing"},
            {{"truncated.zip", "--sample", "1", "--epoch", "0"}, "chunk 'layer0/1.0.2.0.0': the blosc chunk"},
            {{"bad_json.zarr", "--sample", "0", "--epoch", "0"}, "layer0/.zarray: not valid JSON"},
            {{"wrong_dtype.zarr", "--sample", "0", "--epoch", "0"}, "unsupported dtype '<c8'"},
            {{"bad_rows.zarr", "--sample", "0", "--epoch", "0"}, "61 rows are not a multiple of the 12 samples"},
            {{"zip.zip", "--sample", "0", "--epoch", "0", "--layer", "2"}, "no Zarr array 'layer2'"},
            {{"zip.zip", "--sample", "12", "--epoch", "0"}, "sample 12 is out of range (12 samples)"},
        };
        for (const auto& c : cases) {
            QStringList args{"attention", path(c.args[0]), "--csv", path("crabnet.csv")};
            const Run r = run(args + c.args.mid(1));
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains(c.words), qPrintable(r.err));
        }
        const Run bad = run({"attention", path("zip.zip"), "--csv", path("crabnet.csv"), "--sample", "0", "--epoch", "0",
                             "--out", path("x.txt")});
        QCOMPARE(bad.code, 1);
        QVERIFY(bad.err.contains("--out must end in .npy"));
    }
};

QTEST_GUILESS_MAIN(TestCliAttention)
#include "test_cli_attention.moc"
