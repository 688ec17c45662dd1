// CrabNet attention recordings: CrabNet's formula parsing and EDM element order, both row layouts against the
// frames make_zarr_fixtures.py wrote with the real zarr library (compared exactly, absent pairs NaN), per-sample
// series, the layout override, and incomplete or mismatched recordings.
#include "crabnet_fixtures.h"
#include "lantern/error.h"
#include "lantern/io/npy.h"
#include "lantern/snapshots/crabnet.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>

using namespace lantern;
using namespace lantern::snapshots;

namespace {

template <typename F>
QString errorOf(F&& f)
{
    try {
        f();
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return QStringLiteral("(no error)");
}

std::vector<std::string> symbolsOf(const std::string& formula)
{
    std::vector<std::string> out;
    for (const ElementAmount& e : crabNetElementOrder(formula))
        out.push_back(e.symbol);
    return out;
}

} // namespace

class TestCrabnetAttention : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QJsonObject m_expected;
    Tensor m_layer0, m_layer1; // (samples, epochs, heads, n_el, n_el)

    std::string file(const char* name) const { return (m_dir.path() + "/" + name).toStdString(); }
    std::string csv() const { return file("crabnet.csv"); }

    /// Every frame of `r` equals `expected` bit for bit (NaN where absent).
    void checkAllFrames(const CrabNetRecording& r, const Tensor& expected)
    {
        const int64_t frameSize = 4 * 8 * 8;
        for (int64_t s = 0; s < 12; ++s)
            for (int64_t e = 0; e < 5; ++e) {
                const AttentionFrame f = r.frame(s, e);
                QCOMPARE(f.values.shape(), (Shape{4, 8, 8}));
                for (int64_t i = 0; i < frameSize; ++i)
                    QVERIFY2(test::sameFloat(f.values[i], expected[(s * 5 + e) * frameSize + i]),
                             qPrintable(QString("sample %1 epoch %2 element %3").arg(s).arg(e).arg(i)));
            }
    }

private slots:
    void initTestCase()
    {
        if (test::crabNetCsv().isEmpty())
            QSKIP("the CrabNet formulae (crabnet/aflow__Egap/val.csv) are not in the shared data (set LANTERN_SHARED_DATA)");
        QVERIFY(m_dir.isValid());
        const QString error = test::writeCrabNetFixtures(m_dir.path());
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QFile json(m_dir.path() + "/expected.json");
        QVERIFY(json.open(QIODevice::ReadOnly));
        m_expected = QJsonDocument::fromJson(json.readAll()).object();
        m_layer0 = io::readNpy(file("expected_layer0.npy"));
        m_layer1 = io::readNpy(file("expected_layer1.npy"));
        QCOMPARE(m_layer0.shape(), (Shape{12, 5, 4, 8, 8}));
    }

    void formulaParsingAsCrabNet()
    {
        // descending amount, stable for ties (first appearance first)
        QCOMPARE(symbolsOf("Al2H10Ni1Zr6"), (std::vector<std::string>{"H", "Zr", "Al", "Ni"}));
        QCOMPARE(symbolsOf("Gd1Ge1Zn1"), (std::vector<std::string>{"Gd", "Ge", "Zn"}));
        QCOMPARE(symbolsOf("Ba1Nb0.67O3Sr0.33"), (std::vector<std::string>{"O", "Ba", "Nb", "Sr"}));
        // parentheses expanded where they stand, repeated elements summed at their first appearance
        QCOMPARE(symbolsOf("Li3Fe2(PO4)3"), (std::vector<std::string>{"O", "Li", "P", "Fe"}));
        QCOMPARE(symbolsOf("[Co(NH3)6]Cl3"), (std::vector<std::string>{"H", "N", "Cl", "Co"}));
        QCOMPARE(symbolsOf("Y3N@C80"), (std::vector<std::string>{"C", "Y", "N"}));
        const std::vector<ElementAmount> fe = parseCrabNetFormula("Fe2O3Fe1");
        QCOMPARE(fe.size(), size_t(2));
        QCOMPARE(fe[0].symbol, std::string("Fe"));
        QCOMPARE(fe[0].amount, 3.0);
        const std::vector<ElementAmount> caoh = parseCrabNetFormula("Ca(OH)2");
        QCOMPARE(caoh[1].symbol, std::string("O"));
        QCOMPARE(caoh[1].amount, 2.0);
        QCOMPARE(symbolsOf("H0O1"), (std::vector<std::string>{"O"})); // |amount| < 1e-6 dropped
        QVERIFY(errorOf([] { parseCrabNetFormula("Fe2O3x"); }).contains("invalid formula"));
        QVERIFY(errorOf([] { parseCrabNetFormula("Fe1.2.3"); }).contains("'1.2.3' is not a number"));
    }

