// The snapshot file: what a SnapshotWriter appends, a SnapshotStore reads back exactly (one value, a probe's history,
// a frame of every probe, weights, curves), h5py reads the documented layout, and bad files and bad frames are refused
// with messages naming the file and the series.
#include "lantern/error.h"
#include "lantern/io/hdf5.h"
#include "lantern/snapshots/store.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace lantern;
using namespace lantern::snapshots;

namespace {

constexpr int64_t kProbes = 11, kClasses = 3;

/// A value that differs for every (series, frame, probe, element).
float valueAt(int series, int64_t frame, int64_t probe, int64_t element)
{
    return static_cast<float>(series * 1000 + frame) + 0.001f * static_cast<float>(probe * 97 + element);
}

SnapshotHeader header()
{
    SnapshotHeader h;
    h.model = "test-model";
    h.inputLayout = "NCHW";
    h.classNames = {"a", "b", "c"};
    h.probeInputs = Tensor({kProbes, 1, 4, 5});
    for (int64_t i = 0; i < h.probeInputs.size(); ++i)
        h.probeInputs.data()[i] = static_cast<float>(i);
    for (int64_t p = 0; p < kProbes; ++p) {
        h.probeTargets.push_back(p % kClasses);
        h.probeIndices.push_back(100 + p);
    }
    h.probeSource = "unit test";
    h.series = {{"attentive-response/conv1/sum", {1, 4, 5}, "map", "conv1 · sum"},
                {"attentive-response/conv1/filter_index", {4}, "filters", "conv1 · top filters"},
                {"weights/conv1.weight", {2, 3}, "weights", "conv1.weight"}};
    h.attributes = {{"optimizer", "adam"}};
    return h;
}

Frame frameAt(const SnapshotHeader& h, int64_t t)
{
    Frame f;
    f.epoch = static_cast<int>(t);
    f.step = t * 7;
    f.seconds = 0.5 * double(t);
    f.trainLoss = 1.0 / double(t + 1);
    f.trainAccuracy = t == 0 ? std::nan("") : 0.1 * double(t);
    f.probabilities = Tensor({kProbes, kClasses});
    for (int64_t i = 0; i < f.probabilities.size(); ++i)
        f.probabilities.data()[i] = valueAt(9, t, i / kClasses, i % kClasses);
    for (size_t s = 0; s < h.series.size(); ++s) {
        Shape shape = h.series[s].shape;
        const bool weights = h.series[s].kind == "weights";
        if (!weights)
            shape.insert(shape.begin(), kProbes);
        Tensor v(shape);
        const int64_t per = weights ? v.size() : v.size() / kProbes;
        for (int64_t i = 0; i < v.size(); ++i)
            v.data()[i] = valueAt(int(s), t, weights ? 0 : i / per, i % per);
        f.series[h.series[s].name] = v;
    }
    return f;
}

QString messageOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestSnapshotStore : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void h5pyReadsTheLayout();
    void badAppendsAreRefused();
    void badFilesAreRefused();
    void unfinishedFileKeepsCompletedFrames();
};

void TestSnapshotStore::roundTrip_data()
{
    QTest::addColumn<int>("frames");
    QTest::newRow("empty") << 0;
    QTest::newRow("one") << 1;
    QTest::newRow("across chunks") << 21; // chunks span 8 frames of maps, 64 of probabilities
}

