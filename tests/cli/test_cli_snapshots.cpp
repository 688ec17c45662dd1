// `lantern-cli train --snapshots`: a trainer killed with SIGKILL at any moment leaves a snapshot file that opens and
// holds every completed epoch intact; the snapshot options check what they are given.
#include "lantern/io/npy.h"
#include "lantern/io/video.h"
#include "lantern/snapshots/store.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

using namespace lantern;

namespace {

const QString cli = QStringLiteral(LANTERN_CLI_PATH);

/// n 28x28 images in [0, 1]: class c (0..9) has a bright square at one of ten places, plus noise.
void writeSquares(const QString& images, const QString& labels, int64_t n, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> noise(0.f, 0.3f);
    Tensor x({n, 1, 28, 28}), y({n});
    for (int64_t i = 0; i < n; ++i) {
        const int c = static_cast<int>(i % 10);
        y.data()[i] = static_cast<float>(c);
        float* p = x.data() + i * 784;
        for (int k = 0; k < 784; ++k)
            p[k] = noise(rng);
        const int oy = (c / 5) * 14 + 3, ox = (c % 5) * 5;
        for (int r = 0; r < 7; ++r)
            for (int q = 0; q < 5; ++q)
                p[(oy + r) * 28 + ox + q] = 1.f;
    }
    io::writeNpy(images.toStdString(), x);
    io::writeNpy(labels.toStdString(), y);
}

QStringList dataArgs(const QTemporaryDir& dir, int64_t n)
{
    writeSquares(dir.filePath("x.npy"), dir.filePath("y.npy"), n, 1);
    writeSquares(dir.filePath("tx.npy"), dir.filePath("ty.npy"), 100, 2);
    return {"--train-images", dir.filePath("x.npy"),  "--train-labels", dir.filePath("y.npy"),
            "--test-images",  dir.filePath("tx.npy"), "--test-labels",  dir.filePath("ty.npy")};
}

struct Result {
    int exitCode = -1;
    QString out, err;
};

Result runCli(const QStringList& args)
{
    QProcess p;
    p.start(cli, args);
    p.waitForFinished(180000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

} // namespace

class TestCliSnapshots : public QObject {
    Q_OBJECT

private slots:
    void survivesSigkill_data();
    void survivesSigkill();
    void recordsEveryNSteps();
    void renderVideo_data();
    void renderVideo();
    void badSnapshotOptions_data();
    void badSnapshotOptions();
};

void TestCliSnapshots::survivesSigkill_data()
{
    QTest::addColumn<int>("savedBeforeKill");
    QTest::addColumn<int>("delayMs");
    QTest::newRow("right after a snapshot") << 3 << 0;
    QTest::newRow("during the next epoch") << 3 << 60;
    QTest::newRow("later") << 5 << 150;
}

void TestCliSnapshots::survivesSigkill()
{
    QFETCH(int, savedBeforeKill);
    QFETCH(int, delayMs);
    QTemporaryDir dir;
    const QString file = dir.filePath("run.h5");
    QStringList args{"train", "--epochs", "200", "--batch-size", "32", "--threads", "1", "--seed", "4",
                     "--snapshots", file, "--probes", "12", "--record", "attentive-response,grad"};
    args += dataArgs(dir, 800);
    QProcess p;
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.start(cli, args);
    QVERIFY(p.waitForStarted());
    QString out;
    const QString wanted = QStringLiteral("snapshot %1 saved").arg(savedBeforeKill);
    QElapsedTimer clock;
    clock.start();
    while (!out.contains(wanted) && clock.elapsed() < 120000 && p.state() == QProcess::Running) {
        p.waitForReadyRead(200);
        out += QString::fromUtf8(p.readAllStandardOutput());
    }
    QVERIFY2(out.contains(wanted), qPrintable(out + QString::fromUtf8(p.readAllStandardError())));
    if (delayMs > 0)
        QThread::msleep(static_cast<unsigned long>(delayMs));
    p.kill(); // SIGKILL
    QVERIFY(p.waitForFinished(10000));
    out += QString::fromUtf8(p.readAllStandardOutput());
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
    int saved = 0;
    for (auto it = QRegularExpression("snapshot (\\d+) saved").globalMatch(out); it.hasNext();)
        saved = it.next().captured(1).toInt();

    const auto store = snapshots::SnapshotStore::open(file.toStdString());
    // every frame reported saved is there; at most the one being written when killed is beyond that
    QVERIFY2(store->frames() >= saved && store->frames() <= saved + 1,
             qPrintable(QStringLiteral("%1 frames, %2 reported saved").arg(store->frames()).arg(saved)));
    const auto& c = store->curves();
    for (int64_t t = 0; t < store->frames(); ++t) {
        QCOMPARE(c.epoch[size_t(t)], int(t)); // frame 0 before training, then one per epoch
        if (t > 0) {
            QVERIFY(std::isfinite(c.trainLoss[size_t(t)]));
            QVERIFY(std::isfinite(c.validationAccuracy[size_t(t)]));
        }
        for (const auto& s : store->series()) {
            const Tensor frame = store->readFrame(s.name, t);
            for (float v : frame.values())
                QVERIFY2(std::isfinite(v), s.name.c_str());
        }
        const Tensor probs = store->probabilityHistory(0);
        double sum = 0;
        for (int64_t k = 0; k < store->classes(); ++k)
            sum += probs.data()[t * store->classes() + k];
        QVERIFY(std::abs(sum - 1) < 1e-4);
    }
    // and the reference reader opens it too
    QProcess py;
    py.start("/usr/bin/python3",
             {"-c", "import h5py,sys; f=h5py.File(sys.argv[1],'r'); print(f['frames/epoch'].shape[0])", file});
    QVERIFY(py.waitForFinished(60000));
    QCOMPARE(QString::fromUtf8(py.readAllStandardOutput()).trimmed().toLongLong(), store->frames());
}

void TestCliSnapshots::recordsEveryNSteps()
{
    QTemporaryDir dir;
    const QString file = dir.filePath("steps.h5"), model = dir.filePath("m.onnx");
    QStringList args{"train", "--epochs", "2", "--batch-size", "50", "--threads", "1", "--snapshots", file,
                     "--snapshot-every", "3", "--probes", "5", "--record", "none", "--record-activations", "fc1",
                     "--out", model};
    args += dataArgs(dir, 400); // 8 steps per epoch: every 3 steps, every epoch's end, and the initial frame
    const Result r = runCli(args);
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const auto store = snapshots::SnapshotStore::open(file.toStdString());
    QCOMPARE(store->curves().step, (std::vector<int64_t>{0, 3, 6, 8, 9, 12, 15, 16}));
    QVERIFY(std::isfinite(store->curves().validationAccuracy[3]) && std::isnan(store->curves().validationAccuracy[4]));
    QCOMPARE(store->series().size(), size_t(1));
    QCOMPARE(store->series().front().name, std::string("activations/fc1"));
    QCOMPARE(store->series().front().shape, (Shape{128}));
    QCOMPARE(store->header().modelFile, model.toStdString());
    QCOMPARE(store->header().every, std::string("steps"));
    QCOMPARE(store->header().everySteps, int64_t(3));
    QCOMPARE(store->header().stepsPerEpoch, int64_t(8));
    QCOMPARE(store->header().attributes.at("batch_size"), std::string("50"));
}

void TestCliSnapshots::renderVideo_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("frames");
    QTest::addColumn<QSize>("size");
    QTest::newRow("mp4, every frame") << "v.mp4" << QStringList{} << 4 << QSize(640, 360);
    QTest::newRow("gif, frames 1..2, layer conv1") << "v.gif" << QStringList{"--first", "1", "--last", "2", "--layer", "conv1"}
                                                    << 2 << QSize(400, 300);
    QTest::newRow("the map alone") << "m.mp4" << QStringList{"--panels", "map"} << 4 << QSize(320, 320);
    QTest::newRow("every layer") << "l.gif" << QStringList{"--panels", "layers", "--last", "1"} << 2 << QSize(800, 300);
    QTest::newRow("odd size mp4 is padded") << "o.mp4" << QStringList{"--size", "401x301"} << 4 << QSize(402, 302);
}

void TestCliSnapshots::renderVideo()
{
    QFETCH(QString, file);
    QFETCH(QStringList, extra);
    QFETCH(int, frames);
    QFETCH(QSize, size);
    static QTemporaryDir dir;
    const QString snapshots = dir.filePath("r.h5");
    if (!QFileInfo::exists(snapshots)) {
        QStringList args{"train", "--epochs", "3", "--batch-size", "50", "--threads", "1", "--snapshots", snapshots,
                         "--probes", "3"};
        args += dataArgs(dir, 200);
        const Result r = runCli(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }
    QStringList args{"render-video", snapshots, "--out", dir.filePath(file), "--probe", "2", "--fps", "8"};
    if (!extra.contains("--size"))
        args << "--size" << QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
    const Result r = runCli(args + extra);
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const io::VideoInfo info = io::probeVideo(dir.filePath(file).toStdString());
    QCOMPARE(info.frameCount, frames);
    QCOMPARE(info.width, size.width());
    QCOMPARE(info.height, size.height());
    QVERIFY(std::abs(info.fps - 8) < (file.endsWith(".gif") ? 1.0 : 0.05)); // GIF delays are whole centiseconds
    // errors name what is wrong
    QVERIFY(runCli({"render-video", snapshots, "--out", dir.filePath("x.avi")}).err.contains(".avi"));
    QVERIFY(runCli({"render-video", snapshots, "--out", dir.filePath("x.mp4"), "--probe", "9"}).err.contains("probe 9"));
    QVERIFY(runCli({"render-video", snapshots, "--out", dir.filePath("x.mp4"), "--layer", "conv7"}).err.contains("conv1"));
    QVERIFY(!QFileInfo::exists(dir.filePath("x.mp4")));
}

void TestCliSnapshots::badSnapshotOptions_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("message");
    QTest::newRow("every 0") << QStringList{"--snapshot-every", "0"} << "--snapshot-every 0";
    QTest::newRow("every text") << QStringList{"--snapshot-every", "often"} << "--snapshot-every often";
    QTest::newRow("unknown method") << QStringList{"--record", "deep-dream"} << "deep-dream";
    QTest::newRow("unknown layer") << QStringList{"--record-activations", "attn"} << "no layer 'attn'";
    QTest::newRow("no probes") << QStringList{"--probes", "0"} << "at least one probe";
    QTest::newRow("missing probe file") << QStringList{"--probes", "/nonexistent/ids.txt"} << "/nonexistent/ids.txt";
}

void TestCliSnapshots::badSnapshotOptions()
{
    QFETCH(QStringList, extra);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QStringList args{"train", "--epochs", "1", "--threads", "1", "--snapshots", dir.filePath("s.h5")};
    args += dataArgs(dir, 50);
    args += extra;
    const Result r = runCli(args);
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestCliSnapshots)
#include "test_cli_snapshots.moc"
