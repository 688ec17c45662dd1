// Structure readers against files ASE writes at test time (make_fixtures.py: CIF, POSCAR, extended XYZ, with
// spglib's space groups and brute-force neighbour distances), every file of ../shared/data/crystal, bad files;
// prototypes, supercells and defects.
#include "lantern/error.h"
#include "lantern/materials/defects.h"
#include "lantern/materials/prototypes.h"
#include "lantern/materials/readers.h"
#include "lantern/materials/symmetry.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using namespace lantern;
using namespace lantern::materials;

namespace {

QString sharedData()
{
    const QByteArray env = qgetenv("LANTERN_SHARED_DATA");
    return env.isEmpty() ? QStringLiteral("../shared/data") : QString::fromLocal8Bit(env);
}

std::string slurp(const std::string& path)
{
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeText(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

/// Every atom of `a` has an atom of the same element in `b` at the same fractional position modulo 1.
bool sameAtoms(const Structure& a, const std::vector<Vec3>& frac, const std::vector<int>& numbers, double tol)
{
    if (a.size() != frac.size())
        return false;
    const auto fa = fractionalPositions(a);
    for (std::size_t i = 0; i < fa.size(); ++i) {
        bool found = false;
        for (std::size_t j = 0; j < frac.size() && !found; ++j) {
            if (a.numbers[i] != numbers[j])
                continue;
            double d = 0;
            for (int k = 0; k < 3; ++k) {
                double delta = fa[i][std::size_t(k)] - frac[j][std::size_t(k)];
                delta -= std::round(delta);
                d = std::max(d, std::abs(delta));
            }
            found = d < tol;
        }
        if (!found)
            return false;
    }
    return true;
}

} // namespace

class TestStructures : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    nlohmann::json m_refs;
    std::string file(const QString& name) const { return (m_dir.path() + "/" + name).toStdString(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QProcess p;
        p.start("/usr/bin/python3", {QFINDTESTDATA("make_fixtures.py"), m_dir.path()});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        m_refs = nlohmann::json::parse(slurp(file("refs.json")));
    }

    void readsWhatAseWrote_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("pattern");
        for (const char* name : {"cu_fcc_cubic", "fe_bcc", "si_diamond", "mg_hcp", "nacl", "triclinic", "rattled"})
            for (const char* pattern : {"%1.cif", "POSCAR_%1", "%1.vasp", "%1.xyz"})
                QTest::newRow((QString(pattern).arg(name)).toUtf8().constData()) << QString(name) << QString(pattern);
    }
    void readsWhatAseWrote()
    {
        QFETCH(QString, name);
        QFETCH(QString, pattern);
        const Structure s = readStructure(file(pattern.arg(name)));
        const auto& ref = m_refs[name.toStdString()];
        QVERIFY(s.periodic);
        // the cell up to orientation (Open Babel's CIF reader puts a along x): lengths, angles
        Mat3 refCell{};
        for (std::size_t r = 0; r < 3; ++r)
            for (std::size_t c = 0; c < 3; ++c)
                refCell[r][c] = ref["cell"][r][c].get<double>();
        const CellParameters p = cellParameters(s.lattice), q = cellParameters(refCell);
        for (auto [x, y] : {std::pair{p.a, q.a}, {p.b, q.b}, {p.c, q.c}, {p.alpha, q.alpha}, {p.beta, q.beta}, {p.gamma, q.gamma}})
            QVERIFY2(std::abs(x - y) < 2e-3, qPrintable(QString("%1 vs %2").arg(x).arg(y)));
        if (!pattern.endsWith(".cif")) // POSCAR and XYZ keep the vectors as written
            for (std::size_t r = 0; r < 3; ++r)
                for (std::size_t c = 0; c < 3; ++c)
                    QVERIFY(std::abs(s.lattice[r][c] - refCell[r][c]) < 1e-6);
        std::vector<Vec3> frac;
        for (const auto& f : ref["frac"])
            frac.push_back({f[0].get<double>(), f[1].get<double>(), f[2].get<double>()});
        QVERIFY(sameAtoms(s, frac, ref["numbers"].get<std::vector<int>>(), 1e-4));
        const auto g = spaceGroup(s, 1e-3);
        QVERIFY(g.has_value());
        QCOMPARE(g->number, ref["spacegroup"].get<int>());
        QVERIFY(std::abs(averageNearestNeighbourDistance(s) - ref["mean_nn"].get<double>()) < 1e-4);
    }

    void sharedCrystalFiles()
    {
        const QString dir = sharedData() + "/crystal";
        if (!QFile::exists(dir + "/structures.json"))
            QSKIP("../shared/data/crystal is absent (set LANTERN_SHARED_DATA)");
        const auto refs = nlohmann::json::parse(slurp((dir + "/structures.json").toStdString()));
        int checked = 0;
        for (const auto& [name, ref] : refs.items()) {
            const std::string spacegroup = ref["spacegroup"].get<std::string>();
            const int number = std::stoi(spacegroup.substr(spacegroup.find('(') + 1));
            for (const char* ext : {".cif", ".xyz"}) {
                const std::string path = (dir + "/").toStdString() + name + ext;
                const Structure s = readStructure(path);
                QVERIFY2(s.size() == ref["numbers"].size(), path.c_str());
                QCOMPARE(spaceGroup(s, 1e-3)->number, number);
                std::vector<Vec3> frac;
                for (const auto& f : ref["frac"])
                    frac.push_back({f[0].get<double>(), f[1].get<double>(), f[2].get<double>()});
                QVERIFY2(sameAtoms(s, frac, ref["numbers"].get<std::vector<int>>(), 1e-5), path.c_str());
                ++checked;
            }
        }
        QCOMPARE(checked, 16);
        // the Cu_fcc_cubic pair beside them, and the real CIFs with symmetry to fill in
        QCOMPARE(readStructure((dir + "/Cu_fcc_cubic.cif").toStdString()).size(), std::size_t(4));
        const std::pair<const char*, std::pair<int, int>> real[] = {
            {"Al.cif", {4, 225}}, {"2104737.cif", {8, 227}}, {"9013104.cif", {8, 227}}, {"LaMnO3.cif", {20, 62}}};
        for (const auto& [file, expect] : real) {
            const Structure s = readStructure((dir + "/cif2hkl-examples/" + file).toStdString());
            QCOMPARE(int(s.size()), expect.first);
            QCOMPARE(spaceGroup(s, 1e-3)->number, expect.second);
        }
        // every pymatgen structure: sites, lattice, space groups of the simple ones
        const QStringList jsons = QDir(dir + "/pymatgen-structures").entryList({"*.json"});
        QCOMPARE(jsons.size(), 21);
        for (const QString& j : jsons) {
            const std::string path = (dir + "/pymatgen-structures/" + j).toStdString();
            const auto doc = nlohmann::json::parse(slurp(path));
            const Structure s = readStructure(path);
            QCOMPARE(s.size(), doc["sites"].size());
            QVERIFY(s.periodic);
            QVERIFY(std::abs(std::abs(cellVolume(s.lattice)) - doc["lattice"]["volume"].get<double>()) < 1e-3 * doc["lattice"]["volume"].get<double>());
            // Cartesian positions agree with the file's own "xyz" where it has them
            if (doc["sites"][0].contains("xyz"))
                for (std::size_t i = 0; i < s.size(); ++i)
                    for (std::size_t k = 0; k < 3; ++k)
                        QVERIFY(std::abs(s.positions[i][k] - doc["sites"][i]["xyz"][k].get<double>()) < 1e-6);
        }
        const std::pair<const char*, int> groups[] = {{"CsCl.json", 221}, {"Si.json", 227}, {"He_BCC.json", 229}};
        for (const auto& [j, number] : groups)
            QCOMPARE(spaceGroup(readStructure((dir + "/pymatgen-structures/" + j).toStdString()), 1e-3)->number, number);
        const Structure disordered = readStructure((dir + "/pymatgen-structures/Li10GeP2S12.json").toStdString());
        QCOMPARE(disordered.notes.size(), std::size_t(1));
    }

    void badFiles_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected"); // a fragment of the message, after "<path>"
        const QByteArray cif = "data_x\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\n_cell_angle_alpha 90\n"
                               "_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_atom_site_label\n_atom_site_type_symbol\n"
                               "_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nAl1 Al 0 0 0\nAl2 Al 0.5 0.5 0\n";
        QTest::newRow("cif cut in a row") << "cut.cif" << cif.left(cif.size() - 4) << ":15: the loop of _atom_site_label";
        QTest::newRow("cif cut before the atoms") << "early.cif" << cif.left(cif.indexOf("loop_")) << ":7: no atom site loop";
        QTest::newRow("cif without cell") << "nocell.cif" << QByteArray("data_x\nloop_\n_atom_site_fract_x\n0\n") << "no _cell_length_a";
        QTest::newRow("cif coordinate not a number") << "nan.cif" << QByteArray(cif).replace("0.5 0.5 0", "0.5 x 0")
                                                    << ":15: _atom_site_fract_y value 'x' is not a number";
        QTest::newRow("cif tag without value") << "tag.cif" << cif.left(cif.indexOf("_cell_length_b") + 14) << ":3: _cell_length_b has no value";
        QTest::newRow("cif symmetry operation") << "symop.cif"
                                                << QByteArray(cif).replace("loop_\n_atom_site_label",
                                                                           "loop_\n_symmetry_equiv_pos_as_xyz\n'x,y,z'\n'x+1/2, -z, -y+1/{\"a\":1'\nloop_\n_atom_site_label")
                                                << ":11: symmetry operation 'x+1/2, -z, -y+1/{\"a\":1' is not of the form x,y,z";
        QTest::newRow("cif text field open") << "text.cif" << QByteArray("data_x\n_note\n;\nnever closed\n") << ":3: the text field";
        QTest::newRow("not a cif") << "garbage.cif" << QByteArray("hello world\n") << ":1: no data_ block";
        const QByteArray poscar = "Al\n1.0\n4 0 0\n0 4 0\n0 0 4\nAl\n2\nDirect\n0 0 0\n0.5 0.5 0\n";
        QTest::newRow("poscar truncated") << "POSCAR" << poscar.left(poscar.size() - 11) << ":9: the file ends after 1 of 2 atom positions";
        QTest::newRow("poscar bad lattice") << "POSCAR_bad" << QByteArray(poscar).replace("0 4 0", "0 four 0") << ":4: lines 3-5 must be";
        QTest::newRow("poscar bad mode") << "CONTCAR" << QByteArray(poscar).replace("Direct", "Fractional") << ":8: expected Direct or Cartesian";
        QTest::newRow("xyz short") << "short.xyz" << QByteArray("3\ncomment\nCu 0 0 0\nCu 1 1 1\n") << ":4: the file ends after 2 of 3 atoms";
        QTest::newRow("xyz element") << "element.xyz" << QByteArray("1\n\nQq 0 0 0\n") << ":3: 'Qq' is not an element symbol";
        QTest::newRow("xyz count") << "count.xyz" << QByteArray("many\n") << ":1: the first line must be the number of atoms";
        QTest::newRow("xyz lattice") << "lattice.xyz" << QByteArray("1\nLattice=\"1 0 0 0 1 0\"\nCu 0 0 0\n") << ":2: Lattice= must hold 9 numbers";
        QTest::newRow("xyz empty") << "empty.xyz" << QByteArray() << ": the file is empty";
        QTest::newRow("json broken") << "broken.json" << QByteArray("{\n\"sites\": [\n{\"species\": \n") << ":4: not valid JSON";
        QTest::newRow("json not a structure") << "other.json" << QByteArray("{\"a\": 1}") << ": no \"sites\" list";
        QTest::newRow("json bad element") << "element.json"
                                          << QByteArray("{\"sites\": [{\"species\": [{\"element\": \"Xx\", \"occu\": 1}], \"xyz\": [0,0,0]}]}")
                                          << ": site 1 'Xx' is not an element symbol";
        QTest::newRow("json occupancy") << "occu.json"
                                        << QByteArray("{\"lattice\": {\"matrix\": [[3,0,0],[0,3,0],[0,0,3]]}, \"sites\": [{\"species\": "
                                                      "[{\"element\": \"Fe\", \"occu\": -1}], \"abc\": [0,0,0]}]}")
                                        << ": site 1 has an occupancy outside (0, 1]";
        QTest::newRow("poscar volume scale") << "POSCAR_volume" << QByteArray(poscar).replace("1.0\n", "-64.0\n")
                                             << ":2: scaling factor -64.0: a negative value";
        QTest::newRow("unknown format") << "thing.unknownext" << QByteArray("x") << ": unknown structure format";
    }
    void badFiles()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const std::string path = file(name);
        writeText(path, content.toStdString());
        try {
            (void)readStructure(path);
            QFAIL("no error");
        } catch (const IoError& e) {
            const QString message = QString::fromStdString(e.what());
            QVERIFY2(message.startsWith(QString::fromStdString(path)), qPrintable(message));
            QVERIFY2(message.contains(expected), qPrintable(message));
        }
        try {
            (void)readStructure(file("missing.cif"));
            QFAIL("no error");
        } catch (const IoError& e) {
            QVERIFY(QString(e.what()).contains("missing.cif: cannot open"));
        }
    }

    void poscarVariants()
    {
        // VASP 6 potential names, Cartesian coordinates with a scale, selective dynamics
        writeText(file("POSCAR_vasp6"), "Fe Co\n2.0\n1.4 0 0\n0 1.4 0\n0 0 1.4\nFe_pv Co_sv_GW/72ba\n1 1\nSelective dynamics\n"
                                         "Cartesian\n0 0 0 T T T\n0.7 0.7 0.7 F F F\n");
        const Structure s = readStructure(file("POSCAR_vasp6"));
        QCOMPARE(s.numbers, (std::vector<int>{26, 27}));
        QCOMPARE(s.positions[1], (Vec3{1.4, 1.4, 1.4}));
        QCOMPARE(cellParameters(s.lattice).a, 2.8);
        QCOMPARE(spaceGroup(s, 1e-3)->number, 221);
        // VASP 4: the names from the comment line, or an error that says what to add
        writeText(file("CONTCAR_vasp4"), "Cs Cl\n1.0\n4.1 0 0\n0 4.1 0\n0 0 4.1\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n");
        QCOMPARE(readStructure(file("CONTCAR_vasp4")).numbers, (std::vector<int>{55, 17}));
        writeText(file("CONTCAR_bare"), "relaxed\n1.0\n4.1 0 0\n0 4.1 0\n0 0 4.1\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n");
        try {
            (void)readStructure(file("CONTCAR_bare"));
            QFAIL("no error");
        } catch (const IoError& e) {
            QVERIFY2(QString(e.what()).contains("CONTCAR_bare:6: no element names (VASP 4 format)"), e.what());
        }
    }

    void cifVariants()
    {
        // a leading block without atoms (data_global) and unknown coordinates ('?') are fine, as for Open Babel
        const std::string cif = "data_global\n_journal_name 'x'\ndata_al\n_cell_length_a 4.05\n_cell_length_b 4.05\n"
                                "_cell_length_c 4.05\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n"
                                "_symmetry_space_group_name_H-M 'P 1'\nloop_\n_atom_site_label\n_atom_site_type_symbol\n"
                                "_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nAl1 Al 0 0 0\nAl2 Al 0.5 0.5 0\n"
                                "Al3 Al 0.5 0 0.5\nAl4 Al 0 0.5 0.5\n";
        writeText(file("blocks.cif"), cif);
        const Structure s = readStructure(file("blocks.cif"));
        QCOMPARE(s.size(), std::size_t(4));
        QCOMPARE(spaceGroup(s, 1e-3)->number, 225);
    }

    void neighboursInSkewedCells()
    {
        // a cell whose b is 1000 a + (0.5, 0.5, 0): the nearest image lies far along b (b - 1000 a, 0.707 Å)
        Structure s;
        s.name = "skewed";
        s.periodic = true;
        s.lattice = Mat3{Vec3{1, 0, 0}, Vec3{1000.5, 0.5, 0}, Vec3{0, 0, 1}};
        s.positions = {{0, 0, 0}};
        s.numbers = {13};
        QVERIFY(std::abs(averageNearestNeighbourDistance(s) - std::sqrt(0.5)) < 1e-9);
        // a thin cell: its short vector is the neighbour
        s.lattice = Mat3{Vec3{1, 0, 0}, Vec3{0, 1, 0}, Vec3{0, 0, 1e-3}};
        QVERIFY(std::abs(averageNearestNeighbourDistance(s) - 1e-3) < 1e-12);
        // hopelessly sheared (b almost parallel to a): an error, not hours of work
        s.lattice = Mat3{Vec3{1, 0, 0}, Vec3{1e6, 1e-6, 0}, Vec3{0, 0, 1}};
        QVERIFY_THROWS_EXCEPTION(ArgumentError, averageNearestNeighbourDistance(s));
        s.lattice = Mat3{Vec3{2.3e-9, 0, 0}, Vec3{0, 2e4, 0}, Vec3{0, 0, 2e4}};
        const auto n = supercellRepetitions(s, 128); // no overflow for absurdly thin cells
        QVERIFY(n[0] >= 1 && n[0] <= 1003 && n[1] >= 1 && n[2] >= 1);
    }

    void prototypesHaveTheirSpaceGroups()
    {
        for (const PrototypeInfo& info : prototypes()) {
            const Structure s = buildPrototype(info.prototype, 13);
            QCOMPARE(int(s.size()), info.atomsPerCell);
            QCOMPARE(spaceGroup(s, 1e-3)->number, info.spaceGroup);
            // and through supercells of about 128 atoms
            const Structure big = supercell(s, supercellRepetitions(s, 128));
            QVERIFY2(big.size() >= 96 && big.size() <= 160, qPrintable(QString("%1: %2").arg(info.name.c_str()).arg(big.size())));
            QCOMPARE(spaceGroup(big, 1e-3)->number, info.spaceGroup);
            QCOMPARE(crystalClassOfSpaceGroup(info.spaceGroup), info.classIndex);
        }
        QCOMPARE(crystalClasses()[std::size_t(crystalClassOfSpaceGroup(166))], std::string("hex/rh"));
        QCOMPARE(crystalClassOfSpaceGroup(194), crystalClassOfSpaceGroup(166));
        // nearest-neighbour distances in closed form
        const double a = 4.0;
        const std::pair<Prototype, double> nn[] = {{Prototype::SimpleCubic, a}, {Prototype::Bcc, a * std::sqrt(3.0) / 2},
                                                   {Prototype::Fcc, a / std::sqrt(2.0)}, {Prototype::Diamond, a * std::sqrt(3.0) / 4}};
        for (const auto& [p, d] : nn)
            QVERIFY(std::abs(averageNearestNeighbourDistance(buildPrototype(p, 13, {a})) - d) < 1e-9);
        // the spec form used on the command line
        const Structure hcp = prototypeFromSpec("hcp:Mg:a=3.2,c/a=1.6");
        QCOMPARE(cellParameters(hcp.lattice).c, 3.2 * 1.6);
        QVERIFY_THROWS_EXCEPTION(ArgumentError, prototypeFromSpec("fcc:Xx"));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, prototypeFromSpec("fcc:Al:b=3"));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, prototypeInfo("hexagonal"));
        QCOMPARE(formula(buildPrototype(Prototype::Fcc, 29)), std::string("Cu4"));
        QCOMPARE(reducedFormula(buildPrototype(Prototype::Fcc, 29)), std::string("Cu"));
    }

    void defectsAreSeededAndSized()
    {
        const Structure s = supercell(buildPrototype(Prototype::Fcc, 13), {6, 6, 6}); // 864 atoms
        const Structure v = withVacancies(s, 0.25, 5);
        QCOMPARE(v.size(), std::size_t(864 - 216));
        QCOMPARE(withVacancies(s, 0.25, 5).positions, v.positions);
        QVERIFY(withVacancies(s, 0.25, 6).positions != v.positions);
        // displacements: the sample standard deviation of 2592 Gaussian draws is within 5 % of sigma
        const Structure d = withDisplacements(s, 0.06, 9);
        double sum = 0, sum2 = 0;
        for (std::size_t i = 0; i < s.size(); ++i)
            for (std::size_t k = 0; k < 3; ++k) {
                const double delta = d.positions[i][k] - s.positions[i][k];
                sum += delta;
                sum2 += delta * delta;
            }
        const double n = 3.0 * double(s.size());
        const double sd = std::sqrt(sum2 / n - (sum / n) * (sum / n));
        QVERIFY2(std::abs(sd - 0.06) < 0.003, qPrintable(QString::number(sd)));
        QVERIFY(std::abs(sum / n) < 0.005);
        const Structure sub = withSubstitutions(s, 29, 0.1, 3);
        QCOMPARE(std::count(sub.numbers.begin(), sub.numbers.end(), 29), std::ptrdiff_t(86));
        // spglib, the paper's baseline, loses the class with small defects at a tight tolerance
        const Structure small = supercell(buildPrototype(Prototype::Fcc, 13), {3, 3, 3}); // 108 atoms
        QCOMPARE(spaceGroup(small, 1e-3)->number, 225);
        QVERIFY(spaceGroup(withVacancies(small, 0.01, 1), 1e-3)->number != 225);
        QVERIFY(spaceGroup(withDisplacements(small, 0.06, 9), 1e-3)->number != 225);
        QVERIFY_THROWS_EXCEPTION(ArgumentError, withVacancies(s, 1.5, 0));
    }
};

QTEST_GUILESS_MAIN(TestStructures)
#include "test_structures.moc"
