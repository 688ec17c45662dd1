// How the explorer shows maps: non-negative maps on a sequential colormap with a one-sided colorbar and signed ones
// on the diverging map; Summary tiles that use the space there is and open large on a click; presentation mode that
// hides menus, tabs and status bar, scales the colorbar with the fonts, raises contrast and restores the exact
// previous layout on Esc.
#include "explanation_panel.h"
#include "explanation_view.h"
#include "main_window.h"
#include "presentation_mode.h"
#include "task_runner.h"

#include "lantern/render/colormap.h"
#include "lantern/widgets/colorbar.h"
#include "lantern/widgets/map_grid.h"
#include "lantern/widgets/overlay_view.h"

#include <QApplication>
#include <QDialog>
#include <QDockWidget>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabBar>
#include <QTest>

using namespace lantern;
using namespace lantern::gui;

namespace {

const QString kDemo = QStringLiteral(LANTERN_DEMO_DIR);

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

widgets::ColorBar* overlayColorbar(MainWindow& w)
{
    return w.view()->overlayView()->parentWidget()->findChild<widgets::ColorBar*>();
}

} // namespace

class TestDisplay : public QObject {
    Q_OBJECT

    std::unique_ptr<MainWindow> m_window;

private slots:
    void initTestCase()
    {
        qRegisterMetaType<ExplanationView::Mode>();
        QCoreApplication::setOrganizationName(QStringLiteral("LanternTest"));
        m_window = std::make_unique<MainWindow>();
        m_window->setQuietErrors(true);
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(openDemo(*m_window));
    }

    void cleanupTestCase() { m_window.reset(); }

    void colormapFollowsTheSign_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("colormap");
        QTest::addColumn<bool>("oneSided");
        QTest::newRow("grad-cam (non-negative)") << "grad-cam"
                                                 << "Reds" << true;
        QTest::newRow("gradient (signed)") << "gradient"
                                           << "RdBu_r" << false;
        QTest::newRow("lrp-epsilon (signed)") << "lrp-epsilon"
                                              << "RdBu_r" << false;
    }

    void colormapFollowsTheSign()
    {
        QFETCH(QString, method);
        QFETCH(QString, colormap);
        QFETCH(bool, oneSided);
        MainWindow& w = *m_window;
        app::MethodChoice c;
        c.method = method.toStdString();
        w.applyMethodChoice(c);
        QTRY_VERIFY_WITH_TIMEOUT(w.view()->overlayView()->title().startsWith(method + QStringLiteral(" — ")) &&
                                     !w.view()->overlayView()->isBusy(),
                                 20000);
        widgets::ColorBar* bar = overlayColorbar(w);
        QVERIFY(bar && bar->isVisible());
        QCOMPARE(bar->colormap().name(), colormap);
        QCOMPARE(w.view()->overlayView()->colormap().name(), colormap);
        QCOMPARE(bar->range().lo == 0.f, oneSided);
        QVERIFY(bar->range().hi > 0.f);
    }

    /// Summary tiles grow to use the panel (not ~50 px tiles in a large empty area) and open large on a click.
    void summaryTilesUseTheSpace()
    {
        MainWindow& w = *m_window;
        w.view()->setMode(ExplanationView::Mode::Summary);
        QVERIFY(waitShown(w, ExplanationView::Mode::Summary));
        QApplication::processEvents();
        widgets::MapGrid* grid = w.view()->summaryGrid();
        // a row per layer (2 rows), or in a narrow panel a column per layer (input, 4 ranks, sum: 6 rows)
        QVERIFY2(grid->rowCount() == 2 || grid->rowCount() == 6, qPrintable(QString::number(grid->rowCount())));
        const int tile = grid->cellSize();
        QVERIFY2(tile >= 90, qPrintable(QString("tile %1 px").arg(tile))); // was 50-60 px in a panel of this size
        // the grid fills the space: one pixel more per tile would no longer fit
        const QSize view = grid->parentWidget()->size();
        QVERIFY(grid->sizeHint().width() <= view.width() && grid->sizeHint().height() <= view.height());
        QVERIFY(grid->cellSizeToFit(view - QSize(4, 4)) == tile);
        // smaller window, smaller tiles
        w.resize(1100, 700);
        QTRY_VERIFY_WITH_TIMEOUT(grid->cellSize() < tile, 5000);
        w.resize(1400, 900);
        // back to the first size: the docks may settle a little differently, but the tiles fill the panel again
        QTRY_VERIFY_WITH_TIMEOUT(grid->cellSize() >= 90 && grid->cellSizeToFit(grid->parentWidget()->size() -
                                                                               QSize(4, 4)) == grid->cellSize(),
                                 5000);
        QDialog* big = w.view()->enlargeSummaryCell(1, 1);
        QVERIFY(big);
        auto* view2 = big->findChild<widgets::OverlayView*>();
        QVERIFY(view2);
        QCOMPARE(view2->map().values, grid->cell(1, 1)->map.values);
        QVERIFY(big->windowTitle().contains(QStringLiteral("conv2")));
        QApplication::processEvents();
        QVERIFY(view2->imageRect().width() > 3 * tile);
        big->close();
        w.view()->setMode(ExplanationView::Mode::Overlay);
        QVERIFY(waitShown(w, ExplanationView::Mode::Overlay) || !w.view()->overlayView()->map().isEmpty());
    }

    /// Presentation mode for the back of a room; Esc restores exactly what was there (a window of its own).
    void presentationModeRestoresTheLayout()
    {
        MainWindow w;
        w.setQuietErrors(true);
        w.resize(1400, 900);
        w.show();
        QVERIFY(openDemo(w));
        QTest::qWait(200);
        const QByteArray state = w.saveState();
        const QRect geometry = w.geometry();
        const QFont font = QApplication::font();
        const double opacity = w.explanationPanel()->style().opacity;
        QVERIFY(opacity < 0.85);
        w.setPresentationMode(true);
        QApplication::processEvents();
        QVERIFY(w.presentationMode());
        QVERIFY(!w.menuBar()->isVisible());
        QVERIFY(!w.statusBar()->isVisible());
        QVERIFY(!w.view()->findChild<QTabBar*>()->isVisible());
        for (QDockWidget* d : w.findChildren<QDockWidget*>())
            QCOMPARE(d->isVisible(), d->objectName() == QLatin1String("ProbabilityDock"));
        QVERIFY(w.view()->overlayView()->style().opacity >= 0.85); // high contrast
        QCOMPARE(w.explanationPanel()->style().opacity, opacity);  // the user's setting is untouched
        QVERIFY(QApplication::font().pointSizeF() > font.pointSizeF() * 1.5);
        widgets::ColorBar* bar = overlayColorbar(w);
        QTRY_VERIFY_WITH_TIMEOUT(bar->width() >= bar->sizeHint().width(), 3000); // the label is not clipped
        // the view gets most of the screen
        QVERIFY(w.view()->width() > w.width() / 2);
        // Esc leaves and restores everything
        QTest::keyClick(&w, Qt::Key_Escape);
        QVERIFY(!w.presentationMode());
        QTRY_COMPARE_WITH_TIMEOUT(w.saveState(), state, 3000);
        QCOMPARE(w.geometry(), geometry);
        QVERIFY(w.menuBar()->isVisible());
        QVERIFY(w.statusBar()->isVisible());
        QVERIFY(w.view()->findChild<QTabBar*>()->isVisible());
        QCOMPARE(QApplication::font(), font);
        QCOMPARE(w.view()->overlayView()->style().opacity, opacity);
    }
};

QTEST_MAIN(TestDisplay)
#include "test_display.moc"
