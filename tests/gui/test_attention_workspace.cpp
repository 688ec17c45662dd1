// The CrabNet attention workspace on recordings the real zarr library wrote (tests/snapshots/make_zarr_fixtures.py):
// zip and directory stores open (the CSV found beside them), the matrix shows the recorded frame bit for bit with the
// sample's element symbols and the absent pairs NaN-masked, scrubbing and switching layers or heads read nothing
// (the sample's series is in memory), the pair curve has one point per epoch, CrabNet's pred_data.npz gives the
// prediction-versus-epoch curve (its one-epoch lag corrected), corrupt stores and a missing CSV give errors naming
// the problem.
//
// LANTERN_ATTENTION_SCREENSHOT=/tmp/attention-workspace.png (with QT_QPA_PLATFORM=xcb under xvfb-run) also saves the
// workspace at 1400 × 900 as a user sees it.
#include "crabnet_fixtures.h"
#include "task_runner.h"
#include "workspaces/attention/attention_workspace.h"
#include "workspaces/attention/evolution_panel.h"
#include "workspaces/attention/sample_panel.h"

#include "lantern/io/npy.h"
#include "lantern/widgets/attention_matrix.h"
#include "lantern/widgets/curve_plot.h"
#include "lantern/widgets/timeline.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <cmath>
#include <cstring>

using namespace lantern;
using gui::AttentionWorkspace;

namespace {

constexpr int kEpochs = 5, kHeads = 4, kEl = 8;

} // namespace

class TestAttentionWorkspace : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QJsonObject m_expected;
    Tensor m_layer0, m_layer1; // (samples, epochs, heads, n_el, n_el)

    QString path(const QString& name) const { return m_dir.path() + QLatin1Char('/') + name; }
    float expected(const Tensor& t, int s, int e, int h, int r, int c) const
    {
        return t[(((int64_t(s) * kEpochs + e) * kHeads + h) * kEl + r) * kEl + c];
    }
    QStringList symbols(int s) const
    {
        QStringList out;
        for (const auto& v : m_expected["symbols"].toArray()[s].toArray())
            out << v.toString();
        return out;
    }
    int presentCount(int s) const { return int(symbols(s).size() - symbols(s).count(QStringLiteral("--"))); }

    /// The matrix shows sample `s`, epoch `e` of `t` with every slot: values, NaN masks, symbols, tooltips, colours.
    void checkFrame(AttentionWorkspace& w, const Tensor& t, int s, int e)
    {
        QCOMPARE(w.currentSample(), s);
        QCOMPARE(w.currentEpoch(), e);
        const Tensor& f = w.shownFrame();
        QCOMPARE(f.shape(), (Shape{kHeads, kEl, kEl}));
        int masked = 0;
        for (int h = 0; h < kHeads; ++h)
            for (int r = 0; r < kEl; ++r)
                for (int c = 0; c < kEl; ++c) {
                    const float want = expected(t, s, e, h, r, c);
                    QVERIFY2(test::sameFloat(f[(h * kEl + r) * kEl + c], want), qPrintable(QString("head %1 (%2, %3)").arg(h).arg(r).arg(c)));
                    masked += std::isnan(want);
                }
        const int n = presentCount(s);
        QCOMPARE(masked, kHeads * (kEl * kEl - n * n)); // absent exactly where a padding slot is involved
        widgets::AttentionMatrix* m = w.matrix();
        QCOMPARE(m->elements(), kEl);
        QCOMPARE(m->heads(), kHeads);
        QVERIFY(m->title().contains(QStringLiteral("epoch %1").arg(e)));
        const QStringList sym = symbols(s);
        // a present pair: its tooltip names both elements and the value; its cell has the colormap's colour
        const float v = expected(t, s, e, 1, 0, 1);
        const QRectF cell = m->cellRect(1, 0, 1);
        QVERIFY(!cell.isEmpty());
        const QString tip = m->toolTipAt(cell.center().toPoint());
        QVERIFY2(tip.contains(sym[0] + " attends to " + sym[1]) && tip.contains(QString::number(double(v), 'f', 4)), qPrintable(tip));
        const QImage img = m->grab().toImage();
        const QColor got = img.pixelColor((cell.center() * img.devicePixelRatio()).toPoint());
        const QColor want = m->colorFor(v);
        QVERIFY2(std::abs(got.red() - want.red()) <= 2 && std::abs(got.green() - want.green()) <= 2 && std::abs(got.blue() - want.blue()) <= 2,
                 qPrintable(got.name() + " vs " + want.name()));
        // a pair with padding is masked
        const QString absent = m->toolTipAt(m->cellRect(0, 0, kEl - 1).center().toPoint());
        QVERIFY2(absent.contains("absent pair") && absent.contains("--"), qPrintable(absent));
    }

    void waitShown(AttentionWorkspace& w)
    {
        QTRY_VERIFY_WITH_TIMEOUT(!w.pending() && !w.shownFrame().isEmpty(), 20000);
    }

