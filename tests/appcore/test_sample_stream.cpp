// SampleStream (batch-by-batch sample input) against loadSamples: for every format, fixtures written at test time by
// the format's own library (make_stream_fixtures.py: NumPy, h5py, netCDF4-python; Qt for PNG), the same count,
// sample shape, names and notes, and every read range (shuffled, backwards, the last partial batch, one sample, none)
// bit for bit the rows of loadSamples' data. Bad ranges, a truncated .npy, a missing HDF5 dataset, and memory that
// stays flat while a 200 MB array is read through.
#include "common/sample_loader.h"
#include "common/sample_stream.h"

#include "lantern/error.h"

#include <QColor>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <random>

using namespace lantern;

namespace {

Shape parseShape(const QString& text)
{
    Shape shape;
    for (const QString& d : text.split(','))
        shape.push_back(d.toLongLong());
    return shape;
}

std::vector<float> parseFloats(const QString& text)
{
    std::vector<float> values;
    for (const QString& v : text.split(',', Qt::SkipEmptyParts))
        values.push_back(v.toFloat());
    return values;
}

/// This process's resident set (VmRSS) in bytes.
int64_t residentBytes()
{
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stoll(line.substr(6)) * 1024;
    return -1;
}

QImage pattern(int w, int h, int seed, bool gray)
{
    QImage image(w, h, gray ? QImage::Format_Grayscale8 : QImage::Format_RGB32);
    std::mt19937 rng(static_cast<unsigned>(seed));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int r = int(rng() % 256), g = int(rng() % 256), b = int(rng() % 256);
            image.setPixelColor(x, y, gray ? QColor(r, r, r) : QColor(r, g, b));
        }
    return image;
}

} // namespace

