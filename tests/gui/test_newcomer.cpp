// The explorer as a newcomer meets it (issue "maps that show, state that follows the model, a start screen"): the
// start page and its demos, every panel following a model that does not fit the loaded samples, settings of the
// previous model reset, errors in the window's words that go away, a chosen target that stays and resets with one
// click, a clicked filter in its own view, unsaved changes asked about, dialogs that start where the files are,
// and the pixel read-out following the map.
#include "explanation_panel.h"
#include "explanation_view.h"
#include "main_window.h"
#include "model_panel.h"
#include "start_page.h"
#include "task_runner.h"
#include "workspace.h"

#include "lantern/widgets/overlay_view.h"
#include "lantern/widgets/probability_chart.h"
#include "lantern/widgets/sample_browser.h"

#include <QApplication>
#include <QDialog>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace lantern;
using namespace lantern::gui;

namespace {

const QString kDemo = QStringLiteral(LANTERN_DEMO_DIR);

QString shared(const QString& rel)
{
    const QByteArray env = qgetenv("LANTERN_SHARED_DATA");
    return QString::fromLocal8Bit(env.isEmpty() ? QByteArray("../shared/data") : env) + QLatin1Char('/') + rel;
}

bool waitShown(MainWindow& w, ExplanationView::Mode mode, int timeoutMs = 20000)
{
    QSignalSpy shown(&w, &MainWindow::explanationShown);
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        if (!shown.wait(timeoutMs - static_cast<int>(t.elapsed())))
            return false;
        for (const auto& args : shown)
            if (args.at(0).value<ExplanationView::Mode>() == mode)
                return true;
        shown.clear();
    }
    return false;
}

bool openDemo(MainWindow& w)
{
    QSignalSpy shown(&w, &MainWindow::explanationShown);
    QSignalSpy predicted(&w, &MainWindow::predictionsReady);
    w.openPaths({kDemo + QStringLiteral("/fmnist_cnn.onnx"), kDemo + QStringLiteral("/samples")});
    return predicted.wait(20000) && (shown.count() > 0 || shown.wait(20000));
}

QLabel* readout(MainWindow& w)
{
    // the label under the overlay (the only word-wrapped label on the overlay page)
    for (QLabel* l : w.view()->findChildren<QLabel*>())
        if (l->parentWidget() == w.view()->overlayView()->parentWidget() && l->wordWrap())
            return l;
    return nullptr;
}

} // namespace