    void samplesFromTheCsv()
    {
        const CrabNetRecording r = CrabNetRecording::open(file("dir.zarr"), csv());
        QCOMPARE(r.samples(), int64_t(12)); // Tm1, a pure element, is dropped as CrabNet does
        QCOMPARE(r.epochs(), int64_t(5));
        QCOMPARE(r.heads(), 4);
        QCOMPARE(r.elements(), 8);
        QCOMPARE(r.order(), RowOrder::EpochMajor);
        const QJsonArray formulae = m_expected["formulae"].toArray();
        const QJsonArray symbols = m_expected["symbols"].toArray();
        for (int s = 0; s < 12; ++s) {
            QCOMPARE(QString::fromStdString(r.sample(s).formula), formulae[s].toString());
            for (int j = 0; j < 8; ++j)
                QCOMPARE(QString::fromStdString(r.sample(s).symbols[size_t(j)]), symbols[s].toArray()[j].toString());
        }
        const CrabNetSample& s4 = r.sample(4); // Al2H10Ni1Zr6
        QCOMPARE(s4.csvLine, int64_t(6));
        QCOMPARE(s4.presentCount(), 4);
        QCOMPARE(s4.fractions[0], 10.0f / 19.0f);
        QCOMPARE(s4.fractions[3], 1.0f / 19.0f);
        QCOMPARE(s4.fractions[4], 0.0f);
        QCOMPARE(r.row(3, 2), int64_t(2 * 12 + 3));
    }

    void directoryStoreIsEpochMajor() { checkAllFrames(CrabNetRecording::open(file("dir.zarr"), csv()), m_layer0); }

    void zipStoreIsSampleMajor()
    {
        const CrabNetRecording r = CrabNetRecording::open(file("zip.zip"), csv());
        QCOMPARE(r.order(), RowOrder::SampleMajor);
        QCOMPARE(r.row(3, 2), int64_t(3 * 5 + 2));
        checkAllFrames(r, m_layer0);
        CrabNetOptions layer1;
        layer1.layer = 1;
        checkAllFrames(CrabNetRecording::open(file("zip.zip"), csv(), layer1), m_layer1);
        checkAllFrames(CrabNetRecording::open(file("dir.zarr"), csv(), layer1), m_layer1);
    }

    void otherStoresOfTheSameRecording()
    {
        for (const char* store : {"nested.zarr", "legacy_nested.zarr", "f8.zarr", "root_array.zarr"})
            checkAllFrames(CrabNetRecording::open(file(store), csv()), m_layer0);
    }

    void absentPairsAreNaNAndPresentRowsSumToOne()
    {
        const AttentionFrame f = CrabNetRecording::open(file("zip.zip"), csv()).frame(4, 3); // H Zr Al Ni
        QCOMPARE(f.composition.formula, std::string("Al2H10Ni1Zr6"));
        QCOMPARE(f.sample, int64_t(4));
        QCOMPARE(f.row, int64_t(23));
        for (int h = 0; h < 4; ++h)
            for (int i = 0; i < 8; ++i) {
                double sum = 0;
                for (int j = 0; j < 8; ++j) {
                    const float v = f.values.at({h, i, j});
                    QCOMPARE(std::isnan(v), i >= 4 || j >= 4);
                    if (!std::isnan(v))
                        sum += v;
                }
                if (i < 4)
                    QVERIFY(std::abs(sum - 1.0) < 1e-5); // softmax over the present keys
            }
    }