class TestSampleStream : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    std::string file(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)).toStdString(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QProcess p;
        p.start("/usr/bin/python3", {QFINDTESTDATA("make_stream_fixtures.py"), m_dir.path()});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        // PNGs of different sizes (and one grayscale), and a folder of one size for a model that leaves it free
        QDir(m_dir.path()).mkpath("images");
        QDir(m_dir.path()).mkpath("same");
        const struct {
            const char* name;
            int w, h;
            bool gray;
        } images[] = {{"a.png", 16, 16, false}, {"b.png", 20, 12, false}, {"c.png", 16, 16, true},
                      {"d.png", 7, 9, false},   {"e.png", 32, 32, false}, {"f.png", 16, 5, true},
                      {"g.png", 16, 16, false}};
        int seed = 1;
        for (const auto& i : images)
            QVERIFY(pattern(i.w, i.h, seed++, i.gray).save(m_dir.filePath(QStringLiteral("images/") + i.name)));
        for (const char* name : {"x1.png", "x2.png", "x3.png"})
            QVERIFY(pattern(10, 6, seed++, false).save(m_dir.filePath(QStringLiteral("same/") + name)));
    }

    void matchesLoadSamples_data()
    {
        QTest::addColumn<QString>("spec");  // relative to the fixture folder
        QTest::addColumn<QString>("model"); // model input, "-1,3,8,8"
        QTest::addColumn<QString>("layout");
        QTest::addColumn<double>("scale"); // 0: default
        QTest::addColumn<int>("limit");
        QTest::addColumn<QString>("mean");
        QTest::addColumn<QString>("std");
        QTest::addColumn<QString>("resize");
        QTest::addColumn<bool>("streamed");
        const QString none;
        // .npy
        QTest::newRow("npy f32") << "f32.npy"
                                 << "-1,3,8,8"
                                 << "NCHW" << 0.0 << 0 << none << none << none << true;
        QTest::newRow("npy u8, unit channel, limit, mean/std") << "u8.npy"
                                                               << "-1,1,8,8"
                                                               << "NCHW" << 0.0 << 25 << "100"
                                                               << "50" << none << true;
        QTest::newRow("npy big-endian f64, scale") << "be_f64.npy"
                                                   << "-1,3,8,8"
                                                   << "NCHW" << 0.5 << 0 << "0.1,0.2,0.3"
                                                   << "1,2,3" << none << true;
        QTest::newRow("npy i16") << "i16.npy"
                                 << "-1,3,8,8"
                                 << "NCHW" << 0.0 << 0 << none << none << none << true;
        QTest::newRow("npy i64 dense") << "i64.npy"
                                       << "-1,64"
                                       << "NC" << 1e-3 << 0 << none << none << none << true;
        QTest::newRow("npy bool") << "bool.npy"
                                  << "-1,8,8,1"
                                  << "NHWC" << 0.0 << 0 << none << none << none << true;
        QTest::newRow("npy Fortran order") << "fortran.npy"
                                           << "-1,3,8,8"
                                           << "NCHW" << 0.0 << 30 << none << none << none << true;
        QTest::newRow("npy one sample") << "single.npy"
                                        << "-1,1,8,8"
                                        << "NCHW" << 0.0 << 0 << none << none << none << false;
        // HDF5
        QTest::newRow("h5 f32 4-D gzip chunks") << "data.h5:/x"
                                                << "-1,3,8,8"
                                                << "NCHW" << 0.0 << 0 << none << none << none << true;
        QTest::newRow("h5 u8 in a group, limit") << "data.h5:group/u8"
                                                 << "-1,1,8,8"
                                                 << "NCHW" << 0.0 << 20 << none << none << none << true;
        QTest::newRow("h5 only dataset, f64 NHWC, mean/std") << "one.h5"
                                                             << "-1,8,8,3"
                                                             << "NHWC" << 0.0 << 0 << "1,2,3"
                                                             << "0.5" << none << true;
        // IDX
        QTest::newRow("idx plain u8") << "plain-images-idx3-ubyte"
                                      << "-1,1,8,8"
                                      << "NCHW" << 0.0 << 0 << none << none << none << true;
        QTest::newRow("idx gz u8") << "gz-images-idx3-ubyte.gz"
                                   << "-1,1,8,8"
                                   << "NCHW" << 0.0 << 0 << none << none << none << true;
        QTest::newRow("idx i16 in 0..255 (scanned: 1/255)") << "i16-images-idx3-ubyte"
                                                            << "-1,8,8,1"
                                                            << "NHWC" << 0.0 << 0 << none << none << none << true;
        QTest::newRow("idx gz f32 (scale 1)") << "f32-images-idx3-ubyte.gz"
                                              << "-1,8,8"
                                              << "NCHW" << 0.0 << 33 << none << none << none << true;
        // gridded
        QTest::newRow("nc time range and level") << "fields.nc:sst[time=3:17,level=1]"
                                                 << "-1,1,5,6"
                                                 << "NCHW" << 0.0 << 0 << none << none << none << true;
        QTest::newRow("nc dense flattened, limit, scale") << "fields.nc:sst[time=2:,level=2]"
                                                          << "-1,30"
                                                          << "NC" << 2.0 << 11 << none << none << none << true;
        QTest::newRow("nc packed int16, mean/std") << "fields.nc:anom"
                                                   << "-1,1,5,6"
                                                   << "NCHW" << 0.0 << 0 << "0.5"
                                                   << "2" << none << true;
        QTest::newRow("CF field in .h5") << "fields_cf.h5:sst[time=0:7,level=0]"
                                         << "-1,1,5,6"
                                         << "NCHW" << 0.0 << 0 << none << none << none << true;
        // images
        QTest::newRow("image folder RGB stretch") << "images"
                                                  << "-1,3,16,16"
                                                  << "NCHW" << 0.0 << 0 << none << none << "stretch" << true;
        QTest::newRow("image folder gray crop, limit") << "images"
                                                       << "-1,1,16,16"
                                                       << "NCHW" << 0.0 << 5 << none << none << "crop" << true;
        QTest::newRow("image folder NHWC fit, mean/std") << "images"
                                                         << "-1,16,16,3"
                                                         << "NHWC" << 1.0 << 0 << "0.4,0.5,0.6"
                                                         << "0.2"
                                                         << "fit" << true;
        QTest::newRow("image folder, free size") << "same"
                                                 << "-1,3,-1,-1"
                                                 << "NCHW" << 0.0 << 0 << none << none << none << true;
        // read whole
        QTest::newRow("npz") << "arrays.npz:x"
                             << "-1,3,8,8"
                             << "NCHW" << 0.0 << 0 << none << none << none << false;
        QTest::newRow("single png") << "images/b.png"
                                    << "-1,3,16,16"
                                    << "NCHW" << 0.0 << 0 << none << none << none << false;
    }

    void matchesLoadSamples()
    {
        QFETCH(QString, spec);
        QFETCH(QString, model);
        QFETCH(QString, layout);
        QFETCH(double, scale);
        QFETCH(int, limit);
        QFETCH(QString, mean);
        QFETCH(QString, std);
        QFETCH(QString, resize);
        QFETCH(bool, streamed);
        const std::string path = m_dir.filePath(spec).toStdString();
        const Shape input = parseShape(model);
        app::SampleOptions o;
        if (scale != 0)
            o.scale = float(scale);
        o.limit = limit;
        o.mean = parseFloats(mean);
        o.std = parseFloats(std);
        if (!resize.isEmpty())
            o.resize = app::resizeModeFromName(resize.toStdString());

        const app::Samples whole = app::loadSamples(path, input, layout.toStdString(), o);
        const auto stream = app::SampleStream::open(path, input, layout.toStdString(), o);
        const int64_t n = whole.data.dim(0);
        QCOMPARE(stream->count(), n);
        QCOMPARE(stream->streamed(), streamed);
        QCOMPARE(stream->sampleShape(), Shape(whole.data.shape().begin() + 1, whole.data.shape().end()));
        QCOMPARE(stream->notes(), whole.notes);
        QCOMPARE(int64_t(whole.names.size()), n);
        for (int64_t i = 0; i < n; ++i)
            QCOMPARE(stream->name(i), whole.names[size_t(i)]);

        // batches of 8 (the last one partial) in shuffled order, then backwards, one sample, none, all
        std::vector<std::pair<int64_t, int64_t>> ranges;
        for (int64_t b = 0; b < n; b += 8)
            ranges.emplace_back(b, std::min(n, b + 8));
        std::shuffle(ranges.begin(), ranges.end(), std::mt19937(42));
        for (int64_t b = (n - 1) / 8 * 8; b >= 0; b -= 8)
            ranges.emplace_back(b, std::min(n, b + 8));
        ranges.emplace_back(n / 2, n / 2 + 1);
        ranges.emplace_back(n - 1, n);
        ranges.emplace_back(std::min<int64_t>(3, n), std::min<int64_t>(3, n));
        ranges.emplace_back(0, n);
        if (n > 2)
            ranges.emplace_back(1, n - 1);
        for (const auto& [b, e] : ranges) {
            const Tensor got = stream->read(b, e);
            const Tensor expected = whole.data.slice(b, e);
            QCOMPARE(got.shape(), expected.shape());
            QVERIFY2(expected.size() == 0 ||
                         std::memcmp(got.data(), expected.data(), size_t(expected.size()) * sizeof(float)) == 0,
                     qPrintable(QStringLiteral("samples [%1, %2) differ").arg(b).arg(e)));
        }
    }

    void badRangesAreArgumentErrors()
    {
        const auto stream = app::SampleStream::open(file("f32.npy"), {-1, 3, 8, 8}, "NCHW");
        QVERIFY_THROWS_EXCEPTION(ArgumentError, stream->read(5, 3));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, stream->read(0, stream->count() + 1));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, stream->read(-1, 2));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, stream->name(stream->count()));
        const auto whole = app::SampleStream::open(file("arrays.npz") + ":x", {-1, 3, 8, 8}, "NCHW");
        QVERIFY_THROWS_EXCEPTION(ArgumentError, whole->read(2, 1));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, whole->read(0, whole->count() + 1));
    }

    void truncatedNpyIsAnIoErrorAtOpen()
    {
        const std::string truncated = file("truncated.npy");
        QVERIFY(QFile::copy(QString::fromStdString(file("f32.npy")), QString::fromStdString(truncated)));
        QVERIFY(
            QFile::resize(QString::fromStdString(truncated), QFileInfo(QString::fromStdString(truncated)).size() - 4));
        try {
            app::SampleStream::open(truncated, {-1, 3, 8, 8}, "NCHW");
            QFAIL("a truncated .npy was opened");
        } catch (const IoError& e) {
            // "shape (37, 3, 8, 8) is larger than the file" or "truncated: shape ... needs N bytes"
            QVERIFY2(QString(e.what()).contains("truncated.npy") && QString(e.what()).contains("(37, 3, 8, 8)"),
                     e.what());
        }
    }

    void missingHdf5DatasetNamesFileAndDataset()
    {
        try {
            app::SampleStream::open(file("data.h5") + ":/nope", {-1, 3, 8, 8}, "NCHW");
            QFAIL("a missing dataset was opened");
        } catch (const IoError& e) {
            QVERIFY2(QString(e.what()).contains("data.h5") && QString(e.what()).contains("/nope"), e.what());
        }
    }

    void errorsAsLoadSamples()
    {
        // images of different sizes for a model that leaves the size free; a model the array does not fit
        QVERIFY_THROWS_EXCEPTION(ShapeError, app::loadSamples(file("images"), {-1, 3, -1, -1}, "NCHW"));
        QVERIFY_THROWS_EXCEPTION(ShapeError, app::SampleStream::open(file("images"), {-1, 3, -1, -1}, "NCHW"));
        QVERIFY_THROWS_EXCEPTION(ShapeError, app::SampleStream::open(file("f32.npy"), {-1, 3, 9, 9}, "NCHW"));
        app::SampleOptions o;
        o.mean = {1, 2};
        QVERIFY_THROWS_EXCEPTION(ArgumentError, app::SampleStream::open(file("f32.npy"), {-1, 3, 8, 8}, "NCHW", o));
        QVERIFY_THROWS_EXCEPTION(IoError, app::SampleStream::open(file("nothing.npy"), {-1, 3, 8, 8}, "NCHW"));
    }

    void memoryStaysFlat()
    {
        // 200 MB of uint8 (17,066 samples of 3 x 64 x 64) read in batches of 64: the process must not grow by
        // more than 50 MB (a whole read would take 800 MB as float32)
#if defined(__SANITIZE_ADDRESS__)
        QSKIP("AddressSanitizer keeps freed blocks in its quarantine (256 MB): resident memory says nothing here");
#endif
        const auto stream = app::SampleStream::open(file("big.npy"), {-1, 3, 64, 64}, "NCHW");
        QVERIFY(stream->streamed());
        const int64_t n = stream->count();
        QCOMPARE(n, int64_t(17066));
        const Tensor first = stream->read(0, 64);
        QCOMPARE(first[0], 1.f);
        const int64_t before = residentBytes();
        QVERIFY(before > 0);
        int64_t peak = before;
        Tensor last;
        for (int64_t b = 0; b < n; b += 64) {
            last = stream->read(b, std::min(n, b + 64));
            peak = std::max(peak, residentBytes());
        }
        QCOMPARE(last[last.size() - 1], 2.f);
        const double grownMb = double(peak - before) / (1 << 20);
        qInfo("resident set grew by %.1f MB reading %lld samples", grownMb, static_cast<long long>(n));
        QVERIFY2(grownMb < 50, qPrintable(QStringLiteral("grew by %1 MB").arg(grownMb)));
    }
};

QTEST_GUILESS_MAIN(TestSampleStream)
#include "test_sample_stream.moc"
