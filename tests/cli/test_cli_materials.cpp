// `lantern-cli structure-info` and `lantern-cli fingerprint` end to end: JSON and text output on the shared crystal
// files and prototypes; the fingerprint array read back (and equal to the engine's), the PNGs equal to the array;
// errors name the file and line and exit with status 1.
#include "lantern/io/npy.h"
#include "lantern/materials/defects.h"
#include "lantern/materials/fingerprint.h"
#include "lantern/materials/readers.h"

#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using namespace lantern;

namespace {
const QString cli = QStringLiteral(LANTERN_CLI_PATH);

QString sharedData()
{
    const QByteArray env = qgetenv("LANTERN_SHARED_DATA");
    return env.isEmpty() ? QStringLiteral("../shared/data") : QString::fromLocal8Bit(env);
}

struct Run {
    int code = -1;
    QString out, err;
};

Run run(const QStringList& args)
{
    QProcess p;
    p.start(cli, args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}
} // namespace

class TestCliMaterials : public QObject {
    Q_OBJECT

private slots:
    void structureInfo()
    {
        const QString dir = sharedData() + "/crystal";
        if (!QFileInfo::exists(dir + "/Si_diamond.cif"))
            QSKIP("../shared/data/crystal not found (set LANTERN_SHARED_DATA)");
        const Run r = run({"structure-info", dir + "/Si_diamond.cif", dir + "/Mg_hcp.xyz", dir + "/pymatgen-structures/CsCl.json",
                           "bct141:Sn", "--symprec", "1e-3,0.1", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray all = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(all.size(), 4);
        const int expected[] = {227, 194, 221, 141};
        const char* formulas[] = {"Si2", "Mg2", "ClCs", "Sn4"};
        for (int i = 0; i < 4; ++i) {
            const QJsonObject o = all[i].toObject();
            QCOMPARE(o["formula"].toString(), QString(formulas[i]));
            const QJsonArray groups = o["space_groups"].toArray();
            QCOMPARE(groups.size(), 2);
            QCOMPARE(groups[0].toObject()["number"].toInt(), expected[i]);
            QCOMPARE(groups[0].toObject()["symprec"].toDouble(), 1e-3);
        }
        QVERIFY(std::abs(all[0].toObject()["cell"].toObject()["a"].toDouble() - 3.8396) < 1e-3);
        const Run text = run({"structure-info", dir + "/cif2hkl-examples/LaMnO3.cif"});
        QVERIFY2(text.code == 0, qPrintable(text.err));
        QVERIFY(text.out.contains("La4Mn4O12 (LaMnO3), 20 atoms"));
        QVERIFY(text.out.contains("Pnma (62)"));
        QVERIFY(text.out.contains("filled to 20"));
    }

    void fingerprint()
    {
        QTemporaryDir dir;
        const QString npy = dir.filePath("fp.npy"), png = dir.filePath("png");
        const Run r = run({"fingerprint", "fcc:Al", "hcp:Mg", "bcc:Fe", "--out", npy, "--png", png, "--vacancies", "0.1",
                           "--displacement", "0.02", "--seed", "4"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const Tensor t = io::readNpy(npy.toStdString());
        QCOMPARE(t.shape(), (Shape{3, 3, 64, 64}));
        // the same as the engine's for the same cluster and defects
        materials::Defects d;
        d.vacancies = 0.1;
        d.displacement = 0.02;
        d.seed = 4;
        const Tensor hcp = materials::diffractionFingerprint(
            materials::withDefects(materials::fingerprintCluster(materials::loadStructure("hcp:Mg"), 128), d));
        for (int64_t i = 0; i < hcp.size(); ++i)
            QCOMPARE(t[3 * 64 * 64 + i], hcp[i]);
        const QStringList images = QDir(png).entryList({"*.png"}, QDir::Files, QDir::Name);
        QCOMPARE(images, (QStringList{"000_fcc_Al.png", "001_hcp_Mg.png", "002_bcc_Fe.png"}));
        const QImage image(QDir(png).filePath(images[1]));
        QCOMPARE(image.size(), QSize(64, 64));
        for (int row = 0; row < 64; row += 3)
            for (int col = 0; col < 64; col += 3) {
                const QRgb c = image.pixel(col, row);
                const int want[3] = {int(std::lround(hcp[(0 * 64 + row) * 64 + col] * 255)),
                                     int(std::lround(hcp[(1 * 64 + row) * 64 + col] * 255)),
                                     int(std::lround(hcp[(2 * 64 + row) * 64 + col] * 255))};
                QCOMPARE(qRed(c), want[0]);
                QCOMPARE(qGreen(c), want[1]);
                QCOMPARE(qBlue(c), want[2]);
            }
    }

    void errors()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath("bad.cif");
        std::ofstream(bad.toStdString()) << "data_x\n_cell_length_a 4\n_cell_length_b\n";
        for (const QStringList& args : {QStringList{"structure-info", bad}, QStringList{"fingerprint", bad, "--out", dir.filePath("x.npy")}}) {
            const Run r = run(args);
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains(bad + ":3: _cell_length_b has no value"), qPrintable(r.err));
        }
        const Run proto = run({"fingerprint", "fcc:Qq", "--out", dir.filePath("x.npy")});
        QCOMPARE(proto.code, 1);
        QVERIFY2(proto.err.contains("fcc:Qq") && proto.err.contains("'Qq' is not an element symbol"), qPrintable(proto.err));
        const Run noOut = run({"fingerprint", "fcc:Al"});
        QCOMPARE(noOut.code, 1);
        QVERIFY(noOut.err.contains("--out"));
        QVERIFY(!QFileInfo::exists(dir.filePath("x.npy")));
    }
};

QTEST_GUILESS_MAIN(TestCliMaterials)
#include "test_cli_materials.moc"
