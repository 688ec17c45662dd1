// NetCDF/CF reader: edge-case files written at test time by netCDF4-python and h5py (make_fixtures.py), every file
// of the shared climate data, bad files, and CF time decoding against cftime.
#include "lantern/error.h"
#include "lantern/geo/cf_time.h"
#include "lantern/geo/grid.h"
#include "lantern/geo/netcdf.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>

using namespace lantern;
using namespace lantern::geo;

namespace {

FieldRequest req(const char* variable)
{
    FieldRequest r;
    r.variable = variable;
    return r;
}

// make_fixtures.py's field: 100 t + lat + lon / 1000 with lon in [0, 360)
double expected(int64_t t, double lat, double lon)
{
    return 100.0 * double(t) + lat + wrapLongitude(lon, 0.0) / 1000.0;
}

QString sharedData()
{
    const QByteArray env = qgetenv("LANTERN_SHARED_DATA");
    return env.isEmpty() ? QStringLiteral("../shared/data") : QString::fromLocal8Bit(env);
}

/// Every display cell of step t equals the formula (or is masked where `maskedOk`).
void checkDisplay(const GeoField& f, const DisplayGrid& g, int64_t t, double tol = 1e-4)
{
    const float* step = f.values.data() + t * f.rows() * f.columns();
    const std::vector<float> shown = g.reorder(step);
    for (int64_t r = 0; r < g.rows; ++r)
        for (int64_t c = 0; c < g.cols; ++c) {
            const float v = shown[size_t(r * g.cols + c)];
            if (std::isnan(v))
                continue;
            QVERIFY2(std::abs(v - expected(t, g.lat[size_t(r)], g.lon[size_t(c)])) < tol,
                     qPrintable(QString("row %1 col %2: %3").arg(r).arg(c).arg(v)));
        }
}

} // namespace

class TestNetcdf : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string file(const char* name) const { return (m_dir.path() + "/" + name).toStdString(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QProcess p;
        p.start("/usr/bin/python3", {QFINDTESTDATA("make_fixtures.py"), m_dir.path()});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    }

    void descendingLatitudeFillValuesAndTime()
    {
        const GeoField f = readField(file("descending.nc"), req("sst"));
        QCOMPARE(f.values.shape(), (Shape{3, 19, 18}));
        QCOMPARE(f.units, std::string("K"));
        QCOMPARE(f.longName, std::string("sea surface temperature"));
        QCOMPARE(f.timeLabels, (std::vector<std::string>{"2000-01-01", "2000-02-01", "2000-03-01"}));
        for (int64_t t = 0; t < 3; ++t)
            for (int64_t x = 0; x < 18; ++x)
                QVERIFY(std::isnan(f.values[t * 19 * 18 + x])); // the northern-most row is the fill value
        // the model's view: file order, masked cells 0
        const std::vector<float> model = modelValues(f, 1);
        QCOMPARE(model[0], 0.f);
        QCOMPARE(model[18 * 5 + 3], f.values[19 * 18 + 18 * 5 + 3]);
        const DisplayGrid g = displayGrid(f, -180.0);
        QCOMPARE(g.rows, 19);
        QCOMPARE(g.cols, 18);
        QVERIFY(g.cyclic);
        QCOMPARE(g.lat.front(), 90.0);
        QCOMPARE(g.lon.front(), -180.0);
        QCOMPARE(g.lon.back(), 160.0);
        for (int64_t t = 0; t < 3; ++t)
            checkDisplay(f, g, t);
        // the same grid shown from 0 E
        const DisplayGrid g0 = displayGrid(f, 0.0);
        QCOMPARE(g0.lon.front(), 0.0);
        checkDisplay(f, g0, 2);
    }

    void cyclicColumnDroppedForDisplayOnly()
    {
        const GeoField f = readField(file("cyclic.nc"), req("t2m"));
        QCOMPARE(f.values.shape(), (Shape{2, 7, 13})); // the model sees all 13 columns
        const DisplayGrid g = displayGrid(f, 0.0);
        QCOMPARE(g.cols, 12);
        QVERIFY(g.cyclic);
        QCOMPARE(g.lat.front(), 90.0); // north up although the file runs south to north
        QCOMPARE(g.lat.back(), -90.0);
        QCOMPARE(g.lonEdges.front(), -15.0);
        QCOMPARE(g.lonEdges.back(), 345.0);
        QCOMPARE(g.latEdges.front(), 90.0); // clamped
        checkDisplay(f, g, 1);
    }

