// Bad input never crashes or hangs: for every format Lantern reads, a corpus of files made from a valid seed
// (empty, truncated at many points, bit-flipped, wrong type, absurd dimensions) is fed to the reader. Each
// file must either be rejected with a lantern::Error whose message names the file, or, for bit flips that
// leave a still-valid file, load and (for models) run a forward pass. Anything else -- another exception type,
// a crash, a hang (ctest timeout) -- fails the test. Truncated and empty files must always be rejected.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/io/hdf5.h"
#include "lantern/io/idx.h"
#include "lantern/io/npy.h"
#include "lantern/model.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

using namespace lantern;

namespace {

std::vector<char> readBytes(const std::string& path)
{
    return io::readFileBytes(path);
}

void writeBytes(const std::string& path, const std::vector<char>& bytes)
{
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// Loads a file the way the application would; throws lantern::Error when the file is bad.
using Reader = std::function<void(const std::string& path)>;

void readModel(const std::string& path)
{
    Model m = loadModel(path);
    // a model that loads must also run: zeros of its input shape (batch 1)
    for (const auto& name : m.graph.inputNames()) {
        Shape s = m.graph.inputShape(name);
        int64_t n = 1;
        for (auto& d : s) {
            d = d < 0 ? 1 : d;
            n *= d;
        }
        if (n > (int64_t(1) << 24))
            throw ShapeError("input too large for the smoke run");
    }
    std::map<std::string, Tensor> inputs;
    for (const auto& name : m.graph.inputNames()) {
        Shape s = m.graph.inputShape(name);
        for (auto& d : s)
            d = d < 0 ? 1 : d;
        inputs[name] = Tensor(s);
    }
    m.graph.forward(inputs);
}

void readKerasPair(const std::string& json, const std::string& weights)
{
    LoadOptions o;
    o.weightsPath = weights;
    Model m = loadModel(json, o);
    Tensor x({1, 1, 28, 28});
    m.graph.run(x);
}

void readHdf5All(const std::string& path)
{
    for (const auto& name : io::listHdf5Datasets(path))
        io::readHdf5Dataset(path, name);
    io::readHdf5Attribute(path, "/", "model");
}

struct Outcome {
    int rejected = 0, accepted = 0;
};

/// Runs the reader; returns true when the file was rejected with a lantern::Error naming it.
bool rejects(const Reader& reader, const std::string& path, const QString& what, const std::string& alsoNamed = {})
{
    try {
        reader(path);
        return false;
    } catch (const Error& e) {
        const std::string msg = e.what();
        const std::string base = std::filesystem::path(path).filename().string();
        const bool named =
            msg.find(base) != std::string::npos || (!alsoNamed.empty() && msg.find(alsoNamed) != std::string::npos);
        if (!named)
            QTest::qFail(qPrintable(what + ": the message does not name the file: " + QString::fromStdString(msg)),
                         __FILE__, __LINE__);
        return true;
    } catch (const std::exception& e) {
        QTest::qFail(qPrintable(what + ": non-Lantern exception: " + e.what()), __FILE__, __LINE__);
        return true;
    }
}

/// The corpus for one seed file, with mutations written next to `dir`.
Outcome runCorpus(const std::vector<char>& seed, const std::string& ext, const Reader& reader, const QString& dir,
                  int flips, uint32_t rngSeed)
{
    Outcome o;
    const std::string base = (dir + "/case").toStdString();
    int index = 0;
    auto next = [&] { return base + std::to_string(index++) + ext; };

    // empty
    {
        const std::string p = next();
        writeBytes(p, {});
        if (!rejects(reader, p, "empty"))
            QTest::qFail("an empty file was accepted", __FILE__, __LINE__);
    }
    // truncated at 1, 2, 4, 8 ... bytes and at fractions of the size
    std::vector<size_t> cuts;
    for (size_t c = 1; c < seed.size(); c *= 2)
        cuts.push_back(c);
    for (int k = 1; k < 16; ++k)
        cuts.push_back(seed.size() * static_cast<size_t>(k) / 16);
    cuts.push_back(seed.size() - 1);
    for (size_t cut : cuts) {
        const std::string p = next();
        writeBytes(p, std::vector<char>(seed.begin(), seed.begin() + static_cast<std::ptrdiff_t>(cut)));
        if (!rejects(reader, p, QString("truncated at %1").arg(cut)))
            QTest::qFail(qPrintable(QString("file truncated at %1 of %2 bytes was accepted").arg(cut).arg(seed.size())),
                         __FILE__, __LINE__);
        ++o.rejected;
    }
    // bit flips: early bytes (headers) get most of them
    std::mt19937 rng(rngSeed);
    for (int f = 0; f < flips; ++f) {
        std::vector<char> m = seed;
        const size_t limit = f % 2 == 0 ? std::min<size_t>(m.size(), 512) : m.size();
        const int count = 1 + f % 4;
        for (int i = 0; i < count; ++i) {
            const size_t pos = rng() % limit;
            m[pos] = static_cast<char>(m[pos] ^ (1 << (rng() % 8)));
        }
        const std::string p = next();
        writeBytes(p, m);
        (rejects(reader, p, QString("bit flip %1").arg(f)) ? o.rejected : o.accepted)++;
    }
    return o;
}

/// An .npy header declaring an absurd shape, followed by a few bytes.
std::vector<char> npyWithShape(const std::string& shape)
{
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
    while ((10 + header.size() + 1) % 64)
        header += ' ';
    header += '\n';
    std::ostringstream out;
    out << "\x93NUMPY" << '\x01' << '\x00' << static_cast<char>(header.size() & 0xff)
        << static_cast<char>(header.size() >> 8) << header << std::string(16, '\0');
    const std::string b = out.str();
    return {b.begin(), b.end()};
}

std::vector<char> idxWithDims(const std::vector<uint32_t>& dims)
{
    std::vector<char> b = {0, 0, 0x08, static_cast<char>(dims.size())};
    for (uint32_t d : dims)
        for (int s = 24; s >= 0; s -= 8)
            b.push_back(static_cast<char>((d >> s) & 0xff));
    for (int i = 0; i < 64; ++i)
        b.push_back(1);
    return b;
}

} // namespace

class TestBadInput : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    std::string shared(const std::string& rel) { return test::sharedDataDir() + "/" + rel; }

private slots:
    void corpus_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("npy") << "npy";
        QTest::newRow("npz") << "npz";
        QTest::newRow("idx") << "idx";
        QTest::newRow("idx.gz") << "idx.gz";
        QTest::newRow("hdf5 data") << "h5";
        QTest::newRow("onnx model") << "onnx";
        QTest::newRow("keras 1 json architecture") << "json";
        QTest::newRow("keras 1 hdf5 weights") << "weights";
    }

    void corpus()
    {
        QFETCH(QString, format);
        QVERIFY(m_dir.isValid());
        const QString dir = m_dir.filePath(format);
        QDir().mkpath(dir);
        const bool haveShared = !test::sharedDataDir().empty();
        std::vector<char> seed;
        std::string ext;
        Reader reader;
        int flips = 120;
        if (format == "npy") {
            seed = io::npyBytes(test::randomTensor({3, 4, 5}, 1));
            ext = ".npy";
            reader = [](const std::string& p) { io::readNpy(p); };
        } else if (format == "npz") {
            const std::string seedPath = (dir + "/seed.npz").toStdString();
            io::writeNpz(seedPath, {{"a", test::randomTensor({2, 3}, 2)}, {"b", test::randomTensor({7}, 3)}});
            seed = readBytes(seedPath);
            ext = ".npz";
            reader = [](const std::string& p) { io::readNpz(p); };
        } else if (format == "idx") {
            seed = idxWithDims({10, 6, 6});
            seed.resize(16 + 360, 7);
            ext = ".idx";
            reader = [](const std::string& p) { io::readIdx(p); };
        } else if (format == "idx.gz" || format == "h5" || format == "onnx" || format == "json" ||
                   format == "weights") {
            if (!haveShared)
                QSKIP("shared data not found (set LANTERN_SHARED_DATA)");
            if (format == "idx.gz") {
                seed = readBytes(shared("mnist/mnist-10k-labels-idx1-ubyte.gz"));
                ext = "-idx1-ubyte.gz";
                reader = [](const std::string& p) { io::readIdx(p); };
            } else if (format == "h5") {
                seed = readBytes(shared("torch/fmnist_cnn_refs.h5"));
                ext = ".h5";
                reader = readHdf5All;
            } else if (format == "onnx") {
                seed = readBytes(shared("torch/fmnist_cnn.onnx"));
                ext = ".onnx";
                reader = readModel;
            } else if (format == "json") {
                seed = readBytes(shared("keras/keras2cpp-mnist/my_nn_arch.json"));
                ext = ".json";
                const std::string weights = shared("keras/keras2cpp-mnist/my_nn_weights.h5");
                reader = [weights](const std::string& p) { readKerasPair(p, weights); };
            } else {
                seed = readBytes(shared("keras/keras2cpp-mnist/my_nn_weights.h5"));
                ext = ".h5";
                const std::string arch = shared("keras/keras2cpp-mnist/my_nn_arch.json");
                reader = [arch](const std::string& p) { readKerasPair(arch, p); };
                flips = 60;
            }
        }
        // the seed itself must load
        {
            const std::string p = (dir + "/seed" + QString::fromStdString(ext)).toStdString();
            writeBytes(p, seed);
            reader(p);
        }
        const Outcome o = runCorpus(seed, ext, reader, dir, flips, 42);
        qInfo("%s: %d files rejected with a clear error, %d bit-flipped files still valid", qPrintable(format),
              o.rejected, o.accepted);

        // wrong type: another format's bytes under this extension
        const std::string wrong = (dir + "/wrongtype" + QString::fromStdString(ext)).toStdString();
        writeBytes(wrong, format == "npy" ? idxWithDims({2, 2}) : npyWithShape("(2, 2)"));
        QVERIFY(rejects(reader, wrong, "wrong type"));
    }

    void absurdDimensions_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QByteArray>("bytes");
        auto str = [](const std::vector<char>& v) { return QByteArray(v.data(), static_cast<qsizetype>(v.size())); };
        QTest::newRow("npy 1e11 x 1e11") << "npy" << str(npyWithShape("(100000000000, 100000000000)"));
        QTest::newRow("npy negative") << "npy" << str(npyWithShape("(-5, 3)"));
        QTest::newRow("npy 6-D") << "npy" << str(npyWithShape("(1, 1, 1, 1, 1, 2)"));
        QTest::newRow("idx 2^32-1 squared") << "idx" << str(idxWithDims({0xffffffffu, 0xffffffffu}));
        QTest::newRow("idx zero rank") << "idx" << str(idxWithDims({}));
    }

    void absurdDimensions()
    {
        QFETCH(QString, format);
        QFETCH(QByteArray, bytes);
        const std::string p = m_dir.filePath("absurd." + format).toStdString();
        writeBytes(p, std::vector<char>(bytes.begin(), bytes.end()));
        Reader reader = format == "npy" ? Reader([](const std::string& f) { io::readNpy(f); })
                                        : Reader([](const std::string& f) { io::readIdx(f); });
        QVERIFY(rejects(reader, p, format));
    }

    void absurdKerasArchitecture_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::newRow("dense of 1e12 units") << "\"output_dim\": 6"
                                             << "\"output_dim\": 1000000000000";
        QTest::newRow("negative filter count") << "\"nb_filter\": 4"
                                               << "\"nb_filter\": -4";
        QTest::newRow("text for a number") << "\"nb_row\": 3"
                                           << "\"nb_row\": \"three\"";
        // fuzz finding (tests/fuzz, keras1_json): a whole float beyond int64 was cast to int64 (undefined behaviour)
        QTest::newRow("integer field of 5e54, beyond int64") << "\"nb_row\": 3"
                                                              << "\"nb_row\": 5e54";
        QTest::newRow("unknown layer") << "\"Flatten\""
                                       << "\"Flattenize\"";
    }

    void absurdKerasArchitecture()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        if (test::sharedDataDir().empty())
            QSKIP("shared data not found (set LANTERN_SHARED_DATA)");
        const std::string arch = shared("keras/keras2cpp-mnist/my_nn_arch.json");
        auto bytes = readBytes(arch);
        QString text = QString::fromUtf8(bytes.data(), static_cast<qsizetype>(bytes.size()));
        QVERIFY2(text.contains(from), qPrintable(from));
        text.replace(from, to);
        const std::string p = m_dir.filePath("absurd_arch.json").toStdString();
        const QByteArray utf8 = text.toUtf8();
        writeBytes(p, std::vector<char>(utf8.begin(), utf8.end()));
        const std::string weights = shared("keras/keras2cpp-mnist/my_nn_weights.h5");
        // the weights file does not match the architecture: naming either file is clear
        QVERIFY(rejects([weights](const std::string& f) { readKerasPair(f, weights); }, p, "keras json",
                        std::filesystem::path(weights).filename().string()));
        LoadOptions noWeights; // random weights must not try to allocate absurd tensors either
        QVERIFY(rejects([&](const std::string& f) { loadModel(f, noWeights); }, p, "keras json without weights"));
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "test_bad_input.moc"
