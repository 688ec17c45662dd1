// The explorer on gridded samples (the bundled El Niño demo): the Overlay tab becomes a map, deep Taylor's relevance
// sits over the Niño-3.4 region as contours, the read-out names latitude, longitude and values, projection, region
// and overlay controls act on the map, optimal input shows a warm equatorial Pacific, and a golden image of the
// Robinson map with contours (tests/gui/baselines, tolerance in golden.h).
#include "explanation_view.h"
#include "geo_overlay_page.h"
#include "main_window.h"
#include "workspace.h"

#include "golden.h"

#include "lantern/studies/enso.h"
#include "lantern/widgets/geo_map_view.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTest>

using namespace lantern;
using namespace lantern::gui;

namespace {

const QString kDemo = QStringLiteral(LANTERN_DEMO_DIR);
const QString kBaselines = QStringLiteral(LANTERN_BASELINE_DIR);

bool showMethod(MainWindow& w, const std::string& method)
{
    QSignalSpy shown(&w, &MainWindow::explanationShown);
    app::MethodChoice c;
    c.method = method;
    w.applyMethodChoice(c);
    return shown.count() > 0 || shown.wait(30000);
}

} // namespace

class TestGeoWorkspace : public QObject {
    Q_OBJECT

    std::unique_ptr<MainWindow> m_window;

    GeoOverlayPage* page() const { return m_window->view()->geoPage(); }
    widgets::GeoMapView* map() const { return page()->mapView(); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LanternGeoTest"));
        if (!QFileInfo::exists(kDemo + QStringLiteral("/enso/model.onnx")))
            QFAIL("the bundled demo resources/demo/enso is missing");
        m_window = std::make_unique<MainWindow>();
        m_window->setQuietErrors(true);
        m_window->resize(1400, 900);
        m_window->show();
        QSignalSpy predicted(m_window.get(), &MainWindow::predictionsReady);
        QSignalSpy shown(m_window.get(), &MainWindow::explanationShown);
        m_window->openDemo(QStringLiteral("enso"));
        QVERIFY(predicted.wait(30000));
        QVERIFY(shown.count() > 0 || shown.wait(30000));
    }

    void griddedSamplesOpenOnAMap()
    {
        QVERIFY(m_window->view()->showsMap());
        const SampleSet& set = m_window->workspace()->samples();
        QCOMPARE(set.count(), int64_t(16));
        QVERIFY(set.field);
        QCOMPARE(set.grid.cols, int64_t(180));
        QCOMPARE(map()->fieldValues().size(), size_t(91 * 180));
        QVERIFY(map()->filledLabel().contains(QStringLiteral("SST anomaly")));
    }

    void deepTaylorSitsOverNino34()
    {
        m_window->setCurrentSample(5); // the strongest El Niño month of the demo
        QVERIFY(showMethod(*m_window, "deep-taylor"));
        const std::vector<float>& e = map()->explanationValues();
        QCOMPARE(e.size(), size_t(91 * 180));
        const SampleSet& set = m_window->workspace()->samples();
        std::vector<double> lon;
        for (double l : set.grid.lon)
            lon.push_back(geo::wrapLongitude(l, 0.0));
        const auto c = studies::relevanceCentroid(e, set.grid.lat, lon);
        QVERIFY2(studies::distanceToNino34(c.lat, c.lon) < 20,
                 qPrintable(QString("relevance centroid %1 N %2 E").arg(c.lat).arg(c.lon)));
        QVERIFY(map()->renderer().contours().has_value());
    }

    void readoutNamesPlaceAndValues()
    {
        auto* readout = page()->findChild<QLabel*>(QStringLiteral("readout"));
        QVERIFY(readout);
        // the map's centre is the equator at the central longitude (225 E): over the ocean
        QTest::mouseMove(map(), map()->rect().center() + QPoint(0, 8));
        QVERIFY2(readout->text().contains(QStringLiteral("°")) && readout->text().contains(QStringLiteral("SST anomaly")) &&
                     readout->text().contains(QStringLiteral("relevance")),
                 qPrintable(readout->text()));
        QCOMPARE(m_window->statusBar()->currentMessage(), readout->text()); // and in the status bar
    }