    void packedValuesAreUnpacked()
    {
        const GeoField f = readField(file("packed.nc"), req("anom"));
        QCOMPARE(f.values.shape(), (Shape{1, 7, 8}));
        QVERIFY(f.timeLabels.empty());
        QVERIFY(std::isnan(f.values[2 * 8 + 3]));
        const DisplayGrid g = displayGrid(f);
        checkDisplay(f, g, 0, 0.006);
        bool noted = false;
        for (const auto& n : f.notes)
            noted |= n.find("scale_factor") != std::string::npos;
        QVERIFY(noted);
    }

    void lonLatOrderRegionalGridAndNan()
    {
        const GeoField f = readField(file("lonlat.nc"), req("pr"));
        QCOMPARE(f.latAxis, 1);
        QCOMPARE(f.values.shape(), (Shape{2, 10, 7}));
        QVERIFY(std::isnan(f.values[70]));
        const DisplayGrid g = displayGrid(f, -180.0);
        QVERIFY(!g.cyclic);
        QCOMPARE(g.lon.front(), 100.0); // a regional grid starts at its western edge, whatever westLon
        QCOMPARE(g.lon.back(), 280.0);
        QCOMPARE(g.lat.front(), 45.0);
        checkDisplay(f, g, 0);
        checkDisplay(f, g, 1);
    }

    void levelsAndNoLeapCalendar()
    {
        try {
            readField(file("levels.nc"), req("ta"));
            QFAIL("a variable with 3 levels read without choosing one");
        } catch (const IoError& e) {
            QVERIFY2(QString(e.what()).contains("[level=INDEX]"), e.what());
        }
        const FieldSpec spec = parseFieldSpec(file("levels.nc") + ":ta[time=1:2,level=2]");
        const GeoField f = readField(spec);
        QCOMPARE(f.values.shape(), (Shape{1, 3, 4}));
        QCOMPARE(f.values[0], float(expected(1, -10, 0) + 2000));
        QCOMPARE(f.timeLabels, (std::vector<std::string>{"2001-03-01 12:00"})); // noleap: no 29 February
    }

    /// _Unsigned bytes are read as 0..255 before valid_range and scale_factor; a short without _FillValue that
    /// holds netCDF's default fill is masked; [level=k] finds a "lev" dimension without a coordinate variable.
    void unsignedDefaultFillAndLevelName()
    {
        const GeoField q = readField(file("unsigned.nc"), req("q"));
        QCOMPARE(q.values[0], 5.f);   // raw 10
        QCOMPARE(q.values[1], 50.f);  // raw 100
        QCOMPARE(q.values[2], 100.f); // raw -56 = 200 unsigned
        QVERIFY(std::isnan(q.values[3])); // raw -1 = 255, above valid_range (0, 254)
        QCOMPARE(q.values[5], 63.5f);
        FieldRequest r = req("r");
        r.fixed = {{"level", 0}};
        const GeoField f = readField(file("unsigned.nc"), r);
        QCOMPARE(f.values.shape(), (Shape{1, 2, 3}));
        QCOMPARE(f.values[4], 5.f);
        QVERIFY(std::isnan(f.values[5])); // -32767: the default fill of shorts
    }

    void curvilinearGrid()
    {
        const GeoField f = readField(file("curvilinear.nc"), req(""));
        QVERIFY(f.curvilinear);
        QCOMPARE(f.variable, std::string("tos"));
        QCOMPARE(f.lat.size(), size_t(20));
        for (size_t i = 0; i < 20; ++i)
            QVERIFY(std::abs(f.values[int64_t(i)] - expected(0, f.lat[i], f.lon[i])) < 1e-3);
        // shown on a regular grid: every display cell takes the nearest source cell within 1.5 cells, or none
        const DisplayGrid g = displayGrid(f, -180.0);
        QVERIFY(g.rows > 0 && g.cols > 0);
        const double res = g.latEdges[0] - g.latEdges[1];
        int64_t filled = 0;
        for (int64_t r = 0; r < g.rows; ++r)
            for (int64_t c = 0; c < g.cols; ++c) {
                const double coslat = std::cos(g.lat[size_t(r)] * M_PI / 180.0);
                double best = 1e300;
                int64_t nearest = -1;
                for (size_t i = 0; i < f.lat.size(); ++i) {
                    const double dx = wrapLongitude(f.lon[i] - g.lon[size_t(c)], -180.0) * coslat;
                    const double dy = f.lat[i] - g.lat[size_t(r)];
                    if (dx * dx + dy * dy < best) {
                        best = dx * dx + dy * dy;
                        nearest = int64_t(i);
                    }
                }
                const int64_t got = g.fileIndex[size_t(r * g.cols + c)];
                QCOMPARE(got, best <= 2.25 * res * res ? nearest : int64_t(-1));
                filled += got >= 0;
            }
        QVERIFY(filled >= 20); // every source cell shows somewhere
        const std::vector<float> shown = g.reorder(f.values.data());
        QCOMPARE(std::count_if(shown.begin(), shown.end(), [](float v) { return std::isnan(v); }),
                 std::ptrdiff_t(g.rows * g.cols - filled));
    }