class TestNewcomer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        qRegisterMetaType<ExplanationView::Mode>();
        QCoreApplication::setOrganizationName(QStringLiteral("LanternTest"));
        QSettings().clear();
    }

    /// The empty window is a page: how to begin, the demos and recent files; a demo opens with one click and the
    /// explorer replaces the page. Help ▸ Demos lists the same demos.
    void startPageAndDemos()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(w.startPageShown());
        QVERIFY(w.startPage()->isVisible());
        for (QDockWidget* d : w.findChildren<QDockWidget*>())
            QVERIFY2(!d->isVisible(), qPrintable(d->objectName() + " shows on the start page"));
        const QList<DemoCard*> cards = w.startPage()->demoCards();
        QVERIFY(!cards.isEmpty());
        QCOMPARE(cards.front()->demoId(), QStringLiteral("fmnist"));
        QSignalSpy predicted(&w, &MainWindow::predictionsReady);
        QTest::mouseClick(cards.front(), Qt::LeftButton);
        QVERIFY(predicted.wait(20000));
        QVERIFY(!w.startPageShown());
        QCOMPARE(w.workspace()->samples().count(), int64_t(40));
        QVERIFY(w.findChild<QDockWidget*>(QStringLiteral("SamplesDock"))->isVisible());
        QVERIFY(w.startPage()->recentList()->count() >= 2); // the demo's model and samples
        // Help ▸ Demos: the same cards in a dialog
        bool listed = false;
        QTimer::singleShot(200, this, [&] {
            for (QWidget* top : QApplication::topLevelWidgets())
                if (auto* d = qobject_cast<QDialog*>(top); d && d->objectName() == QLatin1String("DemosDialog")) {
                    listed = !d->findChildren<DemoCard*>().isEmpty();
                    d->reject();
                }
        });
        for (QAction* a : w.findChildren<QAction*>())
            if (a->text().contains(QStringLiteral("Demos")))
                a->trigger();
        QVERIFY(listed);
    }

    /// Opening a model whose input does not fit the loaded samples: the samples (fitted to the old model) go, every
    /// panel shows what is loaded, and nothing keeps computing or shows stale badges, colorbars or read-outs.
    void stateFollowsAMismatchedModel()
    {
        if (!QFileInfo::exists(shared(QStringLiteral("torch/ziletti_cnn.onnx"))))
            QSKIP("shared data not found (set LANTERN_SHARED_DATA): needs torch/ziletti_cnn.onnx");
        QTemporaryDir dir;
        const QString rgb = dir.filePath(QStringLiteral("rgb.npy"));
        {
            QFile f(rgb); // random (4, 3, 64, 64) float32 samples for the Ziletti CNN, written as .npy
            QVERIFY(f.open(QIODevice::WriteOnly));
            QByteArray header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 3, 64, 64), }";
            while ((10 + header.size() + 1) % 64 != 0)
                header += ' ';
            header += '\n';
            const quint16 len = static_cast<quint16>(header.size());
            f.write("\x93NUMPY\x01\x00", 8);
            f.write(reinterpret_cast<const char*>(&len), 2);
            f.write(header);
            QByteArray data(4 * 3 * 64 * 64 * 4, 0);
            auto* values = reinterpret_cast<float*>(data.data());
            for (int i = 0; i < 4 * 3 * 64 * 64; ++i)
                values[i] = float((i * 7919) % 1000) / 1000.f;
            f.write(data);
        }
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QSignalSpy shown(&w, &MainWindow::explanationShown);
        QSignalSpy predicted(&w, &MainWindow::predictionsReady);
        w.openPaths({shared(QStringLiteral("torch/ziletti_cnn.onnx")), rgb});
        QVERIFY(predicted.wait(20000) && (shown.count() > 0 || shown.wait(20000)));
        QVERIFY(w.view()->overlayView()->map().width > 0);
        QSignalSpy errors(&w, &MainWindow::errorShown);
        w.openModel(kDemo + QStringLiteral("/fmnist_cnn.onnx"));
        QVERIFY(errors.wait(20000)); // 3x64x64 arrays cannot feed the 1x28x28 demo CNN
        w.runner()->waitForIdle();
        QApplication::processEvents();
        QCOMPARE(w.workspace()->samples().count(), int64_t(0));
        QCOMPARE(w.sampleBrowser()->visibleCount(), 0);
        QVERIFY(w.view()->overlayView()->map().isEmpty());
        QVERIFY(w.view()->overlayView()->base().isNull());
        QTRY_VERIFY_WITH_TIMEOUT(!w.runner()->isBusy(), 10000);
        QVERIFY2(!w.statusBar()->findChild<QProgressBar*>()->isVisible(), "a progress bar is left behind");
        for (QToolButton* b : w.statusBar()->findChildren<QToolButton*>())
            QVERIFY2(!b->isVisible(), "a Cancel button is left behind");
        for (QLabel* l : w.modelPanel()->findChildren<QLabel*>())
            QVERIFY2(!l->text().startsWith(QStringLiteral("Computing")), qPrintable(l->text()));
        QVERIFY(w.probabilityChart()->data().probabilities.empty());
    }

    /// A method choice that only made sense for the previous model is reset, and the status bar says so.
    void staleChoiceIsReset()
    {
        if (!QFileInfo::exists(shared(QStringLiteral("torch/ziletti_cnn.onnx"))))
            QSKIP("shared data not found (set LANTERN_SHARED_DATA)");
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(openDemo(w));
        app::MethodChoice c;
        c.method = "attentive-response";
        c.layer = "conv2";
        c.params = {{"filters", "3"}};
        c.target = 9;
        w.applyMethodChoice(c);
        QSignalSpy loaded(&w, &MainWindow::modelLoaded);
        w.openModel(shared(QStringLiteral("torch/ziletti_cnn.onnx")));
        QVERIFY(loaded.wait(20000));
        const app::MethodChoice now = w.explanationPanel()->choice();
        QCOMPARE(now.method, std::string("attentive-response"));
        QVERIFY(now.params.count("filters") == 0);
        QVERIFY(now.layer.empty());        // the ONNX model names its layers "/conv2/Conv"
        QCOMPARE(now.target, int64_t(-1)); // it has 7 classes
    }

    /// Errors in the window speak its language (no command-line flags), wrap, and go away with the next map.
    void errorsWrapAndGoAway()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(openDemo(w));
        QLabel* text = readout(w);
        QVERIFY(text);
        QVERIFY(text->wordWrap());
        app::MethodChoice bad;
        bad.method = "optimal-input";
        bad.params = {{"objective", "unit"}};
        w.applyMethodChoice(bad);
        QTRY_VERIFY_WITH_TIMEOUT(text->text().contains(QStringLiteral("Cannot compute")), 20000);
        QVERIFY2(!text->text().contains(QStringLiteral("--")), qPrintable(text->text()));
        app::MethodChoice good;
        good.method = "gradient";
        w.applyMethodChoice(good); // cached from the start: shown at once
        QTRY_VERIFY_WITH_TIMEOUT(!text->text().contains(QStringLiteral("Cannot compute")), 20000);
        QVERIFY(!w.view()->overlayView()->map().isEmpty());
    }

    /// The read-out under the picture follows the map: after a method or sample change it shows the new value at the
    /// pixel last pointed at.
    void readoutFollowsTheMap()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.resize(1400, 900);
        w.show();
        QVERIFY(openDemo(w));
        widgets::OverlayView* view = w.view()->overlayView();
        QLabel* text = readout(w);
        QVERIFY(text->text().contains(QStringLiteral("…"))); // before pointing: the map's range
        const QPointF centre = view->imageRect().center();
        QTest::mouseMove(view, centre.toPoint());
        const auto pixel = view->mapPixelAt(centre);
        QVERIFY(pixel);
        const float v1 = view->map().at(pixel->x(), pixel->y());
        QVERIFY2(text->text().contains(QLocale().toString(v1, 'g', 4)), qPrintable(text->text()));
        app::MethodChoice c;
        c.method = "lrp-epsilon";
        w.applyMethodChoice(c);
        QVERIFY(waitShown(w, ExplanationView::Mode::Overlay));
        const float v2 = view->map().at(pixel->x(), pixel->y());
        QVERIFY(v1 != v2);
        QVERIFY2(text->text().contains(QLocale().toString(v2, 'g', 4)), qPrintable(text->text()));
    }

    /// A class chosen on the probability chart is shown plainly and stays over sample changes until reset with
    /// one click.
    void chosenTargetStaysUntilReset()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(openDemo(w));
        emit w.probabilityChart()->classClicked(3); // what a click on the "Dress" bar does
        QVERIFY(waitShown(w, ExplanationView::Mode::Overlay));
        QCOMPARE(w.explanationPanel()->choice().target, int64_t(3));
        QVERIFY2(w.view()->overlayView()->title().contains(QStringLiteral("chosen class 3")),
                 qPrintable(w.view()->overlayView()->title()));
        w.stepSample(1);
        QVERIFY(waitShown(w, ExplanationView::Mode::Overlay));
        QCOMPARE(w.explanationPanel()->choice().target, int64_t(3));
        QToolButton* reset = nullptr;
        for (QToolButton* b : w.explanationPanel()->findChildren<QToolButton*>())
            if (b->text() == QStringLiteral("Predicted"))
                reset = b;
        QVERIFY(reset && reset->isEnabled());
        QTest::mouseClick(reset, Qt::LeftButton);
        QVERIFY(waitShown(w, ExplanationView::Mode::Overlay));
        QCOMPARE(w.explanationPanel()->choice().target, int64_t(-1));
        QVERIFY(w.view()->overlayView()->title().contains(QStringLiteral("predicted class")));
        QVERIFY(!reset->isEnabled());
    }

    /// Clicking a filter shows its map in the Filter view and leaves the chosen method and target alone.
    void filterClickKeepsTheMethod()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(openDemo(w));
        app::MethodChoice c;
        c.method = "lrp-epsilon";
        c.target = 2;
        w.applyMethodChoice(c);
        QVERIFY(waitShown(w, ExplanationView::Mode::Overlay));
        emit w.modelPanel()->filterChosen(QStringLiteral("conv1"), 5);
        QVERIFY(waitShown(w, ExplanationView::Mode::Filter));
        QCOMPARE(w.view()->mode(), ExplanationView::Mode::Filter);
        const app::MethodChoice after = w.explanationPanel()->choice();
        QCOMPARE(after.method, std::string("lrp-epsilon"));
        QCOMPARE(after.target, int64_t(2));
    }

    /// Quitting with unsaved changes asks: Cancel keeps the window, Discard lets it close; opening files alone is no
    /// change, and the title carries the modified marker.
    void unsavedChangesAreAskedAbout()
    {
        QTemporaryDir dir;
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(openDemo(w));
        QVERIFY(!w.hasUnsavedChanges());
        QVERIFY(!w.isWindowModified());
        w.stepSample(1); // browsing is no change either
        QVERIFY(!w.hasUnsavedChanges());
        app::MethodChoice c;
        c.method = "smoothgrad";
        w.applyMethodChoice(c);
        QVERIFY(w.hasUnsavedChanges());
        QVERIFY(w.isWindowModified());
        QVERIFY(w.windowTitle().contains(QStringLiteral("[*]")));
        int asked = 0;
        w.setSaveQuestion([&asked] {
            ++asked;
            return int(QMessageBox::Cancel);
        });
        QVERIFY(!w.close());
        QCOMPARE(asked, 1);
        QVERIFY(w.isVisible());
        QVERIFY(w.saveSession(dir.filePath(QStringLiteral("s.lantern"))));
        QVERIFY(!w.hasUnsavedChanges());
        QVERIFY(!w.isWindowModified());
        w.explanationPanel()->setTarget(4);
        QVERIFY(w.hasUnsavedChanges());
        w.setSaveQuestion([&asked] {
            ++asked;
            return int(QMessageBox::Discard);
        });
        QVERIFY(w.close());
        QCOMPARE(asked, 2);
    }

    /// File dialogs start where the related file is: the folder of the last file of that kind.
    void dialogsStartWhereTheFilesAre()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("x.npy"));
        MainWindow::rememberDirectory(QStringLiteral("samples"), file);
        QCOMPARE(MainWindow::dialogDirectory(QStringLiteral("samples")), QFileInfo(dir.path()).absoluteFilePath());
        QCOMPARE(MainWindow::dialogDirectory(QStringLiteral("never-used"), dir.path()), dir.path());
    }
};

QTEST_MAIN(TestNewcomer)
#include "test_newcomer.moc"