    void controlsActOnTheMap()
    {
        const double wide = map()->renderer().aspectRatio();
        auto* region = page()->findChild<QComboBox*>(QStringLiteral("region"));
        QVERIFY(region);
        region->setCurrentIndex(1); // the tropical Pacific
        QVERIFY(map()->view().region.has_value());
        QVERIFY2(map()->renderer().aspectRatio() > 1.5 * wide, qPrintable(QString::number(map()->renderer().aspectRatio())));
        region->setCurrentIndex(0);
        auto* projection = page()->findChild<QComboBox*>(QStringLiteral("projection"));
        projection->setCurrentIndex(projection->findData(int(geo::ProjectionKind::Orthographic)));
        QCOMPARE(map()->view().projection, geo::ProjectionKind::Orthographic);
        QVERIFY(std::abs(map()->renderer().aspectRatio() - 1.0) < 1e-6);
        projection->setCurrentIndex(projection->findData(int(geo::ProjectionKind::Robinson)));
        auto* mode = page()->findChild<QComboBox*>(QStringLiteral("overlayMode"));
        mode->setCurrentIndex(mode->findData(int(widgets::GeoMapView::OverlayMode::Fill)));
        QVERIFY(map()->renderer().overlayFill().has_value());
        QVERIFY(!map()->renderer().contours().has_value());
        mode->setCurrentIndex(mode->findData(int(widgets::GeoMapView::OverlayMode::Contours)));
        QVERIFY(map()->renderer().contours().has_value());
        auto* levels = page()->findChild<QLineEdit*>(QStringLiteral("levels"));
        QVERIFY(levels);
        levels->setText(QStringLiteral("2, 0.5, 1"));
        emit levels->editingFinished();
        QCOMPARE(map()->renderer().contours()->levels, (std::vector<double>{0.5, 1, 2}));
        levels->setText(QStringLiteral("3"));
        emit levels->editingFinished();
        QVERIFY(map()->renderer().contours()->levels.empty());
        QCOMPARE(map()->renderer().contours()->count, 3);
        levels->setText(QStringLiteral("many"));
        emit levels->editingFinished(); // refused: the last good setting stays
        QCOMPARE(map()->renderer().contours()->count, 3);
        const app::FigureMap fm = page()->figureMap();
        QCOMPARE(fm.levelCount, 3);
        levels->clear();
        emit levels->editingFinished();
        QCOMPARE(map()->renderer().contours()->count, 4);
        QCOMPARE(fm.projection, std::string("robinson"));
        QCOMPARE(fm.overlay, std::string("contours"));
        QCOMPARE(fm.centralLongitude, 225.0);
    }

    void goldenRobinsonWithContours()
    {
        render::GeoStyle style = map()->renderer().style();
        style.graticuleLabels = false; // no text: independent of the machine's fonts
        map()->setStyle(style);
        QImage img(720, 380, QImage::Format_ARGB32_Premultiplied);
        img.fill(Qt::white);
        {
            QPainter p(&img);
            map()->renderer().paint(p, QRectF(0, 0, 720, 380), 4000);
        }
        test::checkGolden(QStringLiteral("geo-enso-deep-taylor"), img, kBaselines);
    }

    void optimalInputIsWarmOverNino34()
    {
        QVERIFY(showMethod(*m_window, "optimal-input"));
        QCOMPARE(map()->filledLabel(), QStringLiteral("optimal input"));
        const SampleSet& set = m_window->workspace()->samples();
        std::vector<double> lon;
        for (double l : set.grid.lon)
            lon.push_back(geo::wrapLongitude(l, 0.0));
        const double mean = studies::nino34Mean(map()->fieldValues(), set.grid.lat, lon);
        QVERIFY2(mean > 0, qPrintable(QString::number(mean)));
    }
};

QTEST_MAIN(TestGeoWorkspace)
#include "test_geo_workspace.moc"