void TestSnapshotStore::roundTrip()
{
    QFETCH(int, frames);
    QTemporaryDir dir;
    const std::string path = dir.filePath("s.h5").toStdString();
    const SnapshotHeader h = header();
    {
        SnapshotWriter w(path, h);
        for (int t = 0; t < frames; ++t)
            w.append(frameAt(h, t));
        QCOMPARE(w.frames(), frames);
        w.close("trained.onnx");
    }
    QVERIFY(SnapshotStore::isSnapshotFile(path));
    const auto store = SnapshotStore::open(path);
    QCOMPARE(store->frames(), frames);
    QCOMPARE(store->probes(), kProbes);
    QCOMPARE(store->classes(), kClasses);
    QCOMPARE(store->header().modelFile, std::string("trained.onnx"));
    QCOMPARE(store->header().classNames, h.classNames);
    QCOMPARE(store->header().probeTargets, h.probeTargets);
    QCOMPARE(store->header().probeIndices, h.probeIndices);
    QCOMPARE(store->header().attributes.at("optimizer"), std::string("adam"));
    QCOMPARE(maxAbsDiff(store->header().probeInputs, h.probeInputs), 0.f);
    QCOMPARE(store->series().size(), h.series.size());
    for (size_t s = 0; s < h.series.size(); ++s) {
        QCOMPARE(store->series()[s].name, h.series[s].name);
        QCOMPARE(store->series()[s].shape, h.series[s].shape);
        QCOMPARE(store->series()[s].kind, h.series[s].kind);
        QCOMPARE(store->series()[s].label, h.series[s].label);
    }
    const Curves& c = store->curves();
    QCOMPARE(int(c.epoch.size()), frames);
    for (int t = 0; t < frames; ++t) {
        const Frame f = frameAt(h, t);
        QCOMPARE(c.epoch[size_t(t)], t);
        QCOMPARE(c.step[size_t(t)], int64_t(t) * 7);
        QCOMPARE(c.trainLoss[size_t(t)], f.trainLoss);
        QCOMPARE(std::isnan(c.trainAccuracy[size_t(t)]), t == 0);
        QVERIFY(std::isnan(c.validationLoss[size_t(t)]));
        QCOMPARE(maxAbsDiff(store->readWeights("weights/conv1.weight", t), f.series.at("weights/conv1.weight")), 0.f);
        for (const std::string name : {"attentive-response/conv1/sum", "attentive-response/conv1/filter_index"})
            QCOMPARE(maxAbsDiff(store->readFrame(name, t), f.series.at(name)), 0.f);
    }
    for (int64_t p = 0; p < kProbes; ++p) {
        const Tensor history = store->readProbeHistory("attentive-response/conv1/sum", p);
        QCOMPARE(history.shape(), (Shape{frames, 1, 4, 5}));
        const Tensor probs = store->probabilityHistory(p);
        for (int t = 0; t < frames; ++t) {
            for (int64_t e = 0; e < 20; ++e)
                QCOMPARE(history.data()[t * 20 + e], valueAt(0, t, p, e));
            const Tensor one = store->read("attentive-response/conv1/sum", t, p);
            QCOMPARE(one.shape(), (Shape{1, 4, 5}));
            QCOMPARE(one.data()[7], valueAt(0, t, p, 7));
            QCOMPARE(probs.data()[t * kClasses + 2], valueAt(9, t, p, 2));
            QCOMPARE(store->probabilities(t, p).data()[1], valueAt(9, t, p, 1));
        }
    }
    // out of range and unknown names
    QVERIFY(messageOf([&] { store->read("attentive-response/conv1/sum", frames, 0); }).contains("out of range"));
    QVERIFY(messageOf([&] { store->read("nope", 0, 0); }).contains("attentive-response/conv1/sum"));
    QVERIFY(messageOf([&] { store->readProbeHistory("weights/conv1.weight", 0); }).contains("holds weights"));
}

void TestSnapshotStore::h5pyReadsTheLayout()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("s.h5");
    const SnapshotHeader h = header();
    {
        SnapshotWriter w(path.toStdString(), h);
        for (int t = 0; t < 10; ++t)
            w.append(frameAt(h, t));
    }
    // docs/snapshots/format.md, read by the reference HDF5 reader
    const QString script = QStringLiteral(
        "import h5py, sys\n"
        "f = h5py.File(sys.argv[1], 'r')\n"
        "assert f.attrs['format'] == b'lantern-snapshots', f.attrs['format']\n"
        "assert [n.decode() for n in f.attrs['class_names']] == ['a', 'b', 'c']\n"
        "T = f['frames/epoch'].shape[0]\n"
        "m = f['series/attentive-response/conv1/sum']\n"
        "w = f['series/weights/conv1.weight']\n"
        "p = f['predictions/probabilities']\n"
        "print(T, m.shape, m.chunks, m.compression, w.shape, p.shape, float(m[4, 3, 0, 1, 2]), "
        "f['curves/train_loss'][2], f['probes/targets'][5], m.attrs['kind'].decode())\n");
    QProcess py;
    py.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, path});
    QVERIFY(py.waitForFinished(60000));
    const QString out = QString::fromUtf8(py.readAllStandardOutput()).trimmed();
    QVERIFY2(py.exitCode() == 0, qPrintable(QString::fromUtf8(py.readAllStandardError())));
    const QString expected = QStringLiteral("10 (10, 11, 1, 4, 5) (8, 11, 1, 4, 5) gzip (10, 2, 3) (10, 11, 3) %1 "
                                            "0.3333333333333333 2.0 map")
                                 .arg(double(valueAt(0, 4, 3, 7)), 0, 'g', 17);
    QCOMPARE(out.section(' ', 0, 14), expected.section(' ', 0, 14));
    QCOMPARE(out.section(' ', 15).toFloat(), expected.section(' ', 15).toFloat());
}

