// Golden images of the explorer's main views on the bundled demo (sample 9): the overlay of four methods, the
// dominant-filter map and the CLEAR class map, compared pixel by pixel against tests/gui/baselines/*.png.
//
// Only the deterministic image content is compared (OverlayView::grabImage: composed map and contours, no title,
// no legend), so fonts and widget styles of the machine do not matter.
//
// Tolerance and regeneration: see tests/support/golden.h.
#include "explanation_panel.h"
#include "explanation_view.h"
#include "main_window.h"

#include "golden.h"

#include "lantern/widgets/overlay_view.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>

using namespace lantern;
using namespace lantern::gui;

namespace {

const QString kDemo = QStringLiteral(LANTERN_DEMO_DIR);
const QString kBaselines = QStringLiteral(LANTERN_BASELINE_DIR);
constexpr int kSample = 9;
constexpr int kScale = 8;
} // namespace

class TestGoldenViews : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        qRegisterMetaType<ExplanationView::Mode>();
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LanternGoldenTest"));
        if (!QFileInfo::exists(kDemo + QStringLiteral("/fmnist_cnn.onnx")))
            QFAIL("the bundled demo model resources/demo/fmnist_cnn.onnx is missing");
        m_window = std::make_unique<MainWindow>();
        m_window->setQuietErrors(true);
        m_window->resize(1400, 900);
        m_window->show();
        QSignalSpy predicted(m_window.get(), &MainWindow::predictionsReady);
        m_window->openPaths({kDemo + QStringLiteral("/fmnist_cnn.onnx"), kDemo + QStringLiteral("/samples")});
        QVERIFY2(predicted.wait(20000), qPrintable(m_window->lastError()));
        m_window->setCurrentSample(kSample);
        QCOMPARE(m_window->currentSample(), int64_t(kSample));
    }

    void cleanupTestCase() { m_window.reset(); }

    void overlay_data()
    {
        QTest::addColumn<QString>("method");
        for (const char* m : {"gradient", "lrp-epsilon", "grad-cam", "guided-backprop"})
            QTest::newRow(m) << QString::fromLatin1(m);
    }

    void overlay()
    {
        QFETCH(QString, method);
        app::MethodChoice c;
        c.method = method.toStdString();
        m_window->applyMethodChoice(c);
        auto* v = m_window->view()->overlayView();
        // The title names the method once its map is shown (a cached map is shown synchronously).
        QTRY_VERIFY_WITH_TIMEOUT(v->title().startsWith(method + QStringLiteral(" — ")) && !v->isBusy(), 20000);
        QCOMPARE(v->map().width, 28);
        check(QStringLiteral("overlay-") + method, v->grabImage(kScale));
    }

    void categorical_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("name");
        QTest::newRow("dominant") << int(ExplanationView::Mode::Dominant) << QStringLiteral("dominant");
        QTest::newRow("clear") << int(ExplanationView::Mode::Clear) << QStringLiteral("clear");
    }

    void categorical()
    {
        QFETCH(int, mode);
        QFETCH(QString, name);
        const auto m = static_cast<ExplanationView::Mode>(mode);
        QSignalSpy shown(m_window.get(), &MainWindow::explanationShown);
        m_window->view()->setMode(m);
        const auto isShown = [&] {
            return std::any_of(shown.begin(), shown.end(), [m](const QList<QVariant>& args) {
                return args.at(0).value<ExplanationView::Mode>() == m;
            });
        };
        QTRY_VERIFY_WITH_TIMEOUT(isShown(), 20000);
        QCOMPARE(m_window->view()->mode(), m);
        check(name, m_window->view()->currentImage(kScale));
    }

private:
    void check(const QString& name, const QImage& actual) { test::checkGolden(name, actual, kBaselines); }

    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestGoldenViews)
#include "test_golden_views.moc"
