// Gridded samples (FILE.nc:VAR[time=a:b]) as every loader takes them: one sample per time step in the file's own
// index order, (N, 1, lat, lon) for a convolutional model or flattened for a dense one, masked cells 0 for the model
// and NaN in the field kept for display, names with decoded dates, labels of the same time steps.
#include "common/sample_loader.h"

#include "lantern/error.h"
#include "lantern/geo/netcdf.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace lantern;

class TestGriddedSamples : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string m_file;
    std::vector<double> m_lat = {30, 0, -30}; // descending, as some files store it
    std::vector<double> m_lon = {0, 90, 180, 270};

    float value(int64_t t, size_t a, size_t o) const { return float(100 * t + 10 * a + o); }

private slots:
    void initTestCase()
    {
        geo::CfFile f;
        f.lat = m_lat;
        f.lon = m_lon;
        for (int t = 0; t < 6; ++t)
            f.time.push_back(31.0 * t);
        f.timeUnits = "days since 2000-01-01";
        geo::CfVariable v{"sst", "SST anomaly", "K", {"time", "lat", "lon"}, {}, false};
        geo::CfVariable l{"label", "class", "", {"time"}, {}, true};
        for (int64_t t = 0; t < 6; ++t) {
            l.values.push_back(float(t % 2));
            for (size_t a = 0; a < m_lat.size(); ++a)
                for (size_t o = 0; o < m_lon.size(); ++o)
                    v.values.push_back(a == 1 && o == 2 ? NAN : value(t, a, o));
        }
        f.variables = {v, l};
        m_file = (m_dir.path() + "/fields.nc").toStdString();
        geo::writeCfFile(m_file, f);
    }

    void convolutionalModelGetsNchw()
    {
        const app::Samples s = app::loadSamples(m_file + ":sst[time=2:5]", {-1, 1, 3, 4}, "NCHW");
        QCOMPARE(s.data.shape(), (Shape{3, 1, 3, 4}));
        for (int64_t t = 0; t < 3; ++t)
            for (size_t a = 0; a < 3; ++a)
                for (size_t o = 0; o < 4; ++o) {
                    const float got = s.data[t * 12 + int64_t(a * 4 + o)];
                    QCOMPARE(got, a == 1 && o == 2 ? 0.f : value(t + 2, a, o)); // file order, masked cells 0
                }
        QCOMPARE(s.names.front(), std::string("fields.nc[2000-03-03]"));
        QVERIFY(s.field);
        QVERIFY(std::isnan(s.field->values[1 * 4 + 2])); // still masked for display
        QCOMPARE(s.field->steps(), int64_t(3));
    }

    void denseModelGetsFlattenedFields()
    {
        const app::Samples s = app::loadSamples(m_file + ":sst", {-1, 12}, "NC");
        QCOMPARE(s.data.shape(), (Shape{6, 12}));
        QCOMPARE(s.data[12 * 5 + 3], value(5, 0, 3));
        bool noted = false;
        for (const auto& n : s.notes)
            noted |= n.find("flattened") != std::string::npos;
        QVERIFY(noted);
    }

    void labelsFollowTheTimeRange()
    {
        const std::string labels = app::companionLabels(m_file + ":sst[time=3:6]");
        QCOMPARE(labels, m_file + ":label[time=3:6]");
        QCOMPARE(app::loadLabels(labels), (std::vector<int64_t>{1, 0, 1}));
        QCOMPARE(app::companionLabels(m_file + ":sst"), m_file + ":label");
        QVERIFY_THROWS_EXCEPTION(IoError, app::loadLabels(m_file + ":label[time=4:9]"));
    }

    void mismatchedModelIsAShapeError()
    {
        try {
            app::loadSamples(m_file + ":sst", {-1, 1, 28, 28}, "NCHW");
            QFAIL("a 3 x 4 field fitted into a 28 x 28 model");
        } catch (const ShapeError& e) {
            QVERIFY2(QString(e.what()).contains("fields.nc"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(IoError, app::loadSamples(m_file + ":nope", {-1, 12}, "NC"));
    }
};

QTEST_GUILESS_MAIN(TestGriddedSamples)
#include "test_gridded_samples.moc"
