// Map projections through PROJ: textbook values of each projection on the sphere (Robinson's table, Mollweide's
// and the orthographic closed forms), round trips, the far side of the globe, the seam.
#include "lantern/error.h"
#include "lantern/geo/projection.h"

#include <QtTest>

#include <cmath>

using namespace lantern;
using namespace lantern::geo;

namespace {
constexpr double R = 6371000.0;
constexpr double kPi = 3.14159265358979323846;
} // namespace

class TestProjection : public QObject {
    Q_OBJECT

private slots:
    void knownPoints_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("lon0");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("y");
        // Robinson (1974) table: X(0) = 1, Y(0) = 0, X(90) = 0.5322, Y(90) = 1; x = 0.8487 R X dlon, y = 1.3523 R Y
        QTest::newRow("robinson equator") << "robinson" << 225.0 << 315.0 << 0.0 << 0.8487 * R * kPi / 2 << 0.0;
        QTest::newRow("robinson pole") << "robinson" << 225.0 << 225.0 << 90.0 << 0.0 << 1.3523 * R;
        QTest::newRow("robinson west") << "robinson" << 225.0 << 135.0 << 0.0 << -0.8487 * R * kPi / 2 << 0.0;
        // Robinson's table at 30 N: X = 0.9600, Y = 0.3720 (PROJ interpolates the same table)
        QTest::newRow("robinson 30N") << "robinson" << 0.0 << 60.0 << 30.0 << 0.8487 * R * 0.9600 * kPi / 3
                                      << 1.3523 * R * 0.3720;
        QTest::newRow("mollweide pole") << "mollweide" << 0.0 << 0.0 << 90.0 << 0.0 << std::sqrt(2.0) * R;
        QTest::newRow("mollweide edge") << "mollweide" << 0.0 << 179.999999 << 0.0 << 2 * std::sqrt(2.0) * R << 0.0;
        QTest::newRow("platecarree") << "platecarree" << 0.0 << 30.0 << -45.0 << R * kPi / 6 << -R * kPi / 4;
        QTest::newRow("platecarree lon0") << "platecarree" << 180.0 << 150.0 << 10.0 << -R * kPi / 6 << R * kPi / 18;
        QTest::newRow("orthographic limb") << "orthographic" << 0.0 << 90.0 << 0.0 << R << 0.0;
        QTest::newRow("orthographic 60") << "orthographic" << 0.0 << 0.0 << 60.0 << 0.0 << R * std::sin(kPi / 3);
    }
    void knownPoints()
    {
        QFETCH(QString, name);
        QFETCH(double, lon0);
        QFETCH(double, lon);
        QFETCH(double, lat);
        QFETCH(double, x);
        QFETCH(double, y);
        const Projection p(projectionFromName(name.toStdString()), lon0);
        double px = 0, py = 0;
        p.forward(lon, lat, px, py);
        // Robinson's table has 4 digits: 1e-4 relative; the closed forms agree to the metre
        const double tol = name == "robinson" ? 1e-4 * R : 1.0;
        QVERIFY2(std::abs(px - x) < tol && std::abs(py - y) < tol,
                 qPrintable(QString("got (%1, %2), want (%3, %4)").arg(px, 0, 'f', 1).arg(py, 0, 'f', 1).arg(x, 0, 'f', 1).arg(y, 0, 'f', 1)));
    }

    void roundTrips()
    {
        for (ProjectionKind k : {ProjectionKind::Robinson, ProjectionKind::PlateCarree, ProjectionKind::Mollweide,
                                 ProjectionKind::Orthographic}) {
            const Projection p(k, 225.0);
            std::vector<double> lon, lat;
            for (double a = -80; a <= 80; a += 20)
                for (double o = 150; o <= 300; o += 25) {
                    lon.push_back(o);
                    lat.push_back(a);
                }
            std::vector<double> x = lon, y = lat;
            p.forward(x.data(), y.data(), x.size());
            p.inverse(x.data(), y.data(), x.size());
            for (size_t i = 0; i < lon.size(); ++i) {
                if (k == ProjectionKind::Orthographic && std::isnan(x[i]))
                    continue;
                double d = std::fmod(x[i] - lon[i] + 720.0, 360.0);
                d = std::min(d, 360.0 - d);
                QVERIFY2(d < 1e-4 && std::abs(y[i] - lat[i]) < 1e-4, // PROJ's Robinson inverse: ~2e-5 deg (2 m)
                         qPrintable(QString::fromStdString(projectionName(k)) +
                                    QString(" (%1, %2) -> (%3, %4)").arg(lon[i]).arg(lat[i]).arg(x[i], 0, 'g', 12).arg(y[i], 0, 'g', 12)));
            }
        }
    }

    void farSideIsNan()
    {
        const Projection p(ProjectionKind::Orthographic, 0.0, 0.0);
        double x = 0, y = 0;
        p.forward(180.0, 0.0, x, y);
        QVERIFY(std::isnan(x) && std::isnan(y));
        double ix = 2 * R, iy = 0;
        p.inverse(&ix, &iy, 1);
        QVERIFY(std::isnan(ix));
    }

    void seamAndNames()
    {
        QCOMPARE(Projection(ProjectionKind::Robinson, 225.0).seamLongitude(), 45.0);
        QCOMPARE(Projection(ProjectionKind::Robinson, 0.0).seamLongitude(), -180.0);
        QCOMPARE(Projection(ProjectionKind::Robinson, 225.0).definition(), std::string("+proj=robin +lon_0=225 +R=6371000"));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, projectionFromName("mercator-ish"));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, Projection(ProjectionKind::Orthographic, 0.0, 95.0));
    }
};

QTEST_GUILESS_MAIN(TestProjection)
#include "test_projection.moc"
