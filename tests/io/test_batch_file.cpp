// Batch files (lantern/io/batch_file.h): batches written in any order land in their rows and the file is renamed
// only when complete; an interrupted file resumes with exactly its finished batches; a different job, a damaged
// or foreign file, and rows of the wrong shape are IoErrors naming the file.
#include "gradcheck.h"

#include "lantern/error.h"
#include "lantern/io/batch_file.h"
#include "lantern/io/hdf5.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <random>

using namespace lantern;

namespace {

io::BatchFileSpec spec(int64_t samples, int64_t batch)
{
    io::BatchFileSpec s;
    s.samples = samples;
    s.batchSize = batch;
    s.datasets = {{"map", {samples, 2, 3}, true}, {"conv1/sum", {samples, 4}, true}, {"filters", {5, 2}, false}};
    s.attributes = {{"method", "gradient"}};
    s.job = "test job " + std::to_string(samples);
    return s;
}

/// Rows of batch b: value = sample index * 10 + position within the row.
io::BatchRows rows(const io::BatchFileSpec& s, int64_t b)
{
    io::BatchRows r;
    r.batch = b;
    const int64_t begin = b * s.batchSize, end = std::min(s.samples, begin + s.batchSize);
    for (const auto& d : s.datasets) {
        if (!d.perSample)
            continue;
        Shape shape = d.shape;
        shape[0] = end - begin;
        Tensor t(shape);
        const int64_t per = t.size() / shape[0];
        for (int64_t i = 0; i < t.size(); ++i)
            t[i] = static_cast<float>((begin + i / per) * 10 + i % per);
        r.rows[d.name] = t;
    }
    return r;
}

void checkContents(const std::string& path, const io::BatchFileSpec& s)
{
    for (const auto& d : s.datasets) {
        if (!d.perSample)
            continue;
        const Tensor t = io::readHdf5Dataset(path, d.name);
        QCOMPARE(t.shape(), d.shape);
        const int64_t per = t.size() / d.shape[0];
        for (int64_t i = 0; i < t.size(); ++i)
            QCOMPARE(t[i], static_cast<float>((i / per) * 10 + i % per));
    }
}

} // namespace

class TestBatchFile : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

    std::string path(const char* name) const { return m_tmp.filePath(name).toStdString(); }