    void seriesOfOneSample()
    {
        for (const char* store : {"zip.zip", "dir.zarr"}) {
            const CrabNetRecording r = CrabNetRecording::open(file(store), csv());
            const Tensor s = r.series(7);
            QCOMPARE(s.shape(), (Shape{5, 4, 8, 8}));
            for (int64_t i = 0; i < s.size(); ++i)
                QVERIFY(test::sameFloat(s[i], m_layer0[7 * 5 * 256 + i]));
        }
        // measured: a whole series from the zip (4 chunks) and from the directory (5 partial reads)
        for (const char* store : {"zip.zip", "dir.zarr"}) {
            const CrabNetRecording r = CrabNetRecording::open(file(store), csv());
            QElapsedTimer t;
            t.start();
            for (int64_t s = 0; s < 12; ++s)
                r.series(s);
            qInfo("%s: 12 series in %.2f ms", store, double(t.nsecsElapsed()) / 1e6);
        }
    }

    void layoutOverride()
    {
        CrabNetOptions o;
        o.order = RowOrder::SampleMajor;
        const CrabNetRecording wrong = CrabNetRecording::open(file("dir.zarr"), csv(), o);
        QCOMPARE(wrong.order(), RowOrder::SampleMajor);
        QCOMPARE(wrong.row(1, 0), int64_t(5));
        // row 5 of the epoch-major store is sample 5 at epoch 0, not sample 1
        const AttentionFrame f = wrong.frame(1, 0);
        QVERIFY(!test::sameFloat(f.values[0], m_layer0[(1 * 5 + 0) * 256]));
        QCOMPARE(rowOrderFromName("epoch-major"), RowOrder::EpochMajor);
        QVERIFY(errorOf([] { rowOrderFromName("sideways"); }).contains("epoch-major or sample-major"));
    }

    void incompleteRecordingsAreRefused()
    {
        // the zip misses chunk (0, 0, 1, 0, 0): sample 0's head 1 for every epoch
        const CrabNetRecording zip = CrabNetRecording::open(file("missing_chunk.zip"), csv());
        QString e = errorOf([&] { zip.frame(0, 3); });
        QVERIFY2(e.contains("chunk 'layer0/0.0.1.0.0' is missing") && e.contains("sample 0, epoch 3"), qPrintable(e));
        QVERIFY(errorOf([&] { zip.series(0); }).contains("layer0/0.0.1.0.0"));
        QCOMPARE(zip.frame(1, 3).values.size(), int64_t(256));
        // the directory misses epoch 2
        const CrabNetRecording dir = CrabNetRecording::open(file("missing_chunk.zarr"), csv());
        e = errorOf([&] { dir.frame(5, 2); });
        QVERIFY2(e.contains("'layer0/2.0.0.0.0' is missing") && e.contains("epoch 2"), qPrintable(e));
        QVERIFY(errorOf([&] { dir.frame(5, 1); }) == "(no error)");
        // a truncated Blosc chunk
        e = errorOf([&] { CrabNetRecording::open(file("truncated.zip"), csv()).frame(1, 0); });
        QVERIFY2(e.contains("layer0/1.0.2.0.0") && e.contains("blosc"), qPrintable(e));
    }

    void mismatchedCsvOrShape()
    {
        QString e = errorOf([&] { CrabNetRecording::open(file("bad_rows.zarr"), csv()); });
        QVERIFY2(e.contains("61 rows are not a multiple of the 12 samples"), qPrintable(e));
        CrabNetOptions keep;
        keep.dropUnary = false;
        e = errorOf([&] { CrabNetRecording::open(file("dir.zarr"), csv(), keep); });
        QVERIFY2(e.contains("60 rows are not a multiple of the 13 samples"), qPrintable(e));
        e = errorOf([&] { CrabNetRecording::open(file("generic.zarr"), csv()); });
        QVERIFY2(e.contains("no Zarr array 'layer0'"), qPrintable(e));
        CrabNetOptions edges;
        e = errorOf([&] { CrabNetRecording::open(file("dir.zarr"), file("expected.json"), edges); });
        QVERIFY2(e.contains("no 'formula' column"), qPrintable(e));
        const CrabNetRecording r = CrabNetRecording::open(file("zip.zip"), csv());
        QVERIFY(errorOf([&] { r.frame(12, 0); }).contains("sample 12 is out of range (12 samples)"));
        QVERIFY(errorOf([&] { r.frame(0, 5); }).contains("epoch 5 is out of range (5 epochs)"));
    }
};

QTEST_GUILESS_MAIN(TestCrabnetAttention)
#include "test_crabnet_attention.moc"
