// End-to-end tests of the explorer: the bundled demo driven as a user would (open, browse samples, step layers,
// switch methods and views, presentation mode, sessions), bad files, and responsiveness while maps compute.
#include "explanation_panel.h"
#include "explanation_view.h"
#include "main_window.h"
#include "model_panel.h"
#include "optimal_input_panel.h"
#include "task_runner.h"
#include "workspace.h"

#include "lantern/widgets/activation_grid.h"
#include "lantern/widgets/overlay_view.h"
#include "lantern/widgets/sample_browser.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace lantern;
using namespace lantern::gui;

namespace {

const QString kDemo = QStringLiteral(LANTERN_DEMO_DIR);

/// Opens the demo model and samples and waits until predictions and the first overlay are shown.
bool openDemo(MainWindow& w)
{
    QSignalSpy shown(&w, &MainWindow::explanationShown);
    QSignalSpy predicted(&w, &MainWindow::predictionsReady);
    w.openPaths({kDemo + QStringLiteral("/fmnist_cnn.onnx"), kDemo + QStringLiteral("/samples")});
    return predicted.wait(20000) && (shown.count() > 0 || shown.wait(20000));
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

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        qRegisterMetaType<ExplanationView::Mode>();
        QCoreApplication::setOrganizationName(QStringLiteral("LanternTest"));
        if (!QFileInfo::exists(kDemo + QStringLiteral("/fmnist_cnn.onnx")))
            QFAIL("the bundled demo model resources/demo/fmnist_cnn.onnx is missing");
    }

