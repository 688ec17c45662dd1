// The VTK globe inside a QOpenGLWidget (needs a real GL context: this test runs under xvfb-run, see
// tests/CMakeLists.txt). The texture lands where the camera looks (east/west, north/south not mirrored), the
// background stays outside the globe, a golden image of the El Niño demo field with contours, and the rotation
// frame rate is reported (the speed target itself lives in bench/).
#include "golden.h"

#include "lantern/geo/netcdf.h"
#include "lantern/render/geo_map.h"
#include "lantern/widgets/globe_view.h"

#include <QTest>

#include <cmath>

using namespace lantern;

namespace {

const QString kDemo = QStringLiteral(LANTERN_DEMO_DIR);
const QString kBaselines = QStringLiteral(LANTERN_BASELINE_DIR);

/// Red where 135 <= lon < 315 (the Pacific half seen from 225 E), blue elsewhere; the southern hemisphere darker.
QImage halves()
{
    QImage img(720, 360, QImage::Format_RGB32);
    for (int y = 0; y < 360; ++y)
        for (int x = 0; x < 720; ++x) {
            const double lon = -180 + (x + 0.5) / 2, lat = 90 - (y + 0.5) / 2;
            const double l = lon < 0 ? lon + 360 : lon;
            const bool pacific = l >= 135 && l < 315;
            const int k = lat >= 0 ? 230 : 120;
            img.setPixel(x, y, pacific ? qRgb(k, 20, 20) : qRgb(20, 20, k));
        }
    return img;
}

QRgb centre(const QImage& img, int dy = 0)
{
    return img.pixel(img.width() / 2, img.height() / 2 + dy);
}

} // namespace

class TestGlobeView : public QObject {
    Q_OBJECT

private slots:
    void textureFacesTheCamera()
    {
        widgets::GlobeView view;
        view.resize(480, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setTexture(halves());
        view.setCamera(225, 0, 4.2);
        QImage img = view.grabFramebuffer();
        QVERIFY(!img.isNull());
        QVERIFY2(qRed(centre(img)) > 2 * qBlue(centre(img)), qPrintable(QString::number(centre(img), 16)));
        // north is up: above the centre the brighter northern red, below the darker southern red
        QVERIFY2(qRed(centre(img, -60)) > qRed(centre(img, 60)) + 40,
                 qPrintable(QString("%1 vs %2").arg(qRed(centre(img, -60))).arg(qRed(centre(img, 60)))));
        // the corner is background (the globe does not fill the view)
        QVERIFY(qRed(img.pixel(2, 2)) > 200 && qGreen(img.pixel(2, 2)) > 200);
        // the other side: blue
        view.setCamera(45, 0, 4.2);
        img = view.grabFramebuffer();
        QVERIFY2(qBlue(centre(img)) > 2 * qRed(centre(img)), qPrintable(QString::number(centre(img), 16)));
        // east is right: looking at 135 E (the red/blue border), the right half is red
        view.setCamera(135, 0, 4.2);
        img = view.grabFramebuffer();
        const QRgb east = img.pixel(img.width() / 2 + 40, img.height() / 2);
        QVERIFY2(qRed(east) > qBlue(east), "east of 135 E should be the red half");
        QVERIFY(qBlue(img.pixel(img.width() / 2 - 40, img.height() / 2)) >
                qRed(img.pixel(img.width() / 2 - 40, img.height() / 2)));
        // picking: the centre is where the camera looks, east is right, north is up, the corner is off the globe
        view.setCamera(225, 0, 4.2);
        double lon = 0, lat = 0;
        QVERIFY(view.pick(QPointF(view.width() / 2.0, view.height() / 2.0), lon, lat));
        QVERIFY2(std::abs(lon - 225) < 0.5 && std::abs(lat) < 0.5, qPrintable(QString("%1 %2").arg(lon).arg(lat)));
        QVERIFY(view.pick(QPointF(view.width() / 2.0 + 60, view.height() / 2.0 - 40), lon, lat));
        QVERIFY2(lon > 226 && lat > 1, qPrintable(QString("%1 %2").arg(lon).arg(lat)));
        QVERIFY(!view.pick(QPointF(2, 2), lon, lat));
        // the picked point's texture colour is what the view shows there: the red/blue border at 135 E
        view.setCamera(170, 0, 4.2);
        img = view.grabFramebuffer();
        for (int x = 10; x < img.width() - 10; x += 7) {
            if (!view.pick(QPointF(x + 0.5, img.height() / 2.0 + 0.5), lon, lat))
                continue;
            const QRgb px = img.pixel(x, img.height() / 2);
            if (std::abs(lon - 135) < 2)
                continue; // the border itself
            QVERIFY2((lon > 135 && lon < 315) == (qRed(px) > qBlue(px)),
                     qPrintable(QString("x %1: lon %2, pixel %3").arg(x).arg(lon).arg(px, 8, 16)));
        }
        const double fps = view.measureRotation(30, 3.0);
        qInfo("globe rotation at 480x400: %.1f frames/s", fps);
        QVERIFY(fps > 0);
        view.resize(1100, 760);
        QTest::qWait(50);
        qInfo("globe rotation at 1100x760: %.1f frames/s", view.measureRotation(30, 3.0));
    }

    void goldenEnsoGlobe()
    {
        const QString fields = kDemo + QStringLiteral("/enso/fields.nc");
        if (!QFileInfo::exists(fields))
            QFAIL("the bundled demo resources/demo/enso/fields.nc is missing");
        geo::FieldRequest r;
        r.variable = "sst";
        const geo::GeoField f = geo::readField(fields.toStdString(), r);
        const geo::DisplayGrid g = geo::displayGrid(f, 0.0);
        render::GeoMapRenderer map;
        map.setGrid(render::GeoGrid::from(g));
        const int64_t t = 5, cells = f.rows() * f.columns();
        map.setFill(render::GeoFill{g.reorder(f.values.data() + t * cells), QStringLiteral("balance"), std::nullopt, {}});
        widgets::GlobeView view;
        view.resize(400, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setTexture(map.equirectangular(2048));
        view.setCamera(225, 10, 4.2);
        test::checkGolden(QStringLiteral("globe-enso"), view.grabFramebuffer().convertToFormat(QImage::Format_RGB32),
                          kBaselines);
    }
};

QTEST_MAIN(TestGlobeView)
#include "test_globe_view.moc"
