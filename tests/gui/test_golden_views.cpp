// Golden images of the explorer's main views on the bundled demo (sample 9): the overlay of four methods, the
// dominant-filter map and the CLEAR class map, compared pixel by pixel against tests/gui/baselines/*.png.
//
// Only the deterministic image content is compared (OverlayView::grabImage: composed map and contours, no title,
// no legend), so fonts and widget styles of the machine do not matter.
//
// Tolerance: the per-channel mean absolute difference must be ≤ 2 (of 255) and at most 0.5 % of the pixels may
// differ by more than 32 in some channel. The maps come from floating-point arithmetic whose last bits may vary
// with the CPU's vector width (oneDNN picks kernels at run time); after normalisation and colour mapping such
// noise moves a few colour indices by one step (differences of 1–3), and contour lines (antialiased, drawn at
// iso-levels) may shift by a pixel where a value sits right on a level. A real regression (another colormap,
// range, sign, method or wrong sample) changes most pixels by far more.
//
// Regenerating: a missing baseline is written and the case skipped; LANTERN_UPDATE_BASELINES=1 rewrites all of
// them deliberately (then review the PNGs and commit them). On a mismatch the actual image and a diff image are
// saved to the working directory and their paths printed.
#include "explanation_panel.h"
#include "explanation_view.h"
#include "main_window.h"

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
constexpr double kMaxMeanDiff = 2.0;        ///< per channel, of 255
constexpr int kLargeDiff = 32;              ///< a pixel "differs" when some channel differs by more than this
constexpr double kMaxLargeFraction = 0.005; ///< at most 0.5 % of the pixels may differ

struct Comparison {
    std::array<double, 4> meanDiff{}; ///< R, G, B, A
    double largeFraction = 0;
    QImage diff; ///< |actual - expected| per channel, amplified ×4, opaque
};

Comparison compareImages(const QImage& actualIn, const QImage& expectedIn)
{
    const QImage a = actualIn.convertToFormat(QImage::Format_ARGB32);
    const QImage e = expectedIn.convertToFormat(QImage::Format_ARGB32);
    Comparison c;
    c.diff = QImage(a.size(), QImage::Format_RGB32);
    std::array<int64_t, 4> sums{}; // integer sums in row-major order: exact and order-independent
    int64_t large = 0;
    for (int y = 0; y < a.height(); ++y) {
        const auto* pa = reinterpret_cast<const QRgb*>(a.constScanLine(y));
        const auto* pe = reinterpret_cast<const QRgb*>(e.constScanLine(y));
        auto* pd = reinterpret_cast<QRgb*>(c.diff.scanLine(y));
        for (int x = 0; x < a.width(); ++x) {
            const std::array<int, 4> d{std::abs(qRed(pa[x]) - qRed(pe[x])), std::abs(qGreen(pa[x]) - qGreen(pe[x])),
                                       std::abs(qBlue(pa[x]) - qBlue(pe[x])), std::abs(qAlpha(pa[x]) - qAlpha(pe[x]))};
            for (size_t k = 0; k < 4; ++k)
                sums[k] += d[k];
            large += *std::max_element(d.begin(), d.end()) > kLargeDiff;
            const int dA = std::min(255, d[3] * 4);
            pd[x] = qRgb(std::min(255, std::max(d[0] * 4, dA)), std::min(255, std::max(d[1] * 4, dA)),
                         std::min(255, std::max(d[2] * 4, dA)));
        }
    }
    const double n = std::max<double>(1.0, double(a.width()) * a.height());
    for (size_t k = 0; k < 4; ++k)
        c.meanDiff[k] = double(sums[k]) / n;
    c.largeFraction = double(large) / n;
    return c;
}

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
    void check(const QString& name, const QImage& actual)
    {
        QVERIFY2(!actual.isNull(), qPrintable(name + QStringLiteral(": the view shows no image")));
        const QString baseline = QDir(kBaselines).filePath(name + QStringLiteral(".png"));
        const bool update = qEnvironmentVariableIntValue("LANTERN_UPDATE_BASELINES") == 1;
        if (update || !QFileInfo::exists(baseline)) {
            QDir().mkpath(kBaselines);
            QVERIFY2(actual.save(baseline), qPrintable(QStringLiteral("cannot write ") + baseline));
            const QString why =
                update ? QStringLiteral("LANTERN_UPDATE_BASELINES=1") : QStringLiteral("it was missing");
            QSKIP(qPrintable(QStringLiteral("wrote baseline %1 (%2); review and commit it").arg(baseline, why)));
        }
        const QImage expected(baseline);
        QVERIFY2(!expected.isNull(), qPrintable(QStringLiteral("cannot read baseline ") + baseline));
        const QString actualPath = QDir::current().filePath(QStringLiteral("golden-%1-actual.png").arg(name));
        const QString diffPath = QDir::current().filePath(QStringLiteral("golden-%1-diff.png").arg(name));
        if (actual.size() != expected.size()) {
            actual.save(actualPath);
            QFAIL(qPrintable(QStringLiteral("%1: size %2×%3, baseline %4 is %5×%6; actual saved to %7")
                                 .arg(name)
                                 .arg(actual.width())
                                 .arg(actual.height())
                                 .arg(baseline)
                                 .arg(expected.width())
                                 .arg(expected.height())
                                 .arg(actualPath)));
        }
        const Comparison c = compareImages(actual, expected);
        const double worstMean = *std::max_element(c.meanDiff.begin(), c.meanDiff.end());
        const QString numbers = QStringLiteral("%1: mean |diff| per channel R %2 G %3 B %4 A %5 (max %6); %7 % of "
                                               "pixels differ by > %8 (max %9 %)")
                                    .arg(name)
                                    .arg(c.meanDiff[0], 0, 'f', 3)
                                    .arg(c.meanDiff[1], 0, 'f', 3)
                                    .arg(c.meanDiff[2], 0, 'f', 3)
                                    .arg(c.meanDiff[3], 0, 'f', 3)
                                    .arg(kMaxMeanDiff)
                                    .arg(c.largeFraction * 100, 0, 'f', 3)
                                    .arg(kLargeDiff)
                                    .arg(kMaxLargeFraction * 100);
        qInfo("%s", qPrintable(numbers));
        if (worstMean > kMaxMeanDiff || c.largeFraction > kMaxLargeFraction) {
            actual.save(actualPath);
            c.diff.save(diffPath);
            QFAIL(qPrintable(QStringLiteral("%1 differs from baseline %2\n  actual: %3\n  diff (×4): %4\n  (if the "
                                            "change is intended, rerun with LANTERN_UPDATE_BASELINES=1)")
                                 .arg(numbers, baseline, actualPath, diffPath)));
        }
    }

    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestGoldenViews)
#include "test_golden_views.moc"
