// `lantern-cli study enso` end to end: the El Niño study's acceptance test. The relevance-weighted centroid of the
// deep-Taylor composite must lie within 20 degrees of the Niño-3.4 box (5N-5S, 170W-120W) and the optimal input for
// El Niño must be positive there; every output exists and reads back (data.nc through the NetCDF reader with CF
// coordinates lat/lon, model.onnx on data.nc:sst, the maps in data.nc's lat x lon order, the figure as PNG and PDF).
#include "lantern/geo/netcdf.h"
#include "lantern/io/npy.h"
#include "lantern/model.h"
#include "lantern/studies/enso.h"
#include "lantern/materials/prototypes.h"

#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <map>
#include <tuple>

using namespace lantern;

namespace {
const QString cli = QStringLiteral(LANTERN_CLI_PATH);

QString sharedData()
{
    const QByteArray env = qgetenv("LANTERN_SHARED_DATA");
    return env.isEmpty() ? QStringLiteral("../shared/data") : QString::fromLocal8Bit(env);
}
} // namespace

class TestCliStudy : public QObject {
    Q_OBJECT

private slots:
    void enso()
    {
        if (!QFileInfo::exists(sharedData() + "/climate/landsea.nc"))
            QSKIP("shared climate data (landsea.nc, sstdata_netcdf.nc) not found (set LANTERN_SHARED_DATA)");
        QTemporaryDir dir;
        QProcess p;
        p.start(cli, {"study", "enso", "--out", dir.path()});
        QVERIFY(p.waitForFinished(600000));
        const QString out = p.readAllStandardOutput(), err = p.readAllStandardError();
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, qPrintable(err + out));
        qInfo("%s", qPrintable(out));

