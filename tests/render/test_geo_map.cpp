// Map rendering: pixels land where PROJ puts their longitude and latitude, picking inverts the drawing, the land
// file format is checked, contour levels, and golden images (tests/render/baselines, tolerance in golden.h) of a
// Robinson world map with contours, a Plate Carree region and an orthographic globe.
#include "golden.h"

#include "lantern/error.h"
#include "lantern/geo/grid.h"
#include "lantern/geo/projection.h"
#include "lantern/render/colormap.h"
#include "lantern/render/geo_map.h"

#include <QPainter>
#include <QtTest>

#include <cmath>

using namespace lantern;
using namespace lantern::render;

namespace {

const QString kBaselines = QStringLiteral(LANTERN_RENDER_BASELINES);

/// A 2-degree global grid (as the El Niño study's) with value = f(lat, lon), display order.
struct TestField {
    geo::GeoField field;
    geo::DisplayGrid grid;
    std::vector<float> values, contour;
};

double fieldValue(double lat, double lon)
{
    return std::cos(lat * M_PI / 180.0) * std::sin(lon * M_PI / 90.0) + lat / 90.0;
}

TestField makeField()
{
    TestField t;
    for (double lat = -90; lat <= 90; lat += 2)
        t.field.lat.push_back(lat);
    for (double lon = 0; lon < 360; lon += 2)
        t.field.lon.push_back(lon);
    t.field.values = Tensor({1, int64_t(t.field.lat.size()), int64_t(t.field.lon.size())});
    t.grid = geo::displayGrid(t.field, 0.0);
    for (int64_t r = 0; r < t.grid.rows; ++r)
        for (int64_t c = 0; c < t.grid.cols; ++c) {
            const double lat = t.grid.lat[size_t(r)], lon = t.grid.lon[size_t(c)];
            t.values.push_back(float(fieldValue(lat, lon)));
            // a bump in the tropical Pacific for the contours: positive and negative lobes
            const double dl = lon - 220, dw = lon - 150;
            t.contour.push_back(float(std::exp(-(lat * lat) / 50.0 - dl * dl / 400.0) -
                                      0.6 * std::exp(-(lat * lat) / 80.0 - dw * dw / 200.0)));
        }
    return t;
}

QImage paintMap(GeoMapRenderer& map, QSize size)
{
    QImage img(size, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::white);
    QPainter p(&img);
    map.paint(p, QRectF(QPointF(0, 0), QSizeF(size)), 4000);
    return img;
}

GeoStyle quietStyle()
{
    GeoStyle s;
    s.graticuleLabels = false; // no text: baselines independent of the machine's fonts
    return s;
}

} // namespace

class TestGeoMap : public QObject {
    Q_OBJECT

private slots:
    void pixelsSitWherePROJPutsThem()
    {
        const TestField t = makeField();
        GeoMapRenderer map;
        GeoView view;
        view.centralLongitude = 225;
        map.setView(view);
        map.setGrid(GeoGrid::from(t.grid));
        GeoStyle style = quietStyle();
        style.land = false;
        style.coastlines = false;
        style.graticule = false;
        map.setStyle(style);
        map.setFill(GeoFill{t.values, QStringLiteral("viridis"), MapRange{-2.f, 2.f}, {}});
        const QSize size(1200, 600);
        const QImage img = paintMap(map, size);
        // the extent: x of lon0 +- 180 at the equator, y of the poles (Robinson is symmetric)
        const geo::Projection proj(geo::ProjectionKind::Robinson, 225);
        double xe, ye, xp, yp;
        proj.forward(225 + 179.9999999, 0, xe, ye);
        proj.forward(225, 90, xp, yp);
        const double aspect = xe / yp;
        QCOMPARE(map.aspectRatio(), aspect);
        const double w = std::min<double>(size.width(), size.height() * aspect), h = w / aspect;
        const double ox = (size.width() - w) / 2, oy = (size.height() - h) / 2;
        int checked = 0;
        for (double lat : {-50.4, -20.6, 0.4, 32.6, 60.6}) // inside cells, not on their edges (odd degrees)
            for (double lon : {60.4, 130.6, 180.4, 226.6, 298.6, 350.4}) {
                double x, y;
                proj.forward(lon, lat, x, y);
                const QPoint px(int(ox + (x + xe) / (2 * xe) * w), int(oy + (yp - y) / (2 * yp) * h));
                // the cell containing (lat, lon): centres every 2 degrees
                const double clat = 2 * std::round(lat / 2), clon = 2 * std::round(lon / 2);
                const QRgb want = colormap(QStringLiteral("viridis")).map((fieldValue(clat, clon) + 2) / 4);
                const QRgb got = img.pixel(px);
                QVERIFY2(std::abs(qRed(got) - qRed(want)) <= 3 && std::abs(qGreen(got) - qGreen(want)) <= 3 &&
                             std::abs(qBlue(got) - qBlue(want)) <= 3,
                         qPrintable(QString("(%1 N, %2 E) at pixel (%3, %4): %5, want %6")
                                        .arg(lat)
                                        .arg(lon)
                                        .arg(px.x())
                                        .arg(px.y())
                                        .arg(got, 8, 16)
                                        .arg(want, 8, 16)));
                // picking inverts the drawing
                double plon = 0, plat = 0;
                float value = 0;
                QVERIFY(map.pick(QPointF(px) + QPointF(0.5, 0.5), plon, plat, value));
                QVERIFY2(std::abs(geo::wrapLongitude(plon - lon, -180)) < 0.5 && std::abs(plat - lat) < 0.5,
                         qPrintable(QString("picked (%1, %2) for (%3, %4)").arg(plat).arg(plon).arg(lat).arg(lon)));
                QCOMPARE(value, float(fieldValue(clat, clon)));
                ++checked;
            }
        QCOMPARE(checked, 30);
        // off the map (a corner) picks nothing
        double lon, lat;
        float v;
        QVERIFY(!map.pick(QPointF(2, 2), lon, lat, v));
    }

