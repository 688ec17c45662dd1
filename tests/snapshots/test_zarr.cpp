// Zarr v2 reader against stores the real zarr library writes at test time (make_zarr_fixtures.py): directory and
// zip stores, "." and "/" keys (also the unrecorded "/" of zarr < 2.8), f4/f8/i4, Blosc LZ4 and zstd, edge chunks,
// unwritten chunks (fill value), hyperslabs compared element by element; corrupt and unsupported stores must be
// refused with an error naming the key.
#include "crabnet_fixtures.h"
#include "lantern/error.h"
#include "lantern/io/npy.h"
#include "lantern/snapshots/zarr.h"

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

} // namespace

class TestZarr : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string file(const char* name) const { return (m_dir.path() + "/" + name).toStdString(); }

private slots:
    void initTestCase()
    {
        if (test::crabNetCsv().isEmpty())
            QSKIP("the CrabNet formulae (crabnet/aflow__Egap/val.csv) are not in the shared data (set LANTERN_SHARED_DATA)");
        QVERIFY(m_dir.isValid());
        const QString error = test::writeCrabNetFixtures(m_dir.path());
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void listsArraysOfGroupsInBothStores()
    {
        QCOMPARE(ZarrStore::open(file("dir.zarr")).arrays(), (std::vector<std::string>{"layer0", "layer1"}));
        const ZarrStore zip = ZarrStore::open(file("zip.zip"));
        QVERIFY(zip.isZip());
        QCOMPARE(zip.arrays(), (std::vector<std::string>{"layer0", "layer1"}));
        QCOMPARE(ZarrStore::open(file("generic.zarr")).arrays(), (std::vector<std::string>{"edges", "ints"}));
        QCOMPARE(ZarrStore::open(file("root_array.zarr")).arrays(), (std::vector<std::string>{""}));
        QVERIFY(errorOf([&] { ZarrArray::open(file("dir.zarr"), "layer7"); }).contains("arrays: layer0, layer1"));
    }

    void metadataAsWritten()
    {
        const ZarrArray dir = ZarrArray::open(file("dir.zarr"), "layer0");
        QCOMPARE(dir.shape(), (std::vector<int64_t>{60, 1, 4, 8, 8}));
        QCOMPARE(dir.info().chunks, (std::vector<int64_t>{12, 1, 4, 8, 8}));
        QCOMPARE(dir.info().compressor, std::string("none"));
        QVERIFY(std::isnan(dir.info().fillValue));
        QVERIFY(!dir.info().separatorGiven);
        const ZarrArray zip = ZarrArray::open(file("zip.zip"), "layer0");
        QCOMPARE(zip.info().chunks, (std::vector<int64_t>{5, 1, 1, 8, 8}));
        QCOMPARE(zip.info().compressor, std::string("blosc"));
        QCOMPARE(zip.chunkKey({3, 0, 2, 0, 0}), std::string("layer0/3.0.2.0.0"));
        const ZarrArray nested = ZarrArray::open(file("nested.zarr"), "layer0");
        QCOMPARE(nested.info().separator, '/');
        QCOMPARE(nested.chunkKey({3, 0, 0, 0, 0}), std::string("layer0/3/0/0/0/0"));
        QCOMPARE(ZarrArray::open(file("f8.zarr"), "layer0").info().itemSize, 8);
    }

    /// Same values through every layout: epoch-major directory rows vs the sample-major zip rows.
    void sameValuesInEveryStore()
    {
        const Tensor expected = io::readNpy(file("expected_layer0.npy")); // (12, 5, 4, 8, 8), NaN-masked
        const ZarrArray dir = ZarrArray::open(file("dir.zarr"), "layer0");
        const ZarrArray zip = ZarrArray::open(file("zip.zip"), "layer0");
        const std::vector<float> all = dir.read({0, 0, 0, 0, 0}, {60, 1, 4, 8, 8});
        const std::vector<float> allZip = zip.read({0, 0, 0, 0, 0}, {60, 1, 4, 8, 8});
        int compared = 0;
        for (int64_t s = 0; s < 12; ++s)
            for (int64_t e = 0; e < 5; ++e)
                for (int64_t i = 0; i < 256; ++i) {
                    const float want = expected[(s * 5 + e) * 256 + i];
                    if (std::isnan(want))
                        continue; // absent pairs hold what CrabNet stores there (0 or a padded query row)
                    QVERIFY(test::sameFloat(all[size_t((e * 12 + s) * 256 + i)], want));
                    QVERIFY(test::sameFloat(allZip[size_t((s * 5 + e) * 256 + i)], want));
                    ++compared;
                }
        QVERIFY(compared > 5 * 4 * 12 * 4); // every sample has at least 2 x 2 present pairs
        for (const char* store : {"nested.zarr", "legacy_nested.zarr", "f8.zarr", "root_array.zarr"}) {
            const ZarrArray a = ZarrArray::open(file(store), std::strcmp(store, "root_array.zarr") ? "layer0" : "");
            const std::vector<float> v = a.read({0, 0, 0, 0, 0}, {60, 1, 4, 8, 8});
            for (size_t i = 0; i < v.size(); ++i)
                QVERIFY2(test::sameFloat(v[i], all[i]), store);
        }
    }

    void hyperslabsAcrossEdgeChunksAndUnwrittenChunks()
    {
        const Tensor expected = io::readNpy(file("expected_edges.npy")); // (7, 5, 6)
        const ZarrArray a = ZarrArray::open(file("generic.zarr"), "edges");
        QCOMPARE(a.info().compressor, std::string("blosc"));
        QVERIFY(!a.hasChunkAt({4, 3, 1}));  // chunk (1, 1, 0) was all NaN: zarr did not write it
        QVERIFY(a.hasChunkAt({4, 3, 5}));
        const std::vector<std::vector<int64_t>> slabs[] = {
            {{0, 0, 0}, {7, 5, 6}}, {{2, 1, 3}, {4, 3, 3}}, {{6, 4, 5}, {1, 1, 1}}, {{3, 2, 0}, {3, 2, 4}},
            {{1, 0, 2}, {5, 5, 1}}, {{0, 0, 0}, {0, 5, 6}}};
        for (const auto& slab : slabs) {
            const std::vector<int64_t>& st = slab[0];
            const std::vector<int64_t>& n = slab[1];
            const std::vector<float> v = a.read(st, n);
            QCOMPARE(int64_t(v.size()), n[0] * n[1] * n[2]);
            for (int64_t i = 0; i < n[0]; ++i)
                for (int64_t j = 0; j < n[1]; ++j)
                    for (int64_t k = 0; k < n[2]; ++k)
                        QVERIFY(test::sameFloat(v[size_t((i * n[1] + j) * n[2] + k)],
                                     expected[((st[0] + i) * 5 + st[1] + j) * 6 + st[2] + k]));
        }
        const std::vector<float> hole = a.read({3, 2, 0}, {3, 2, 4});
        QVERIFY(std::all_of(hole.begin(), hole.end(), [](float x) { return std::isnan(x); }));
        const Tensor ints = io::readNpy(file("expected_ints.npy"));
        const ZarrArray ia = ZarrArray::open(file("generic.zarr"), "ints");
        QCOMPARE(ia.info().dtype, std::string("<i4"));
        const std::vector<float> iv = ia.read({0}, {10});
        for (int i = 0; i < 10; ++i)
            QCOMPARE(iv[size_t(i)], ints[i]);
        QCOMPARE(iv[0], -5000.f);
        QCOMPARE(ia.read({7}, {3}), (std::vector<float>{2000.f, 3000.f, 4000.f}));
    }

    void outOfBoundsAndOversizedRequests()
    {
        const ZarrArray a = ZarrArray::open(file("generic.zarr"), "edges");
        QVERIFY(errorOf([&] { a.read({5, 0, 0}, {3, 5, 6}); }).contains("outside dimension 0 of size 7"));
        QVERIFY(errorOf([&] { a.read({0, 0}, {1, 1}); }).contains("dimensions"));
        QVERIFY(errorOf([&] { a.read({0, 0, 0}, {7, 5, 6}, 100); }).contains("larger than 100 elements"));
    }

    void corruptStoresNameTheKey()
    {
        // a truncated Blosc chunk in the zip
        const ZarrArray zip = ZarrArray::open(file("truncated.zip"), "layer0");
        QString e = errorOf([&] { zip.read({5, 0, 0, 0, 0}, {5, 1, 4, 8, 8}); });
        QVERIFY2(e.contains("chunk 'layer0/1.0.2.0.0'") && e.contains("blosc"), qPrintable(e));
        // other chunks of the same store still read
        QCOMPARE(zip.read({0, 0, 0, 0, 0}, {5, 1, 4, 8, 8}).size(), size_t(5 * 4 * 64));
        // a truncated uncompressed chunk in a directory
        const ZarrArray dir = ZarrArray::open(file("truncated.zarr"), "layer0");
        e = errorOf([&] { dir.read({12, 0, 0, 0, 0}, {1, 1, 4, 8, 8}); });
        QVERIFY2(e.contains("'layer0/1.0.0.0.0'") && e.contains("truncated") && e.contains("12288"), qPrintable(e));
        // bad JSON
        e = errorOf([&] { ZarrArray::open(file("bad_json.zarr"), "layer0"); });
        QVERIFY2(e.contains("layer0/.zarray: not valid JSON"), qPrintable(e));
        // missing chunks read as the fill value at this level (the CrabNet reader refuses them)
        const ZarrArray missing = ZarrArray::open(file("missing_chunk.zip"), "layer0");
        const std::vector<float> v = missing.read({0, 0, 1, 0, 0}, {5, 1, 1, 8, 8});
        QVERIFY(std::all_of(v.begin(), v.end(), [](float x) { return std::isnan(x); }));
        QVERIFY(!missing.hasChunkAt({0, 0, 1, 0, 0}));
    }

    void unsupportedMetadataIsRefused()
    {
        const struct {
            const char* store;
            const char* words;
        } cases[] = {{"wrong_dtype.zarr", "unsupported dtype '<c8'"},
                     {"filters.zarr", "filters are not supported"},
                     {"f_order.zarr", "order 'F' is not supported"},
                     {"zlib.zarr", "compressor 'zlib' is not supported"},
                     {"huge_chunks.zarr", "larger than Lantern reads"}};
        for (const auto& c : cases) {
            QString e;
            try {
                ZarrArray::open(file(c.store), "layer0");
                e = "(no error)";
            } catch (const UnsupportedError& u) {
                e = QString("unsupported: ") + u.what();
            } catch (const IoError& io) {
                e = QString("io: ") + io.what();
            }
            QVERIFY2(e.contains(c.words) && e.contains("layer0/.zarray"), qPrintable(e));
        }
    }

    void notAStore()
    {
        QVERIFY(errorOf([&] { ZarrStore::open(file("nothing-here")); }).contains("no such file"));
        QVERIFY(errorOf([&] { ZarrStore::open(file("expected_ints.npy")); }).contains("not a Zarr store"));
        QVERIFY(errorOf([&] { ZarrStore::open(file("dir.zarr")).read("../x", 10); }).contains("invalid key"));
    }

    void metadataParserRejectsHostileValues()
    {
        const auto meta = [](const std::string& shape, const std::string& chunks) {
            return R"({"zarr_format":2,"shape":)" + shape + R"(,"chunks":)" + chunks +
                   R"(,"dtype":"<f4","compressor":null,"fill_value":null,"order":"C","filters":null})";
        };
        QVERIFY(errorOf([&] { parseZarrArrayMetadata(meta("[10,-1]", "[5,5]"), "m"); }).contains("invalid size -1"));
        QVERIFY(errorOf([&] { parseZarrArrayMetadata(meta("[10]", "[0]"), "m"); }).contains("invalid size 0"));
        QVERIFY(errorOf([&] { parseZarrArrayMetadata(meta("[10]", "[5,5]"), "m"); }).contains("dimensions"));
        QVERIFY(errorOf([&] {
            parseZarrArrayMetadata(meta("[1,1,1,1]", "[4194304,4194304,4194304,4194304]"), "m");
        }).contains("larger than Lantern reads"));
        const ZarrArrayInfo ok = parseZarrArrayMetadata(meta("[10]", "[5]"), "m");
        QVERIFY(std::isnan(ok.fillValue)); // null fill on a float array: NaN
        QVERIFY(errorOf([&] {
            ZarrArrayInfo info = ok;
            info.compressor = "blosc";
            decodeZarrChunk(info, std::vector<char>(20, 'x'), 20, "k/0");
        }).contains("k/0: the blosc chunk is truncated or corrupt"));
    }
};

QTEST_GUILESS_MAIN(TestZarr)
#include "test_zarr.moc"