    void demoOpensClassifiesAndExplains()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY2(openDemo(w), qPrintable(w.lastError()));
        const SampleSet& s = w.workspace()->samples();
        QCOMPARE(s.count(), int64_t(40));
        QCOMPARE(s.labels.size(), size_t(40));
        int correct = 0;
        for (size_t i = 0; i < s.labels.size(); ++i)
            correct += s.labels[i] == w.workspace()->predictions()[i];
        QVERIFY2(correct >= 32, qPrintable(QString::number(correct)));
        QCOMPARE(w.workspace()->classNames().at(9), QStringLiteral("Ankle boot"));
        // the overlay shows a gradient map of the first sample at the input resolution
        const auto& map = w.view()->overlayView()->map();
        QCOMPARE(map.width, 28);
        QCOMPARE(map.height, 28);
        QVERIFY(std::any_of(map.values.begin(), map.values.end(), [](float v) { return v != 0.f; }));
    }

    void steppingSamplesLayersAndMethods()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(openDemo(w));
        const auto before = w.view()->overlayView()->map().values;
        w.stepSample(1);
        QCOMPARE(w.currentSample(), int64_t(1));
        QVERIFY(waitShown(w, ExplanationView::Mode::Overlay));
        QVERIFY(w.view()->overlayView()->map().values != before);

        const QString first = w.modelPanel()->currentLayer();
        w.stepLayer(1);
        QVERIFY(w.modelPanel()->currentLayer() != first);
        QTRY_VERIFY_WITH_TIMEOUT(w.modelPanel()->activationGrid()->channelCount() > 0, 10000);

        for (const char* method : {"lrp-epsilon", "guided-backprop", "grad-cam", "integrated-gradients"}) {
            app::MethodChoice c;
            c.method = method;
            w.explanationPanel()->setChoice(c);
            emit w.explanationPanel()->choiceChanged(c);
            QVERIFY2(waitShown(w, ExplanationView::Mode::Overlay), method);
            QVERIFY2(!w.view()->overlayView()->map().isEmpty(), method);
        }
    }

    void viewsSummaryDominantClear_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("summary") << int(ExplanationView::Mode::Summary);
        QTest::newRow("dominant") << int(ExplanationView::Mode::Dominant);
        QTest::newRow("clear") << int(ExplanationView::Mode::Clear);
    }

    void viewsSummaryDominantClear()
    {
        QFETCH(int, mode);
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(openDemo(w));
        QSignalSpy shown(&w, &MainWindow::explanationShown);
        w.view()->setMode(static_cast<ExplanationView::Mode>(mode));
        QVERIFY(waitShown(w, static_cast<ExplanationView::Mode>(mode)));
    }

    void sessionRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("demo.lantern"));
        app::Session saved;
        {
            MainWindow w;
            w.setQuietErrors(true);
            QVERIFY(openDemo(w));
            w.stepSample(1);
            w.stepSample(1);
            app::MethodChoice c;
            c.method = "lrp-epsilon";
            c.params = {{"epsilon", "0.5"}};
            c.target = 3;
            w.explanationPanel()->setChoice(c);
            render::OverlayStyle st;
            st.colormap = QStringLiteral("balance");
            st.opacity = 0.4;
            st.contourLevels = 3;
            w.explanationPanel()->setStyle(st);
            QVERIFY(w.saveSession(path));
            saved = w.session();
            QCOMPARE(saved.currentSample, 2);
        }
        MainWindow w2;
        w2.setQuietErrors(true);
        QSignalSpy shown(&w2, &MainWindow::explanationShown);
        w2.openSession(path);
        QVERIFY2(shown.wait(20000), qPrintable(w2.lastError()));
        QVERIFY(w2.session() == saved);
    }

    void badFilesGiveErrorsNotCrashes_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("name");
        QTest::newRow("garbage onnx") << QByteArray("not a model at all") << QStringLiteral("bad.onnx");
        QTest::newRow("empty onnx") << QByteArray() << QStringLiteral("empty.onnx");
        QTest::newRow("bad session") << QByteArray("{\"lantern_session\": 99}") << QStringLiteral("x.lantern");
        QTest::newRow("bad json") << QByteArray("{ nope") << QStringLiteral("arch.json");
    }

    void badFilesGiveErrorsNotCrashes()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, name);
        QTemporaryDir dir;
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        MainWindow w;
        w.setQuietErrors(true);
        QSignalSpy errors(&w, &MainWindow::errorShown);
        w.openPaths({f.fileName()});
        QVERIFY(errors.count() > 0 || errors.wait(10000));
        QVERIFY2(w.lastError().contains(name), qPrintable(w.lastError()));
        QVERIFY(!w.workspace()->hasModel());
    }

    /// Without quiet mode a bad file opens a warning dialog naming the file; closing it leaves a usable window.
    void badFileShowsAnErrorDialog()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("broken.onnx")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\x08\x07garbage");
        f.close();
        MainWindow w;
        w.show();
        QString dialogText;
        QTimer poll;
        connect(&poll, &QTimer::timeout, [&] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                dialogText = box->text();
                box->accept();
            }
        });
        poll.start(20);
        QSignalSpy errors(&w, &MainWindow::errorShown);
        w.openPaths({f.fileName()});
        QTRY_VERIFY_WITH_TIMEOUT(!dialogText.isEmpty(), 10000);
        QVERIFY2(dialogText.contains(QStringLiteral("broken.onnx")), qPrintable(dialogText));
        QVERIFY(openDemo(w)); // still works afterwards
    }

    /// Activation maximization from the panel: live snapshots arrive and the class probability climbs.
    void optimalInputRunsWithLivePreview()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(openDemo(w));
        OptimalInputPanel* panel = w.optimalInputPanel();
        QSignalSpy done(panel, &OptimalInputPanel::runFinished);
        panel->start();
        QVERIFY(panel->isRunning());
        QVERIFY(done.wait(60000));
        QVERIFY(!panel->isRunning());
        const double score = done.first().first().toDouble();
        // the default objective aims at 0.99; the regularizers that keep the input natural settle near 0.8
        QVERIFY2(score > 0.6, qPrintable(QString::number(score)));
        QVERIFY(panel->lastScore() > 0.5); // the live snapshots showed the probability climbing
        QVERIFY(!panel->currentImage().isNull());
    }

    void badSamplesGiveAnError()
    {
        MainWindow w;
        w.setQuietErrors(true);
        QVERIFY(openDemo(w));
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("broken.npy")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\x93NUMPY garbage");
        f.close();
        QSignalSpy errors(&w, &MainWindow::errorShown);
        w.openSamples({f.fileName()});
        QVERIFY(errors.wait(10000));
        QVERIFY2(w.lastError().contains(QStringLiteral("broken.npy")), qPrintable(w.lastError()));
        QCOMPARE(w.workspace()->samples().count(), int64_t(40)); // the old samples stay
    }

    void presentationModeKeyboardStepping()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(openDemo(w));
        const qreal font = QApplication::font().pointSizeF();
        w.setPresentationMode(true);
        QVERIFY(w.isFullScreen());
        QVERIFY(QApplication::font().pointSizeF() > font * 1.5);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_Right);
        QCOMPARE(w.currentSample(), int64_t(1));
        QTest::keyClick(&w, Qt::Key_2);
        QCOMPARE(w.view()->mode(), ExplanationView::Mode::Summary);
        const QString method = w.explanationPanel()->choice().method.c_str();
        QTest::keyClick(&w, Qt::Key_M);
        QVERIFY(QString::fromStdString(w.explanationPanel()->choice().method) != method);
        QTest::keyClick(&w, Qt::Key_Escape);
        QVERIFY(!w.presentationMode());
        QCOMPARE(QApplication::font().pointSizeF(), font);
    }

    /// The event loop never stalls for more than 100 ms while explanations compute.
    void staysResponsiveWhileComputing()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.show();
        QVERIFY(openDemo(w));
        QElapsedTimer clock;
        qint64 last = 0, worst = 0;
        QTimer probe;
        probe.setInterval(5);
        connect(&probe, &QTimer::timeout, [&] {
            const qint64 now = clock.elapsed();
            worst = std::max(worst, now - last);
            last = now;
        });
        clock.start();
        probe.start();
        app::MethodChoice c;
        c.method = "smoothgrad";
        c.params = {{"samples", "64"}};
        QSignalSpy shown(&w, &MainWindow::explanationShown);
        for (int i = 0; i < 6; ++i) {
            w.explanationPanel()->setChoice(c);
            emit w.explanationPanel()->choiceChanged(c);
            w.stepSample(1); // also recomputes activations and cancels the running map
            QTest::qWait(30);
        }
        QTRY_VERIFY_WITH_TIMEOUT(!w.runner()->isBusy(), 30000);
        QVERIFY(shown.count() > 0); // the last sample's map arrived; superseded ones were dropped
        QCOMPARE(w.currentSample(), int64_t(6));
        w.view()->setMode(ExplanationView::Mode::Summary);
        QVERIFY(waitShown(w, ExplanationView::Mode::Summary, 30000));
        probe.stop();
        qInfo("longest event-loop stall while computing: %lld ms", static_cast<long long>(worst));
        QVERIFY2(worst < 100, qPrintable(QString::number(worst)));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