    void equirectangularTexture()
    {
        const TestField t = makeField();
        GeoMapRenderer map;
        map.setGrid(GeoGrid::from(t.grid));
        GeoStyle style = quietStyle();
        style.coastlines = false;
        map.setStyle(style);
        // two masked cells: one over Africa (4 N, 20 E), one over the Pacific (0 N, 200 E)
        std::vector<float> values = t.values;
        auto cellOf = [&](double lat, double lon) {
            return size_t((90 - lat) / 2) * size_t(t.grid.cols) + size_t(lon / 2);
        };
        values[cellOf(4, 20)] = NAN;
        values[cellOf(0, 200)] = NAN;
        map.setFill(GeoFill{values, QStringLiteral("viridis"), MapRange{-2.f, 2.f}, {}});
        const QImage tex = map.equirectangular(720); // 0.5 degree per pixel from -180 E, 90 N
        QCOMPARE(tex.size(), QSize(720, 360));
        auto at = [&](double lat, double lon) {
            return QColor(tex.pixel(int((geo::wrapLongitude(lon, -180) + 180) * 2), int((90.0 - lat) * 2)));
        };
        // a field cell: its colour, over land (18 E, 10 N) as over the ocean (210 E, 2 N)
        QCOMPARE(at(10.2, 18.2), QColor(colormap(QStringLiteral("viridis")).map((fieldValue(10, 18) + 2) / 4)));
        QCOMPARE(at(2.2, 210.2), QColor(colormap(QStringLiteral("viridis")).map((fieldValue(2, 210) + 2) / 4)));
        // masked cells: land shading on land, the masked colour at sea
        QCOMPARE(at(4.2, 20.2), style.landColor);
        QCOMPARE(at(0.2, 200.2), style.masked);
    }

    void autoLevels()
    {
        const std::vector<double> levels = autoContourLevels({-1.f, 0.f, 3.f, NAN}, 3);
        QCOMPARE(levels, (std::vector<double>{-0.75, 0.75, 1.5, 2.25}));
        QVERIFY(autoContourLevels({0.f, 0.f}, 3).empty());
        // iso-lines end at missing data instead of tracing its edge (a negative level around every masked region)
        ScalarMap m;
        m.width = m.height = 6;
        m.values.assign(36, 1.f);
        for (int y = 2; y < 4; ++y)
            for (int x = 2; x < 4; ++x)
                m.values[size_t(y * 6 + x)] = NAN;
        QVERIFY(isoLines(m, -0.5).empty());
        QVERIFY(isoLines(m, 0.5).empty());
        m.values[0] = -2.f; // a real dip still gets its line
        QCOMPARE(isoLines(m, -0.5).size(), size_t(1));
    }

    void landFile()
    {
        const auto& coarse = naturalEarthLand(false);
        const auto& fine = naturalEarthLand(true);
        QVERIFY(coarse.size() > 100 && fine.size() > coarse.size());
        for (const QPolygonF& ring : fine)
            for (const QPointF& p : ring)
                QVERIFY(std::abs(p.x()) <= 180 && std::abs(p.y()) <= 90);
        QVERIFY_THROWS_EXCEPTION(IoError, parseLand(QByteArray("LLNX\x01\0\0\0\0\0\0\0", 12), "x"));
        QByteArray truncated("LLND\x01\0\0\0\x02\0\0\0\x10\0\0\0", 16);
        QVERIFY_THROWS_EXCEPTION(IoError, parseLand(truncated, "x"));
        QByteArray huge("LLND\x01\0\0\0\x01\0\0\0\xff\xff\xff\x7f", 16);
        try {
            parseLand(huge, "huge.bin");
            QFAIL("accepted a ring larger than the file");
        } catch (const IoError& e) {
            QVERIFY2(QString(e.what()).contains("huge.bin"), e.what());
        }
    }

    void golden_data()
    {
        QTest::addColumn<int>("projection");
        QTest::addColumn<double>("lon0");
        QTest::addColumn<bool>("region");
        QTest::newRow("robinson-225-contours") << int(geo::ProjectionKind::Robinson) << 225.0 << false;
        QTest::newRow("platecarree-tropical-pacific") << int(geo::ProjectionKind::PlateCarree) << 180.0 << true;
        QTest::newRow("mollweide-0") << int(geo::ProjectionKind::Mollweide) << 0.0 << false;
        QTest::newRow("orthographic-200") << int(geo::ProjectionKind::Orthographic) << 200.0 << false;
    }
    void golden()
    {
        QFETCH(int, projection);
        QFETCH(double, lon0);
        QFETCH(bool, region);
        const TestField t = makeField();
        GeoMapRenderer map;
        GeoView view;
        view.projection = geo::ProjectionKind(projection);
        view.centralLongitude = lon0;
        if (region)
            view.region = QRectF(QPointF(105, -22.5), QPointF(290, 22.5));
        map.setView(view);
        map.setGrid(GeoGrid::from(t.grid));
        map.setStyle(quietStyle());
        map.setFill(GeoFill{t.values, QStringLiteral("balance"), std::nullopt, {}});
        GeoContours c;
        c.values = t.contour;
        map.setContours(c);
        const QSize size = region ? QSize(800, 220) : QSize(640, 340);
        test::checkGolden(QStringLiteral("geo-") + QTest::currentDataTag(), paintMap(map, size), kBaselines);
    }
};

QTEST_MAIN(TestGeoMap)
#include "test_geo_map.moc"
