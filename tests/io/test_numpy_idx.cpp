// NumPy .npy/.npz and IDX readers: hand-built files of every supported dtype and order, the shared
// reference files, and a corpus of broken files that must give IoError (never a crash or a hang).
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/io/idx.h"
#include "lantern/io/npy.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>
#include <random>

using namespace lantern;

namespace {

std::vector<char> npyFile(const std::string& descr, bool fortran, const std::string& shape,
                          const std::vector<char>& data)
{
    std::string header =
        "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
    header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
    header += '\n';
    std::vector<char> b = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0};
    b.push_back(static_cast<char>(header.size() & 0xff));
    b.push_back(static_cast<char>(header.size() >> 8));
    b.insert(b.end(), header.begin(), header.end());
    b.insert(b.end(), data.begin(), data.end());
    return b;
}

template <typename T> std::vector<char> raw(const std::vector<T>& v, bool bigEndian = false)
{
    std::vector<char> out;
    for (T x : v) {
        char b[sizeof(T)];
        std::memcpy(b, &x, sizeof(T));
        if (bigEndian)
            std::reverse(b, b + sizeof(T));
        out.insert(out.end(), b, b + sizeof(T));
    }
    return out;
}

void writeBytes(const QString& path, const std::vector<char>& bytes)
{
    std::ofstream f(path.toStdString(), std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

} // namespace

class TestNumpyIdx : public QObject {
    Q_OBJECT

private slots:
    void npyDtypesAndOrders_data()
    {
        QTest::addColumn<QByteArray>("descr");
        QTest::addColumn<bool>("fortran");
        QTest::addColumn<bool>("bigEndian");
        QTest::newRow("f4 C") << QByteArray("<f4") << false << false;
        QTest::newRow("f8 C") << QByteArray("<f8") << false << false;
        QTest::newRow("f8 big-endian") << QByteArray(">f8") << false << true;
        QTest::newRow("u1 C") << QByteArray("|u1") << false << false;
        QTest::newRow("i8 C") << QByteArray("<i8") << false << false;
        QTest::newRow("f4 Fortran") << QByteArray("<f4") << true << false;
        QTest::newRow("u1 Fortran") << QByteArray("|u1") << true << false;
    }

    void npyDtypesAndOrders()
    {
        QFETCH(QByteArray, descr);
        QFETCH(bool, fortran);
        QFETCH(bool, bigEndian);
        // Logical 2x3 array a[i][j] = 10*i + j.
        std::vector<double> logical;
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 3; ++j)
                logical.push_back(10 * i + j);
        std::vector<double> stored = logical;
        if (fortran)
            stored = {logical[0], logical[3], logical[1], logical[4], logical[2], logical[5]};
        std::vector<char> data;
        const std::string d = descr.toStdString();
        if (d.substr(1) == "f4")
            data = raw(std::vector<float>(stored.begin(), stored.end()), bigEndian);
        else if (d.substr(1) == "f8")
            data = raw(stored, bigEndian);
        else if (d.substr(1) == "u1")
            data = raw(std::vector<uint8_t>(stored.begin(), stored.end()));
        else
            data = raw(std::vector<int64_t>(stored.begin(), stored.end()), bigEndian);
        const Tensor t = io::parseNpy(npyFile(d, fortran, "(2, 3)", data), "test.npy");
        QCOMPARE(t.shape(), (Shape{2, 3}));
        for (int i = 0; i < 6; ++i)
            QCOMPARE(t[i], static_cast<float>(logical[static_cast<size_t>(i)]));
    }

    void npyRoundTripAndNpz()
    {
        QTemporaryDir dir;
        const Tensor a = test::randomTensor({2, 3, 4, 5}, 1);
        const Tensor scalarLike = test::randomTensor({7}, 2);
        const std::string npy = dir.filePath("a.npy").toStdString();
        io::writeNpy(npy, a);
        LANTERN_COMPARE_TENSORS(io::readNpy(npy), a, 0, 0);
        const std::string npz = dir.filePath("ab.npz").toStdString();
        io::writeNpz(npz, {{"a", a}, {"layer.b", scalarLike}});
        const auto back = io::readNpz(npz);
        QCOMPARE(back.size(), size_t(2));
        LANTERN_COMPARE_TENSORS(back.at("a"), a, 0, 0);
        LANTERN_COMPARE_TENSORS(back.at("layer.b"), scalarLike, 0, 0);
    }

    void sharedNumpyArchives()
    {
        const std::string shared = test::sharedDataDir();
        if (shared.empty())
            QSKIP("LANTERN_SHARED_DATA not found: shared reference data absent");
        const auto z = io::readNpz(shared + "/torch/ziletti_cnn.npz");
        QCOMPARE(z.at("conv1.weight").shape(), (Shape{32, 3, 7, 7}));
        QCOMPARE(z.at("fc1.weight").shape(), (Shape{128, 2048}));
        QCOMPARE(z.at("bn.running_var").shape(), (Shape{128}));
        for (float v : z.at("bn.running_var").values())
            QVERIFY(v > 0.f);
        const auto io4 = io::readNpz(shared + "/torch/ziletti_cnn_io.npz");
        QCOMPARE(io4.at("input").shape(), (Shape{4, 3, 64, 64}));
        QCOMPARE(io4.at("logits").shape(), (Shape{4, 7}));
    }

    void idxFiles()
    {
        QTemporaryDir dir;
        std::vector<char> b = {0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3};
        for (int i = 0; i < 12; ++i)
            b.push_back(static_cast<char>(i * 20));
        writeBytes(dir.filePath("x.idx"), b);
        const Tensor t = io::readIdx(dir.filePath("x.idx").toStdString());
        QCOMPARE(t.shape(), (Shape{2, 2, 3}));
        QCOMPARE(t[11], 220.f);

        const std::string shared = test::sharedDataDir();
        if (shared.empty())
            QSKIP("LANTERN_SHARED_DATA not found: shared reference data absent");
        const Tensor images = io::readIdx(shared + "/mnist/mnist-10k-images-idx3-ubyte.gz");
        const Tensor labels = io::readIdx(shared + "/mnist/mnist-10k-labels-idx1-ubyte.gz");
        QCOMPARE(images.shape(), (Shape{10000, 28, 28}));
        QCOMPARE(labels.shape(), (Shape{10000}));
        float lo = 255, hi = 0;
        for (float v : images.values()) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        QCOMPARE(lo, 0.f);
        QCOMPARE(hi, 255.f);
        std::vector<int> counts(10, 0);
        for (float v : labels.values())
            ++counts[static_cast<size_t>(v)];
        for (int c : counts)
            QVERIFY2(c > 800 && c < 1200, "digit classes should be roughly balanced");
    }

    // Fuzz findings (tests/fuzz): header fields beyond what NumPy writes gave a std::out_of_range from stoi
    // instead of an IoError naming the file; a header of megabytes made the header parser walk all of it.
    void npyOutOfRangeHeaderFieldsGiveIoError_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("message");
        const auto npy = [](const std::string& descr) {
            const std::vector<char> b = npyFile(descr, false, "(1,)", raw(std::vector<float>{1}));
            return QByteArray(b.data(), static_cast<qsizetype>(b.size()));
        };
        QTest::newRow("item size of 40 digits") << npy("<i" + std::string(40, '4')) << QByteArray("item size");
        QTest::newRow("item size of 3 digits") << npy("<f400") << QByteArray("item size");
        // version 2 header (4-byte length) claiming 1 MB
        std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }";
        header.append(1 << 20, ' ');
        header += '\n';
        QByteArray v2("\x93NUMPY\x02\x00", 8);
        const uint32_t len = static_cast<uint32_t>(header.size());
        v2.append(reinterpret_cast<const char*>(&len), 4);
        v2.append(header.data(), static_cast<qsizetype>(header.size()));
        v2.append(4, '\0');
        QTest::newRow("header of 1 MB") << v2 << QByteArray("header of");
    }

    void npyOutOfRangeHeaderFieldsGiveIoError()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, message);
        QTemporaryDir dir;
        const std::string path = dir.filePath("odd.npy").toStdString();
        writeBytes(QString::fromStdString(path), std::vector<char>(bytes.begin(), bytes.end()));
        try {
            io::readNpy(path);
            QFAIL("no error");
        } catch (const IoError& e) {
            QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find(message.toStdString()) != std::string::npos, e.what());
        }
    }

    // Fuzz finding (tests/fuzz, npz): a deflated entry of a few KB claiming 2 GB uncompressed was allocated before
    // inflating; a claim beyond deflate's 1032:1 is refused first.
    void npzClaimBeyondDeflateRatioGivesIoError()
    {
        QTemporaryDir dir;
        // written by numpy.savez_compressed (tests/fuzz/make_seeds.py)
        const std::string path = std::string(LANTERN_FUZZ_CORPUS) + "/npz/seed_deflated.npz";
        (void)io::readNpz(path);
        std::vector<char> b = io::readFileBytes(path);
        // uncompressed size: local header offset 22, central directory entry offset 24 (little-endian uint32)
        const uint32_t claimed = 0x80000000u;
        size_t patched = 0;
        for (size_t i = 0; i + 4 <= b.size(); ++i) {
            const uint32_t sig = uint32_t(uint8_t(b[i])) | uint32_t(uint8_t(b[i + 1])) << 8 |
                                 uint32_t(uint8_t(b[i + 2])) << 16 | uint32_t(uint8_t(b[i + 3])) << 24;
            const size_t at = sig == 0x04034b50u ? i + 22 : sig == 0x02014b50u ? i + 24 : 0;
            if (at && at + 4 <= b.size()) {
                std::memcpy(&b[at], &claimed, 4);
                ++patched;
            }
        }
        QVERIFY(patched >= 2 && patched % 2 == 0); // a local header and a directory entry per array
        writeBytes(dir.filePath("claims.npz"), b);
        const std::string claims = dir.filePath("claims.npz").toStdString();
        try {
            (void)io::readNpz(claims);
            QFAIL("no error");
        } catch (const IoError& e) {
            QVERIFY2(std::string(e.what()).find(claims) != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("more than deflate can pack") != std::string::npos, e.what());
        }
    }

    void brokenFilesGiveIoError()
    {
        QTemporaryDir dir;
        const Tensor a = test::randomTensor({3, 4, 5}, 3);
        const std::string good = dir.filePath("good.npy").toStdString();
        io::writeNpy(good, a);
        const std::vector<char> npy = io::readFileBytes(good);
        const std::string goodZ = dir.filePath("good.npz").toStdString();
        io::writeNpz(goodZ, {{"a", a}, {"b", a}});
        const std::vector<char> npz = io::readFileBytes(goodZ);
        std::vector<char> idx = {0, 0, 0x08, 2, 0, 0, 0, 3, 0, 0, 0, 4};
        idx.resize(idx.size() + 12, 1);

        struct Case {
            std::string name;
            std::vector<char> bytes;
            int kind; // 0 npy, 1 npz, 2 idx
        };
        std::vector<Case> cases;
        for (const auto& [base, kind] : {std::pair{npy, 0}, std::pair{npz, 1}, std::pair{idx, 2}}) {
            cases.push_back({"empty", {}, kind});
            for (size_t cut : {size_t(1), size_t(9), base.size() / 2, base.size() - 1})
                if (cut < base.size())
                    cases.push_back(
                        {"truncated", std::vector<char>(base.begin(), base.begin() + static_cast<long>(cut)), kind});
            cases.push_back({"text", std::vector<char>{'h', 'e', 'l', 'l', 'o', '\n'}, kind});
        }
        cases.push_back({"absurd dims", npyFile("<f4", false, "(99999999999, 99999999999)", {}), 0});
        cases.push_back({"rank 7", npyFile("<f4", false, "(1, 1, 1, 1, 1, 1, 1)", raw(std::vector<float>{1})), 0});
        cases.push_back({"complex dtype", npyFile("<c8", false, "(1,)", raw(std::vector<float>{1, 2})), 0});
        cases.push_back({"object dtype", npyFile("|O", false, "(1,)", raw(std::vector<float>{1, 2})), 0});
        std::vector<char> absurdIdx = {0, 0, 0x08, 2, 0x7f, -1, -1, -1, 0x7f, -1, -1, -1, 1};
        cases.push_back({"absurd idx dims", absurdIdx, 2});
        std::vector<char> badType = {0, 0, 0x42, 1, 0, 0, 0, 1, 1};
        cases.push_back({"bad idx type", badType, 2});

        // Random bit flips: any outcome but a crash is acceptable; a success must keep the shape sane.
        std::mt19937 rng(42);
        for (int k = 0; k < 40; ++k) {
            for (const auto& [base, kind] : {std::pair{npy, 0}, std::pair{npz, 1}}) {
                std::vector<char> flipped = base;
                flipped[rng() % flipped.size()] ^= static_cast<char>(1 << (rng() % 8));
                cases.push_back({"bitflip", flipped, -1 - kind});
            }
        }

        int i = 0;
        for (const auto& c : cases) {
            const QString path = dir.filePath(QString("bad%1").arg(i++));
            writeBytes(path, c.bytes);
            const std::string p = path.toStdString();
            const int kind = c.kind < 0 ? -1 - c.kind : c.kind;
            try {
                if (kind == 0)
                    io::readNpy(p);
                else if (kind == 1)
                    io::readNpz(p);
                else
                    io::readIdx(p);
                if (c.kind >= 0)
                    QFAIL(("no error for broken file: " + c.name).c_str());
            } catch (const IoError& e) {
                QVERIFY2(std::string(e.what()).find(p) != std::string::npos, "the error must name the file");
            }
        }
        QVERIFY_THROWS_EXCEPTION(IoError, io::readNpy(dir.filePath("missing.npy").toStdString()));
        QVERIFY_THROWS_EXCEPTION(IoError, io::readNpy(dir.path().toStdString()));
    }
};

QTEST_APPLESS_MAIN(TestNumpyIdx)
#include "test_numpy_idx.moc"