    void hdf5WithDimensionScales()
    {
        const GeoField f = readField(file("field.h5"), req("z500"));
        QCOMPARE(f.values.shape(), (Shape{1, 5, 6}));
        checkDisplay(f, displayGrid(f), 0);
    }

    void variableChoiceAndLabels()
    {
        try {
            readField(file("two.nc"), req(""));
            QFAIL("picked one of two gridded variables silently");
        } catch (const IoError& e) {
            QVERIFY2(QString(e.what()).contains("a, b"), e.what());
        }
        const std::vector<double> labels = readValues(file("two.nc"), "label");
        QCOMPARE(labels, (std::vector<double>{0, 1, 1, 0}));
        const auto vars = listVariables(file("two.nc"));
        int gridded = 0;
        for (const auto& v : vars)
            gridded += v.gridded;
        QCOMPARE(gridded, 2);
    }

    void specParsing_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("variable");
        QTest::addColumn<qint64>("begin");
        QTest::addColumn<qint64>("end");
        QTest::newRow("plain") << "a/b.nc" << "a/b.nc" << "" << 0ll << -1ll;
        QTest::newRow("variable") << "b.nc:sst" << "b.nc" << "sst" << 0ll << -1ll;
        QTest::newRow("range") << "b.nc:sst[time=10:20]" << "b.nc" << "sst" << 10ll << 20ll;
        QTest::newRow("open end") << "b.nc:sst[time=10:]" << "b.nc" << "sst" << 10ll << -1ll;
        QTest::newRow("one step") << "b.nc:sst[time=4]" << "b.nc" << "sst" << 4ll << 5ll;
        QTest::newRow("hdf5") << "x.h5:z500" << "x.h5" << "z500" << 0ll << -1ll;
    }
    void specParsing()
    {
        QFETCH(QString, spec);
        const FieldSpec s = parseFieldSpec(spec.toStdString());
        QTEST(QString::fromStdString(s.path), "path");
        QTEST(QString::fromStdString(s.request.variable), "variable");
        QTEST(qint64(s.request.timeBegin), "begin");
        QTEST(qint64(s.request.timeEnd), "end");
    }

    void badSpecs()
    {
        QVERIFY_THROWS_EXCEPTION(ArgumentError, parseFieldSpec("b.nc:sst[time=5:2]"));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, parseFieldSpec("b.nc:sst[level=1:2]"));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, parseFieldSpec("b.nc:sst[nonsense]"));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, parseFieldSpec("b.nc:sst[time=0:-1]")); // not Python's "drop the last"
    }

    void badFiles_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("message");
        QTest::newRow("truncated") << "truncated.nc" << "sst" << "truncated.nc";
        QTest::newRow("not netcdf") << "text.nc" << "" << "not a NetCDF file";
        QTest::newRow("absurd dimension") << "absurd.nc" << "t2m" << "absurd.nc";
        QTest::newRow("missing file") << "nothing.nc" << "" << "cannot open";
        QTest::newRow("wrong variable") << "two.nc" << "c" << "no variable 'c' (the file has:";
        QTest::newRow("not gridded") << "two.nc" << "label" << "is not on a latitude/longitude grid";
        QTest::newRow("time outside") << "two.nc" << "a[time=3:9]" << "time=3:9";
        QTest::newRow("unknown dimension") << "two.nc" << "a[depth=1]" << "no dimension 'depth'";
    }
    void badFiles()
    {
        QFETCH(QString, name);
        QFETCH(QString, variable);
        QFETCH(QString, message);
        const std::string spec = file(name.toUtf8().constData()) + (variable.isEmpty() ? "" : ":" + variable.toStdString());
        try {
            const GeoField f = readField(parseFieldSpec(spec));
            QFAIL(qPrintable("read without an error: " + QString::fromStdString(spec)));
        } catch (const IoError& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
            QVERIFY2(QString(e.what()).contains(name), e.what());
        }
    }

    /// Every read closes its file, whatever the outcome (a forgotten nc_close keeps a descriptor open; the LSan
    /// suppression for libnetcdf's failed-open leak relies on this test).
    void filesAreClosed()
    {
        auto openDescriptors = [] { return QDir("/proc/self/fd").entryList(QDir::AllEntries | QDir::NoDotAndDotDot).size(); };
        const qsizetype before = openDescriptors();
        for (int round = 0; round < 10; ++round)
            for (const char* name : {"descending.nc", "cyclic.nc", "packed.nc", "levels.nc", "truncated.nc", "text.nc",
                                     "absurd.nc", "field.h5", "two.nc"}) {
                try {
                    for (const VariableInfo& v : listVariables(file(name)))
                        if (v.gridded)
                            (void)readField(file(name), req(v.name.c_str()));
                } catch (const Error&) {
                }
            }
        QCOMPARE(openDescriptors(), before);
    }

    /// A classic file that crashes libnetcdf 4.9.0 inside nc_open (found by fuzzing) is an error naming the file:
    /// the probe's child takes the crash.
    void crashingFileIsAnError()
    {
        const std::string path = std::string(LANTERN_FUZZ_CORPUS) + "/netcdf/crash-nc3-hashmap.nc";
        QVERIFY(QFileInfo::exists(QString::fromStdString(path)));
        for (int attempt = 0; attempt < 2; ++attempt) { // the second verdict comes from the probe's memory
            try {
                (void)listVariables(path);
                QFAIL("the crashing file was read");
            } catch (const IoError& e) {
                QVERIFY2(QString(e.what()).contains("crash-nc3-hashmap.nc") && QString(e.what()).contains("libnetcdf"),
                         e.what());
            }
        }
    }

    /// A header claiming hundreds of millions of values in a small file is refused before allocating (found by
    /// fuzzing: 2 GB of RSS).
    void absurdVariableIsRefused()
    {
        const std::string path = std::string(LANTERN_FUZZ_CORPUS) + "/netcdf/oom-huge-variable.nc";
        bool refused = false;
        try {
            for (const VariableInfo& v : listVariables(path))
                if (v.gridded)
                    (void)readField(path, req(v.name.c_str()));
                else
                    (void)readValues(path, v.name);
        } catch (const IoError& e) {
            refused = QString(e.what()).contains("oom-huge-variable.nc");
            QVERIFY2(refused, e.what());
        }
        QVERIFY(refused);
    }

    void sharedClimateFiles()
    {
        const QString dir = sharedData() + "/climate";
        if (!QFileInfo::exists(dir + "/sstdata_netcdf.nc"))
            QSKIP(qPrintable("shared climate data not found at " + dir + " (set LANTERN_SHARED_DATA)"));
        const GeoField sst = readField((dir + "/sstdata_netcdf.nc").toStdString(), req("sst"));
        QCOMPARE(sst.values.shape(), (Shape{12, 91, 181}));
        QCOMPARE(sst.timeLabels.front(), std::string("Month 1")); // "Month" is not a CF time unit
        const DisplayGrid g = displayGrid(sst, 0.0);
        QCOMPARE(g.cols, 180); // 0 and 360 duplicated in the file
        QVERIFY(g.cyclic);
        QCOMPARE(g.lat.front(), 90.0);

        const GeoField mask = readField((dir + "/landsea.nc").toStdString(), req("LSMASK"));
        QCOMPARE(mask.values.shape(), (Shape{1, 180, 360}));

        const GeoField anom = readField((dir + "/sstanom.robinsonproj.nc").toStdString(), req("SST"));
        int64_t masked = 0;
        for (float v : anom.values.values())
            masked += std::isnan(v);
        QVERIFY2(masked > 10000 && masked < anom.values.size() / 2, qPrintable(QString::number(masked)));

        const GeoField tas = readField((dir + "/tas_rectilinear_grid_2D.nc").toStdString(), req("tas"));
        QCOMPARE(tas.values.shape(), (Shape{12, 96, 192}));
        QCOMPARE(tas.timeLabels.size(), size_t(12));
        QVERIFY2(tas.timeLabels.front().rfind("20", 0) == 0 || tas.timeLabels.front().rfind("18", 0) == 0 ||
                     tas.timeLabels.front().rfind("19", 0) == 0,
                 tas.timeLabels.front().c_str());
        for (float v : tas.values.values())
            QVERIFY(v > 150 && v < 350); // Kelvin, nothing masked

        const GeoField tos = readField((dir + "/tos_ocean_bipolar_grid.nc").toStdString(), req("tos"));
        QVERIFY(tos.curvilinear);
        QCOMPARE(tos.lat.size(), size_t(220 * 256));
        // the bipolar ocean grid on a regular display grid: the oceans have values, the continents none
        const DisplayGrid tg = displayGrid(tos, -180.0);
        const std::vector<float> shown = tg.reorder(tos.values.data());
        const auto valued = std::count_if(shown.begin(), shown.end(), [](float v) { return std::isfinite(v); });
        QVERIFY2(valued > 0.5 * double(shown.size()) && valued < 0.8 * double(shown.size()),
                 qPrintable(QString("%1 of %2 display cells with a value").arg(valued).arg(shown.size())));

        // every variable of every file either reads or says why not
        for (const QString& name : QDir(dir).entryList({"*.nc"})) {
            const std::string path = (dir + "/" + name).toStdString();
            for (const VariableInfo& v : listVariables(path))
                if (v.gridded)
                    QVERIFY(readField(path, req(v.name.c_str())).values.size() > 0);
        }
    }

    void cfTimeAgainstCftime()
    {
        std::ifstream in(file("cftime.csv"));
        QVERIFY(in);
        int rows = 0;
        for (std::string line; std::getline(in, line);) {
            const auto a = line.find(';'), b = line.find(';', a + 1), c = line.find(';', b + 1);
            const double value = std::stod(line.substr(0, a));
            const std::string units = line.substr(a + 1, b - a - 1), calendar = line.substr(b + 1, c - b - 1);
            const std::string want = line.substr(c + 1);
            const auto t = decodeCfTime(value, units, calendar);
            QVERIFY2(t, line.c_str());
            char got[64];
            std::snprintf(got, sizeof got, "%04d-%02d-%02d %02d:%02d", t->year, t->month, t->day, t->hour, t->minute);
            QVERIFY2(want == got, qPrintable(QString::fromStdString(line) + " -> " + got));
            ++rows;
        }
        QCOMPARE(rows, 1500);
    }

    void cfTimeFacts_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("units");
        QTest::addColumn<QString>("calendar");
        QTest::addColumn<QString>("date");
        QTest::newRow("leap day") << 59.0 << "days since 2000-01-01" << "standard" << "2000-02-29";
        QTest::newRow("noleap") << 59.0 << "days since 2001-01-01" << "noleap" << "2001-03-01";
        QTest::newRow("360_day") << 360.0 << "days since 2000-01-01" << "360_day" << "2001-01-01";
        QTest::newRow("gregorian switch") << 1.0 << "days since 1582-10-04" << "standard" << "1582-10-15";
        QTest::newRow("proleptic") << 1.0 << "days since 1582-10-04" << "proleptic_gregorian" << "1582-10-05";
        QTest::newRow("julian 1900 leap") << 1.0 << "days since 1900-02-28" << "julian" << "1900-02-29";
        QTest::newRow("months") << 12.0 << "months since 2000-01-16" << "standard" << "2001-01-16";
        QTest::newRow("hours") << 36.0 << "hours since 2000-01-01 06:00:00" << "" << "2000-01-02 18:00";
        QTest::newRow("time zone") << 0.0 << "hours since 1970-01-01 00:00 -06:00" << "standard" << "1970-01-01 06:00";
        QTest::newRow("month end") << 1.0 << "months since 2000-01-31" << "standard" << "2000-02-29";
        QTest::newRow("month end noleap") << 1.0 << "months since 2001-01-31" << "noleap" << "2001-02-28";
        QTest::newRow("not CF") << 3.0 << "Month" << "" << "";
        QTest::newRow("unknown calendar") << 3.0 << "days since 2000-01-01" << "martian" << "";
    }
    void cfTimeFacts()
    {
        QFETCH(double, value);
        QFETCH(QString, units);
        QFETCH(QString, calendar);
        QFETCH(QString, date);
        const auto t = decodeCfTime(value, units.toStdString(), calendar.toStdString());
        QCOMPARE(t ? QString::fromStdString(formatCivilTime(*t)) : QString(), date);
    }
};

QTEST_GUILESS_MAIN(TestNetcdf)
#include "test_netcdf.moc"