void TestSnapshotStore::badAppendsAreRefused()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("s.h5").toStdString();
    const SnapshotHeader h = header();
    SnapshotWriter w(path, h);
    Frame f = frameAt(h, 0);
    f.series["attentive-response/conv1/sum"] = Tensor({kProbes, 1, 4, 4});
    QString m = messageOf([&] { w.append(f); });
    QVERIFY2(m.contains("attentive-response/conv1/sum") && m.contains("expected (11, 1, 4, 5)"), qPrintable(m));
    f = frameAt(h, 0);
    f.series.erase("weights/conv1.weight");
    QVERIFY(messageOf([&] { w.append(f); }).contains("'weights/conv1.weight' is missing"));
    f = frameAt(h, 0);
    f.series["extra"] = Tensor({kProbes});
    QVERIFY(messageOf([&] { w.append(f); }).contains("'extra' was not declared"));
    f = frameAt(h, 0);
    f.probabilities = Tensor({kProbes, 2});
    QVERIFY(messageOf([&] { w.append(f); }).contains("probabilities"));
    QCOMPARE(w.frames(), 0);
    w.append(frameAt(h, 0));
    QCOMPARE(w.frames(), 1);

    SnapshotHeader bad = header();
    bad.probeTargets.pop_back();
    QVERIFY(messageOf([&] { SnapshotWriter(dir.filePath("b.h5").toStdString(), bad); }).contains("11 probes but 10"));
    bad = header();
    bad.series.push_back(bad.series.front());
    QVERIFY(messageOf([&] { SnapshotWriter(dir.filePath("b.h5").toStdString(), bad); }).contains("declared twice"));
}

void TestSnapshotStore::badFilesAreRefused()
{
    QTemporaryDir dir;
    const std::string other = dir.filePath("other.h5").toStdString();
    io::writeHdf5(other, {{"/x", Tensor({3})}});
    QVERIFY(!SnapshotStore::isSnapshotFile(other));
    QString m = messageOf([&] { SnapshotStore::open(other); });
    QVERIFY2(m.contains("other.h5") && m.contains("not a Lantern snapshot file"), qPrintable(m));
    m = messageOf([&] { SnapshotStore::open(dir.filePath("missing.h5").toStdString()); });
    QVERIFY2(m.contains("missing.h5"), qPrintable(m));
    const std::string text = dir.filePath("text.h5").toStdString();
    QFile t(QString::fromStdString(text));
    QVERIFY(t.open(QIODevice::WriteOnly));
    t.write("not hdf5 at all");
    t.close();
    QVERIFY(!SnapshotStore::isSnapshotFile(text));
    QVERIFY(messageOf([&] { SnapshotStore::open(text); }).contains("text.h5"));
    // another version
    const std::string newer = dir.filePath("newer.h5").toStdString();
    io::writeHdf5(newer, {{"/x", Tensor({3})}}, {{"/@format", "lantern-snapshots"}, {"/@format_version", "7"}});
    m = messageOf([&] { SnapshotStore::open(newer); });
    QVERIFY2(m.contains("version 7"), qPrintable(m));
}

void TestSnapshotStore::unfinishedFileKeepsCompletedFrames()
{
    // a writer that is never closed (its process dies): the frames appended so far are on disk and readable
    QTemporaryDir dir;
    const std::string path = dir.filePath("s.h5").toStdString();
    const SnapshotHeader h = header();
    auto* leaked = new SnapshotWriter(path, h);
    for (int t = 0; t < 5; ++t)
        leaked->append(frameAt(h, t));
    const QByteArray onDisk = [&] {
        QFile f(QString::fromStdString(path));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    const std::string copy = dir.filePath("copy.h5").toStdString();
    QFile c(QString::fromStdString(copy));
    QVERIFY(c.open(QIODevice::WriteOnly));
    c.write(onDisk); // the bytes as a SIGKILL would leave them
    c.close();
    delete leaked;
    const auto store = SnapshotStore::open(copy);
    QCOMPARE(store->frames(), 5);
    QCOMPARE(store->read("attentive-response/conv1/sum", 4, 10).data()[3], valueAt(0, 4, 10, 3));
}

QTEST_GUILESS_MAIN(TestSnapshotStore)
#include "test_snapshot_store.moc"