private slots:
    void initTestCase()
    {
        if (test::crabNetCsv().isEmpty())
            QSKIP("the CrabNet formulae (crabnet/aflow__Egap/val.csv) are not in the shared data (set LANTERN_SHARED_DATA)");
        QVERIFY(m_dir.isValid());
        const QString error = test::writeCrabNetFixtures(m_dir.path());
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QFile json(path("expected.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        m_expected = QJsonDocument::fromJson(json.readAll()).object();
        m_layer0 = io::readNpy(path("expected_layer0.npy").toStdString());
        m_layer1 = io::readNpy(path("expected_layer1.npy").toStdString());
        QCOMPARE(m_layer0.shape(), (Shape{12, kEpochs, kHeads, kEl, kEl}));

        // CrabNet's layout with its per-epoch predictions: data_save/aflow__Egap/{attn_data_layer0.zip, pred_data.npz,
        // act_data.npz}, written as get_training_attention.py does (column 0 empty: the recorder's one-epoch lag)
        QVERIFY(QDir().mkpath(path("data_save/aflow__Egap")));
        QVERIFY(QFile::copy(path("zip.zip"), path("data_save/aflow__Egap/attn_data_layer0.zip")));
        QVERIFY(QFile::copy(path("crabnet.csv"), path("data_save/aflow__Egap/val.csv")));
        QProcess np;
        np.start("/usr/bin/python3", {"-c", "import numpy as np, sys\n"
                                            "d = sys.argv[1]\n"
                                            "s, e = np.meshgrid(np.arange(12), np.arange(5), indexing='ij')\n"
                                            "pred = (s + 0.1 * e).astype(np.float32); pred[:, 0] = np.nan\n"
                                            "act = (10.0 + s).astype(np.float32); act[:, 0] = np.nan\n"
                                            "np.savez_compressed(d + '/pred_data.npz', pred_data=pred)\n"
                                            "np.savez_compressed(d + '/act_data.npz', act_data=act)\n",
                                      path("data_save/aflow__Egap")});
        QVERIFY(np.waitForFinished(60000));
        QVERIFY2(np.exitCode() == 0, np.readAllStandardError().constData());
    }

    void recognisesStores()
    {
        QVERIFY(AttentionWorkspace::isCrabNetStore(path("zip.zip")));
        QVERIFY(AttentionWorkspace::isCrabNetStore(path("dir.zarr")));
        QVERIFY(AttentionWorkspace::isCrabNetStore(path("dir.zarr/layer0")));
        QVERIFY(AttentionWorkspace::isCrabNetStore(path("legacy_nested.zarr")));
        QVERIFY(!AttentionWorkspace::isCrabNetStore(path("generic.zarr"))); // Zarr, but no layer{L} arrays
        QVERIFY(!AttentionWorkspace::isCrabNetStore(path("crabnet.csv")));
        QVERIFY(!AttentionWorkspace::isCrabNetStore(path("expected_layer0.npy")));
        QVERIFY(!AttentionWorkspace::isCrabNetStore(path("nothing.zip")));
        QVERIFY(!AttentionWorkspace::isCrabNetStore(m_dir.path()));
    }

    void zipStore()
    {
        gui::TaskRunner runner;
        AttentionWorkspace w(&runner);
        w.resize(1400, 900);
        w.show();
        QSignalSpy opened(&w, &AttentionWorkspace::storeOpened);
        QSignalSpy errors(&w, &AttentionWorkspace::errorOccurred);
        w.openStore(path("zip.zip"), path("crabnet.csv"));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        QCOMPARE(errors.count(), 0);
        QCOMPARE(w.sampleCount(), 12);
        QCOMPARE(w.sampleList()->model()->rowCount(), 12);
        QCOMPARE(w.layerChoice()->count(), 2);
        QCOMPARE(w.currentLayer(), 0);
        QCOMPARE(w.headChoice()->count(), 1 + kHeads);
        QCOMPARE(w.timeline()->frameCount(), kEpochs);
        QCOMPARE(w.currentEpoch(), kEpochs - 1); // the trained model first
        waitShown(w);
        QCOMPARE(w.currentSample(), 0);
        // by default only the sample's elements; the padding slots (masked) on demand
        QVERIFY(!w.paddingChoice()->isChecked());
        QCOMPARE(w.matrix()->elements(), presentCount(0));
        QCOMPARE(w.shownSlots().size(), size_t(presentCount(0)));
        w.paddingChoice()->setChecked(true);
        QCOMPARE(w.matrix()->elements(), kEl);
        // the list: formula, CSV line, element count
        const QAbstractItemModel* list = w.sampleList()->model();
        const QJsonArray formulae = m_expected["formulae"].toArray();
        QCOMPARE(list->index(3, 0).data().toString(), formulae[3].toString());
        QCOMPARE(list->index(3, 2).data().toString(), QString::number(presentCount(3)));
        QVERIFY(list->index(3, 1).data().toInt() >= 5);
        // no predictions in this store: the note says so, the pair's curve is there instead
        QVERIFY(!w.hasPredictions());
        QVERIFY(!w.evolutionPanel()->predictionNote()->isHidden());
        QVERIFY(w.evolutionPanel()->predictionNote()->text().contains("pred_data.npz"));
        QVERIFY(w.evolutionPanel()->predictionPlot()->isHidden());

        // select a sample in the list, then scrub: memory only
        w.sampleList()->setCurrentIndex(list->index(3, 0));
        waitShown(w);
        QCOMPARE(w.currentSample(), 3);
        QSignalSpy started(&runner, &gui::TaskRunner::started);
        for (int e : {0, 2, 1, 4, 3}) {
            w.timeline()->setCurrent(e);
            checkFrame(w, m_layer0, 3, e);
        }
        w.timeline()->setCurrent(2);
        w.layerChoice()->setCurrentIndex(1);
        QCOMPARE(w.currentLayer(), 1);
        checkFrame(w, m_layer1, 3, 2);
        w.layerChoice()->setCurrentIndex(0);
        checkFrame(w, m_layer0, 3, 2);
        QCOMPARE(started.count(), 0);

        // the pair's attention per head: one point per epoch, the recorded values
        w.selectPair(0, 1);
        QCOMPARE(w.shownPair(), (std::pair<int, int>(0, 1)));
        const auto& curves = w.evolutionPanel()->pairPlot()->series();
        QCOMPARE(int(curves.size()), kHeads);
        for (int h = 0; h < kHeads; ++h) {
            QCOMPARE(int(curves[size_t(h)].x.size()), kEpochs);
            for (int e = 0; e < kEpochs; ++e) {
                QCOMPARE(curves[size_t(h)].x[size_t(e)], double(e));
                QCOMPARE(float(curves[size_t(h)].y[size_t(e)]), expected(m_layer0, 3, e, h, 0, 1));
            }
        }
        QVERIFY(w.evolutionPanel()->pairTitle()->text().contains(symbols(3)[0] + " → " + symbols(3)[1]));
        // a click on a cell keeps its pair
        const QRectF cell = w.matrix()->cellRect(2, 1, 0);
        QTest::mouseClick(w.matrix(), Qt::LeftButton, {}, cell.center().toPoint());
        QCOMPARE(w.shownPair(), (std::pair<int, int>(1, 0)));
        QCOMPARE(float(w.evolutionPanel()->pairPlot()->series()[2].y[1]), expected(m_layer0, 3, 1, 2, 1, 0));

        // one head
        w.headChoice()->setCurrentIndex(3);
        QCOMPARE(w.matrix()->head(), 2);
        QCOMPARE(int(w.evolutionPanel()->pairPlot()->series().size()), 1);
        QVERIFY(w.matrix()->cellRect(0, 0, 0).isEmpty());
        QVERIFY(!w.matrix()->cellRect(2, 0, 0).isEmpty());
        w.headChoice()->setCurrentIndex(0);

        // only the sample's elements
        w.paddingChoice()->setChecked(false);
        const int n = presentCount(3);
        QCOMPARE(w.matrix()->elements(), n);
        QCOMPARE(w.shownFrame().shape(), (Shape{kHeads, n, n}));
        for (int h = 0; h < kHeads; ++h)
            for (int r = 0; r < n; ++r)
                for (int c = 0; c < n; ++c)
                    QCOMPARE(w.shownFrame()[(h * n + r) * n + c], expected(m_layer0, 3, 2, h, r, c));
        w.paddingChoice()->setChecked(true);
        QCOMPARE(w.matrix()->elements(), kEl);

        // filtering the list by elements
        const QString first = symbols(3)[0];
        w.samplePanel()->setFilterText(first);
        QVERIFY(w.samplePanel()->visibleCount() >= 1 && w.samplePanel()->visibleCount() <= 12);
        w.samplePanel()->setFilterText(QStringLiteral("Xx Og"));
        QCOMPARE(w.samplePanel()->visibleCount(), 0);
        w.samplePanel()->setFilterText({});
        QCOMPARE(started.count(), 0);
        QCOMPARE(errors.count(), 0);
    }

    void directoryStoreFindsItsCsv()
    {
        gui::TaskRunner runner;
        AttentionWorkspace w(&runner);
        w.resize(1400, 900);
        w.show();
        QSignalSpy opened(&w, &AttentionWorkspace::storeOpened);
        QSignalSpy errors(&w, &AttentionWorkspace::errorOccurred);
        w.paddingChoice()->setChecked(true);
        w.openStore(path("dir.zarr")); // crabnet.csv is the only CSV beside it
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        QCOMPARE(w.layerChoice()->count(), 2);
        waitShown(w);
        w.setCurrentSample(5);
        waitShown(w);
        w.timeline()->setCurrent(1);
        checkFrame(w, m_layer0, 5, 1);
        w.setCurrentLayer(1);
        checkFrame(w, m_layer1, 5, 1);
        // the array inside the store, the legacy nested layout
        w.openStore(path("dir.zarr/layer0"));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 2, 20000);
        QCOMPARE(w.layerChoice()->count(), 1);
        waitShown(w);
        w.setCurrentSample(7);
        waitShown(w);
        w.timeline()->setCurrent(3);
        checkFrame(w, m_layer0, 7, 3);
        w.openStore(path("legacy_nested.zarr"));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 3, 20000);
        waitShown(w);
        w.setCurrentSample(11);
        waitShown(w);
        w.timeline()->setCurrent(0);
        checkFrame(w, m_layer0, 11, 0);
        QCOMPARE(errors.count(), 0);
    }

    void predictionsBesideTheStore()
    {
        gui::TaskRunner runner;
        AttentionWorkspace w(&runner);
        w.resize(1400, 900);
        w.show();
        QSignalSpy opened(&w, &AttentionWorkspace::storeOpened);
        QSignalSpy errors(&w, &AttentionWorkspace::errorOccurred);
        w.openStore(path("data_save/aflow__Egap/attn_data_layer0.zip"));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        QCOMPARE(errors.count(), 0);
        QVERIFY(w.hasPredictions());
        waitShown(w);
        w.setCurrentSample(2);
        waitShown(w);
        QVERIFY(w.evolutionPanel()->predictionNote()->isHidden());
        QVERIFY(!w.evolutionPanel()->predictionPlot()->isHidden());
        // pred_data[:, e] is the model after epoch e-1: shown at e-1; the last epoch has no prediction
        const auto& series = w.evolutionPanel()->predictionPlot()->series();
        QCOMPARE(int(series.size()), 2);
        QCOMPARE(int(series[0].x.size()), kEpochs - 1);
        for (int e = 0; e < kEpochs - 1; ++e) {
            QCOMPARE(series[0].x[size_t(e)], double(e));
            QCOMPARE(float(series[0].y[size_t(e)]), float(2 + 0.1 * (e + 1)));
        }
        QCOMPARE(series[1].y.front(), 12.0); // the target: act_data's last column
        QCOMPARE(series[1].y.back(), 12.0);
        // the pair's curve is there too
        QCOMPARE(int(w.evolutionPanel()->pairPlot()->series().front().x.size()), kEpochs);

        if (const QByteArray shot = qgetenv("LANTERN_ATTENTION_SCREENSHOT"); !shot.isEmpty()) {
            w.setCurrentSample(0);
            waitShown(w);
            w.timeline()->setCurrent(2);
            QTest::qWait(200);
            QVERIFY(w.grab().save(QString::fromLocal8Bit(shot)));
            gui::AttentionWorkspace plain(&runner);
            plain.resize(1400, 900);
            plain.show();
            QSignalSpy plainOpened(&plain, &AttentionWorkspace::storeOpened);
            plain.openStore(path("zip.zip"), path("crabnet.csv"));
            QTRY_COMPARE_WITH_TIMEOUT(plainOpened.count(), 1, 20000);
            waitShown(plain);
            plain.headChoice()->setCurrentIndex(2);
            plain.paddingChoice()->setChecked(true);
            QTest::qWait(200);
            QVERIFY(plain.grab().save(QString::fromLocal8Bit(shot).replace(".png", "-no-predictions.png")));
        }
    }

    void corruptStoresNameTheProblem()
    {
        gui::TaskRunner runner;
        AttentionWorkspace w(&runner);
        w.resize(1400, 900);
        w.show();
        QSignalSpy opened(&w, &AttentionWorkspace::storeOpened);
        QSignalSpy errors(&w, &AttentionWorkspace::errorOccurred);
        w.paddingChoice()->setChecked(true);
        w.openStore(path("bad_json.zarr"), path("crabnet.csv"));
        QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 20000);
        QString message = errors.last().at(1).toString();
        QVERIFY2(message.contains("layer0/.zarray") && message.contains("JSON"), qPrintable(message));
        w.openStore(path("bad_rows.zarr"), path("crabnet.csv"));
        QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 2, 20000);
        message = errors.last().at(1).toString();
        QVERIFY2(message.contains("61 rows are not a multiple of the 12 samples"), qPrintable(message));
        QCOMPARE(opened.count(), 0);

        // a truncated Blosc chunk: the store opens, that sample's layer 0 gives an error, layer 1 still shows
        w.openStore(path("truncated.zip"), path("crabnet.csv"));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        waitShown(w);
        w.setCurrentSample(1);
        QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 3, 20000);
        message = errors.last().at(1).toString();
        QVERIFY2(message.contains("layer0/1.0.2.0.0"), qPrintable(message));
        QVERIFY(w.matrixMessage()->isVisible());
        QVERIFY(w.matrixMessage()->text().contains("layer0/1.0.2.0.0"));
        w.setCurrentLayer(1);
        QVERIFY(w.matrix()->isVisible());
        checkFrame(w, m_layer1, 1, kEpochs - 1);

        // a missing chunk
        w.openStore(path("missing_chunk.zip"), path("crabnet.csv"));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 2, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 4, 20000);
        message = errors.last().at(1).toString();
        QVERIFY2(message.contains("chunk 'layer0/0.0.1.0.0' is missing"), qPrintable(message));
    }

    void missingCsvIsAClearError()
    {
        if (QGuiApplication::platformName() != QLatin1String("offscreen"))
            QSKIP("asks with a file dialog on a real screen");
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.path() + "/a/b"));
        const QString store = dir.path() + "/a/b/attn_data_layer0.zip";
        QVERIFY(QFile::copy(path("zip.zip"), store));
        gui::TaskRunner runner;
        AttentionWorkspace w(&runner);
        QSignalSpy opened(&w, &AttentionWorkspace::storeOpened);
        QSignalSpy errors(&w, &AttentionWorkspace::errorOccurred);
        w.openStore(store);
        QCOMPARE(errors.count(), 1);
        QString message = errors.last().at(1).toString();
        QVERIFY2(message.contains("No formulae CSV") && message.contains("attn_data_layer0.zip"), qPrintable(message));
        // two candidates: which one is not clear, both are named
        QVERIFY(QFile::copy(path("crabnet.csv"), dir.path() + "/a/b/train.csv"));
        QVERIFY(QFile::copy(path("crabnet.csv"), dir.path() + "/a/b/val.csv"));
        w.openStore(store);
        QCOMPARE(errors.count(), 2);
        message = errors.last().at(1).toString();
        QVERIFY2(message.contains("train.csv") && message.contains("val.csv"), qPrintable(message));
        // the folder above counts when there is none beside the store
        QVERIFY(QFile::remove(dir.path() + "/a/b/train.csv"));
        QVERIFY(QFile::rename(dir.path() + "/a/b/val.csv", dir.path() + "/a/val.csv"));
        w.openStore(store);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        QCOMPARE(errors.count(), 2);
        QTest::qWait(10);
        runner.waitForIdle();
        QCoreApplication::processEvents();
        // a store that does not exist
        w.openStore(dir.path() + "/nothing.zip", path("crabnet.csv"));
        QCOMPARE(errors.count(), 3);
        QVERIFY(errors.last().at(1).toString().contains("nothing.zip"));
    }
};

QTEST_MAIN(TestAttentionWorkspace)
#include "test_attention_workspace.moc"