private slots:
    void batchesInAnyOrder_data()
    {
        QTest::addColumn<int>("samples");
        QTest::addColumn<int>("batch");
        QTest::newRow("exact") << 12 << 4;
        QTest::newRow("partial last batch") << 13 << 4;
        QTest::newRow("one batch") << 3 << 8;
        QTest::newRow("batches of one") << 5 << 1;
    }
    void batchesInAnyOrder()
    {
        QFETCH(int, samples);
        QFETCH(int, batch);
        const std::string out = path("order.h5");
        const io::BatchFileSpec s = spec(samples, batch);
        Tensor filters({5, 2});
        std::iota(filters.values().begin(), filters.values().end(), 1.f);
        auto file = io::createBatchFile(out, s, {{"filters", filters}});
        QVERIFY(std::filesystem::exists(io::partialPath(out)));
        QVERIFY(!std::filesystem::exists(io::partialPath(out) + ".new"));
        QCOMPARE(io::readHdf5Attribute(io::partialPath(out), "/lantern", "complete").value_or(""), std::string("0"));
        std::vector<int64_t> order(static_cast<size_t>(s.batches()));
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), std::mt19937(7));
        for (int64_t b : order) {
            QVERIFY(!std::filesystem::exists(out));
            file->writeBatch(rows(s, b));
        }
        file->writeBatch({}); // a round without a batch of this process
        const auto done = file->doneBatches();
        QVERIFY(std::all_of(done.begin(), done.end(), [](uint8_t v) { return v == 1; }));
        QVERIFY(file->close());
        QVERIFY(std::filesystem::exists(out));
        QVERIFY(!std::filesystem::exists(io::partialPath(out)));
        checkContents(out, s);
        LANTERN_COMPARE_TENSORS(io::readHdf5Dataset(out, "filters"), filters, 0, 0);
        QCOMPARE(io::readHdf5Attribute(out, "/", "method").value_or(""), std::string("gradient"));
        QCOMPARE(io::readHdf5Attribute(out, "/lantern", "job").value_or(""), s.job);
        QCOMPARE(io::readHdf5Attribute(out, "/lantern", "complete").value_or(""), std::string("1"));
        std::filesystem::remove(out);
    }

    void interruptedFileResumes()
    {
        const std::string out = path("resume.h5");
        const io::BatchFileSpec s = spec(10, 3); // 4 batches
        {
            auto file = io::createBatchFile(out, s);
            file->writeBatch(rows(s, 2));
            file->writeBatch(rows(s, 0));
            // destroyed without close(): as if the run had stopped here
        }
        QVERIFY(!std::filesystem::exists(out));
        auto file = io::resumeBatchFile(out, s.job);
        QCOMPARE(file->spec().samples, int64_t(10));
        QCOMPARE(file->spec().batchSize, int64_t(3));
        QCOMPARE(file->spec().datasets.size(), size_t(3));
        QCOMPARE(file->spec().datasets[1].name, std::string("conv1/sum"));
        QCOMPARE(file->spec().datasets[1].shape, (Shape{10, 4}));
        QVERIFY(!file->spec().datasets[2].perSample);
        QCOMPARE(file->doneBatches(), (std::vector<uint8_t>{1, 0, 1, 0}));
        file->writeBatch(rows(s, 1));
        QVERIFY(!file->close()); // batch 3 missing: stays partial
        QVERIFY(!std::filesystem::exists(out));
        file = io::resumeBatchFile(out, s.job);
        QCOMPARE(file->doneBatches(), (std::vector<uint8_t>{1, 1, 1, 0}));
        file->writeBatch(rows(s, 3));
        QVERIFY(file->close());
        checkContents(out, s);
    }

    void namesAndScalarsRoundTrip()
    {
        // ONNX node names may hold spaces; a whole result may be a scalar
        const std::string out = path("names.h5");
        io::BatchFileSpec s;
        s.samples = 3;
        s.batchSize = 2;
        s.datasets = {{"block 1/conv a/sum", {3, 2}, true}, {"temperature", {}, false}};
        s.job = "names";
        Tensor t(Shape{});
        t[0] = 0.25f;
        io::createBatchFile(out, s, {{"temperature", t}}).reset();
        auto file = io::resumeBatchFile(out, s.job);
        QCOMPARE(file->spec().datasets.size(), size_t(2));
        QCOMPARE(file->spec().datasets[0].name, std::string("block 1/conv a/sum"));
        QCOMPARE(file->spec().datasets[1].shape, Shape{});
        for (int64_t b = 0; b < 2; ++b) {
            io::BatchRows r;
            r.batch = b;
            r.rows["block 1/conv a/sum"] = Tensor({b == 0 ? 2 : 1, 2}, float(b + 1));
            file->writeBatch(r);
        }
        QVERIFY(file->close());
        QCOMPARE(io::readHdf5Dataset(out, "temperature")[0], 0.25f);
        QCOMPARE(io::readHdf5Dataset(out, "block 1/conv a/sum")[5], 2.f);
        // killed after closing but before the rename: every batch done, complete set; resuming only renames
        std::filesystem::rename(out, io::partialPath(out));
        file = io::resumeBatchFile(out, s.job);
        QVERIFY(file->close());
        QVERIFY(std::filesystem::exists(out));
        QCOMPARE(io::readHdf5Attribute(out, "/lantern", "complete").value_or(""), std::string("1"));
        // a name a batch file cannot hold
        s.datasets[0].name = "a\tb";
        QVERIFY_THROWS_EXCEPTION(ArgumentError, io::createBatchFile(path("tab.h5"), s));
    }

    void refusals()
    {
        const std::string out = path("refuse.h5");
        const io::BatchFileSpec s = spec(6, 4);
        {
            auto file = io::createBatchFile(out, s);
            // rows of the wrong shape, an unknown batch
            io::BatchRows bad = rows(s, 0);
            bad.rows["map"] = Tensor({4, 3, 2});
            QVERIFY_THROWS_EXCEPTION(IoError, file->writeBatch(bad));
            QVERIFY_THROWS_EXCEPTION(IoError, file->writeBatch(rows(spec(100, 4), 7)));
        }
        try {
            io::resumeBatchFile(out, "another job");
            QFAIL("a different job resumed the file");
        } catch (const IoError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find(io::partialPath(out)) != std::string::npos, e.what());
            QVERIFY2(what.find("another job") != std::string::npos && what.find(s.job) != std::string::npos, e.what());
        }
        // a foreign HDF5 file, a file that is not HDF5, no file
        io::writeHdf5(io::partialPath(path("foreign.h5")), {{"x", Tensor({2})}});
        QVERIFY_THROWS_EXCEPTION(IoError, io::resumeBatchFile(path("foreign.h5"), "j"));
        {
            std::FILE* f = std::fopen(io::partialPath(path("text.h5")).c_str(), "w");
            std::fputs("not hdf5\n", f);
            std::fclose(f);
        }
        QVERIFY_THROWS_EXCEPTION(IoError, io::resumeBatchFile(path("text.h5"), "j"));
        QVERIFY_THROWS_EXCEPTION(IoError, io::resumeBatchFile(path("none.h5"), "j"));
        // damaged bookkeeping (edited with h5py): sizes that disagree with the datasets, text that is no number
        const struct {
            const char* attribute;
            const char* value;
        } damage[] = {{"samples", "99"}, {"batch_size", "x"}, {"datasets", "1\t6,2,3\tmap\n1\t6\tnothing\n"},
                      {"datasets", "1\t6,2,3,4\tmap\n"}, {"datasets", "1\tx,2\tmap\n"}, {"datasets", "junk"}};
        for (const auto& d : damage) {
            const std::string damaged = path("damaged.h5");
            io::createBatchFile(damaged, spec(6, 4)).reset();
            QProcess py;
            py.start("/usr/bin/python3",
                     {"-c", QStringLiteral("import h5py, sys\nf = h5py.File(sys.argv[1], 'r+')\n"
                                           "f['lantern'].attrs[sys.argv[2]] = sys.argv[3].encode()\n"),
                      QString::fromStdString(io::partialPath(damaged)), d.attribute, d.value});
            QVERIFY(py.waitForFinished(60000) && py.exitCode() == 0);
            try {
                io::resumeBatchFile(damaged, spec(6, 4).job);
                QFAIL(qPrintable(QStringLiteral("damaged %1 accepted").arg(d.attribute)));
            } catch (const IoError& e) {
                QVERIFY2(std::string(e.what()).find(io::partialPath(damaged)) != std::string::npos, e.what());
            }
        }
        // a per-sample dataset that does not have one row per sample
        io::BatchFileSpec wrong = spec(6, 4);
        wrong.datasets[0].shape[0] = 5;
        QVERIFY_THROWS_EXCEPTION(ShapeError, io::createBatchFile(path("wrong.h5"), wrong));
    }
};

QTEST_GUILESS_MAIN(TestBatchFile)
#include "test_batch_file.moc"