        QFile f(dir.filePath("summary.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject s = QJsonDocument::fromJson(f.readAll()).object();
        const double distance = s["centroid_distance_to_nino34_deg"].toDouble(1e9);
        QVERIFY2(distance <= 20.0, qPrintable(QString("composite centroid %1 deg from Nino-3.4").arg(distance)));
        QVERIFY2(s["optimal_input_nino34_mean"].toDouble(-1) > 0, "the optimal input is not warm over Nino-3.4");
        QVERIFY2(s["validation_accuracy"].toDouble() >= 0.9, qPrintable(QString::number(s["validation_accuracy"].toDouble())));
        QVERIFY(s["composite_samples"].toInt() > 100);

        // data.nc: CF coordinates and the labels; the maps on its lat x lon grid
        const std::string data = dir.filePath("data.nc").toStdString();
        geo::FieldRequest req;
        req.variable = "sst";
        const geo::GeoField field = geo::readField(data, req);
        QCOMPARE(field.values.shape(), (Shape{1200, 91, 180}));
        QCOMPARE(field.lat.front(), -90.0);
        QCOMPARE(field.lon.front(), 0.0);
        QCOMPARE(field.timeLabels.front(), std::string("1900-01-16"));
        QCOMPARE(geo::readValues(data, "label").size(), size_t(1200));
        const Tensor composite = io::readNpy(dir.filePath("composite.npy").toStdString());
        const Tensor optimal = io::readNpy(dir.filePath("optimal_input.npy").toStdString());
        QCOMPARE(composite.shape(), (Shape{91, 180}));
        QCOMPARE(optimal.shape(), (Shape{91, 180}));
        // recompute the acceptance numbers from the written files
        const std::vector<float> comp(composite.values().begin(), composite.values().end());
        const auto c = studies::relevanceCentroid(comp, field.lat, field.lon);
        QVERIFY2(studies::distanceToNino34(c.lat, c.lon) <= 20.0, qPrintable(QString("%1 N %2 E").arg(c.lat).arg(c.lon)));
        const std::vector<float> opt(optimal.values().begin(), optimal.values().end());
        QVERIFY(studies::nino34Mean(opt, field.lat, field.lon) > 0);

        // the model runs on data.nc's fields as written (flattened, masked cells 0)
        Model model = loadModel(dir.filePath("model.onnx").toStdString());
        QCOMPARE(model.metadata["lantern.class_names"], std::string("La Nina,El Nino"));
        QProcess predict;
        predict.start(cli, {"predict", "--model", dir.filePath("model.onnx"), "--input", dir.filePath("data.nc") + ":sst[time=1190:1200]"});
        QVERIFY(predict.waitForFinished(60000));
        QCOMPARE(predict.exitCode(), 0);
        QCOMPARE(QString(predict.readAllStandardOutput()).count("data.nc[1999-"), 10);

        QVERIFY(QFileInfo(dir.filePath("figure.png")).size() > 50000);
        QFile pdf(dir.filePath("figure.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QCOMPARE(pdf.read(4), QByteArray("%PDF"));
    }

    void geometry_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("distance");
        QTest::newRow("inside") << 0.0 << 200.0 << 0.0;
        QTest::newRow("on the equator 10 deg west") << 0.0 << 180.0 << 10.0;
        QTest::newRow("20 N above the box") << 25.0 << 215.0 << 20.0;
        QTest::newRow("across 0 E") << 0.0 << 250.0 << 10.0;
    }
    void geometry()
    {
        QFETCH(double, lat);
        QFETCH(double, lon);
        QFETCH(double, distance);
        QVERIFY2(std::abs(studies::distanceToNino34(lat, lon) - distance) < 1e-6,
                 qPrintable(QString::number(studies::distanceToNino34(lat, lon))));
    }

    // `lantern-cli study materials` at CI size (700 crystals, 3 epochs; the default run is 2800 and 5): the paper's
    // qualitative result, the CNN correct under defects that leave spglib at (almost) nothing.
    void materials()
    {
        QTemporaryDir dir;
        QProcess p;
        p.start(cli, {"study", "materials", "--out", dir.path(), "--structures", "700", "--test-structures", "70",
                      "--per-level", "14", "--epochs", "3"});
        QVERIFY(p.waitForFinished(600000));
        const QString out = p.readAllStandardOutput(), err = p.readAllStandardError();
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, qPrintable(err + out));
        qInfo("%s", qPrintable(out));
        QFile f(dir.filePath("summary.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject s = QJsonDocument::fromJson(f.readAll()).object();
        QVERIFY2(s["validation_accuracy"].toDouble() >= 0.95, qPrintable(QString::number(s["validation_accuracy"].toDouble())));
        QVERIFY2(s["test_accuracy"].toDouble() >= 0.95, qPrintable(QString::number(s["test_accuracy"].toDouble())));
        // robustness.csv: defect,level,method,tolerance,accuracy,n
        QFile csv(dir.filePath("robustness.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
        QCOMPARE(csv.readLine().trimmed(), QByteArray("defect,level,method,tolerance,accuracy,n"));
        std::map<std::tuple<QString, double, QString, QString>, double> acc;
        int rows = 0;
        while (!csv.atEnd()) {
            const QList<QByteArray> f2 = csv.readLine().trimmed().split(',');
            QCOMPARE(f2.size(), 6);
            QVERIFY(f2[0] == "vacancies" || f2[0] == "displacement" || f2[0] == "substitution");
            QVERIFY(f2[2] == "cnn" || f2[2] == "spglib");
            QCOMPARE(f2[3].isEmpty(), f2[2] == "cnn");
            QCOMPARE(f2[5].toInt(), 14);
            acc[{QString(f2[0]), f2[1].toDouble(), QString(f2[2]), QString(f2[3])}] = f2[4].toDouble();
            ++rows;
        }
        QCOMPARE(rows, (10 + 7 + 6) * 4);
        // the CNN stays correct with 40 % vacancies and sigma 0.04 Å; spglib (1e-3) is lost from 2 % vacancies
        const auto at = [&](const char* defect, double level, const char* method, const char* tolerance) {
            return acc[std::make_tuple(QString(defect), level, QString(method), QString(tolerance))];
        };
        QVERIFY2(at("vacancies", 0.4, "cnn", "") >= 0.9, "CNN accuracy at 40 % vacancies");
        QVERIFY2(at("displacement", 0.04, "cnn", "") >= 0.9, "CNN accuracy at sigma 0.04");
        QVERIFY2(at("substitution", 0.1, "cnn", "") >= 0.9, "CNN accuracy at 10 % substitutions");
        QCOMPARE(at("vacancies", 0.0, "spglib", "0.001"), 1.0);
        QVERIFY(at("vacancies", 0.02, "spglib", "0.001") <= 0.2);
        QVERIFY(at("displacement", 0.04, "spglib", "0.1") <= 0.2);
        for (const char* file : {"model.onnx", "robustness.png", "robustness.pdf", "robustness.svg", "attentive_response.png",
                                 "attentive_response.pdf"})
            QVERIFY2(QFileInfo(dir.filePath(file)).size() > 1000, file);
        Model model = loadModel(dir.filePath("model.onnx").toStdString());
        QCOMPARE(model.metadata["lantern.class_names"], std::string("bct139,bct141,hex/rh,sc,fcc,diam,bcc"));
        QCOMPARE(QImage(dir.filePath("robustness.png")).width(), 1800);
    }
};

QTEST_GUILESS_MAIN(TestCliStudy)
#include "test_cli_study.moc"
