// Streaming batch commands on one machine: explain/predict/fingerprint write their results batch by batch, .h5 and
// .npy outputs agree with each other and with the engine, a run killed with SIGKILL at random moments resumes
// with --resume into a file equal (bit for bit) to an uninterrupted run's, and stale or foreign partial files are
// refused with an error naming the file.
#include "cli_run.h"
#include "gradcheck.h"

#include "lantern/explain/explainer.h"
#include "lantern/io/batch_file.h"
#include "lantern/io/hdf5.h"
#include "lantern/io/npy.h"
#include "lantern/model.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <filesystem>
#include <random>
#include <thread>

using namespace lantern;
using test::runProgram;

namespace {

const QString cli = QStringLiteral(LANTERN_CLI_PATH);

test::CliResult runCli(const QStringList& args)
{
    return runProgram(cli, args);
}

int batchesComputed(const QString& err)
{
    const QRegularExpression re(QStringLiteral("\\((\\d+) of (\\d+) batches computed"));
    const auto m = re.match(err);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

} // namespace

class TestCliBatch : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_model, m_samples;

    QString file(const char* name) const { return m_tmp.filePath(QString::fromLatin1(name)); }

private slots:
    void initTestCase()
    {
        if (test::sharedDataDir().empty())
            QSKIP("shared data not found (set LANTERN_SHARED_DATA)");
        m_model = QString::fromStdString(test::sharedDataDir()) + "/torch/fmnist_cnn.onnx";
        // 1000 random images in [0, 1]
        Tensor x({1000, 1, 28, 28});
        std::mt19937 rng(11);
        std::uniform_real_distribution<float> u(0.f, 1.f);
        for (float& v : x.values())
            v = u(rng);
        m_samples = file("x.npy");
        io::writeNpy(m_samples.toStdString(), x);
    }

    void explainStreamsToH5AndNpy()
    {
        const QStringList common{"explain", "--model", m_model, "--input", m_samples, "--method", "gradient",
                                 "--limit", "300", "--batch-size", "64"};
        auto r = runCli(common + QStringList{"--out", file("g.h5")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(batchesComputed(r.err), 5);
        QVERIFY2(r.err.contains("samples/s") && r.err.contains("left"), qPrintable(r.err)); // progress lines
        QVERIFY(!QFile::exists(file("g.h5.part")));
        r = runCli(common + QStringList{"--out", file("g.npy")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const Tensor h5 = io::readHdf5Dataset(file("g.h5").toStdString(), "map");
        const Tensor npy = io::readNpy(file("g.npy").toStdString());
        QCOMPARE(h5.shape(), (Shape{300, 1, 28, 28}));
        LANTERN_COMPARE_TENSORS(npy, h5, 0, 0);
        // the same numbers as the engine gives for the first batch
        Model model = loadModel(m_model.toStdString());
        explain::ExplainRequest request;
        request.method = "gradient";
        const Tensor x = io::readNpy(m_samples.toStdString()).slice(0, 64);
        const explain::Explanation e = explain::explain(model, x, request);
        LANTERN_COMPARE_TENSORS(h5.slice(0, 64), e.map, 1e-6, 1e-5);
        const Tensor targets = io::readHdf5Dataset(file("g.h5").toStdString(), "targets");
        for (int64_t i = 0; i < 64; ++i)
            QCOMPARE(static_cast<int64_t>(targets[i]), e.targets[static_cast<size_t>(i)]);
        QCOMPARE(io::readHdf5Attribute(file("g.h5").toStdString(), "/", "method").value_or(""),
                 std::string("gradient"));
    }

    void killedRunResumes()
    {
        const QStringList common{"explain", "--model", m_model, "--input", m_samples, "--method",
                                 "integrated-gradients", "--param", "steps=16", "--batch-size", "25", "--threads", "1"};
        const QString ref = file("ig_ref.h5"), out = file("ig.h5"), part = out + ".part";
        QElapsedTimer clock;
        clock.start();
        auto r = runCli(common + QStringList{"--out", ref});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const qint64 full = clock.elapsed();
        std::mt19937 rng(5);
        int kills = 0;
        for (int attempt = 0; attempt < 3; ++attempt) {
            QProcess p;
            p.start(cli, common + QStringList{"--out", out, "--resume"});
            QVERIFY(p.waitForStarted());
            // wait for the partial file, then kill at a random moment of the remaining run
            while (!QFile::exists(part) && p.state() == QProcess::Running)
                QTest::qWait(5);
            QTest::qWait(std::uniform_int_distribution<int>(int(full / 10), int(full / 4))(rng));
            if (p.state() != QProcess::Running)
                break;
            ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
            p.waitForFinished();
            ++kills;
            QVERIFY(QFile::exists(part));
            QVERIFY(!QFile::exists(out));
        }
        QVERIFY2(kills >= 2, "the run finished before it could be killed: make it longer");
        r = runCli(common + QStringList{"--out", out, "--resume"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const int computed = batchesComputed(r.err);
        QVERIFY2(computed >= 0 && computed < 40, qPrintable(r.err)); // 40 batches: the killed runs' are kept
        QVERIFY(!QFile::exists(part));
        const std::string diff = test::compareHdf5Datasets(ref.toStdString(), out.toStdString());
        QVERIFY2(diff.empty(), diff.c_str());
        // nothing left to do
        r = runCli(common + QStringList{"--out", out, "--resume"});
        QVERIFY2(r.exitCode == 0 && r.err.contains("complete already"), qPrintable(r.err));
    }

    void refusals()
    {
        const QStringList common{"explain", "--model", m_model, "--input", m_samples, "--limit", "50",
                                 "--batch-size", "20"};
        const QString out = file("r.h5");
        // an interrupted run's file: kept unless the user says
        io::BatchFileSpec spec;
        spec.samples = 50;
        spec.batchSize = 20;
        spec.datasets = {{"map", {50, 1, 28, 28}, true}};
        spec.job = "something else";
        io::createBatchFile(out.toStdString(), spec).reset();
        auto r = runCli(common + QStringList{"--method", "gradient", "--out", out});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("r.h5.part") && r.err.contains("--resume"), qPrintable(r.err));
        r = runCli(common + QStringList{"--method", "gradient", "--out", out, "--resume"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("r.h5.part") && r.err.contains("something else") && r.err.contains("method=gradient"),
                 qPrintable(r.err));
        QFile::remove(out + ".part");
        // .npy output cannot resume
        r = runCli(common + QStringList{"--method", "gradient", "--out", file("r.npy"), "--resume"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("A.h5"), qPrintable(r.err));
        // a whole-set method keeps its one-process path
        r = runCli(common + QStringList{"--method", "composite", "--out", file("c.h5"), "--resume"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("composite"), qPrintable(r.err));
        r = runCli(common + QStringList{"--method", "composite", "--out", file("c.h5")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(io::readHdf5Dataset(file("c.h5").toStdString(), "map").dim(0), int64_t(10));
    }

    void failedRunResumesOnlyWithTheSameInputs()
    {
        // one process, 30 images in batches of 10, image 15 cut short: the run fails in batch 1 with batch 0 kept
        const QString folder = file("imgs"), model = file("model.onnx");
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::copy(m_model, model));
        std::mt19937 rng(4);
        for (int i = 0; i < 30; ++i) {
            QImage image(28, 28, QImage::Format_Grayscale8);
            for (int y = 0; y < 28; ++y)
                for (int x = 0; x < 28; ++x)
                    image.scanLine(y)[x] = static_cast<uchar>(rng() % 256);
            QVERIFY(image.save(folder + QStringLiteral("/i%1.png").arg(i, 2, 10, QLatin1Char('0'))));
        }
        const QString broken = folder + "/i15.png";
        QVERIFY(QFile::copy(broken, file("i15.good")));
        {
            QFile f(broken);
            QVERIFY(f.resize(f.size() / 2));
        }
        const QStringList command{"explain", "--model", model, "--input", folder, "--method", "gradient",
                                  "--batch-size", "10", "--out", file("imgs.h5"), "--resume"};
        auto r = runCli(command);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("i15.png"), qPrintable(r.err));
        const Tensor done = io::readHdf5Dataset(file("imgs.h5.part").toStdString(), "lantern/batch_done");
        QCOMPARE(done.shape(), (Shape{3}));
        QCOMPARE(done[0], 1.f);
        QCOMPARE(done[1], 0.f);
        // the image repaired, but the model file changed in the meantime: refused, naming the model
        QVERIFY(QFile::remove(broken) && QFile::copy(file("i15.good"), broken));
        QFile m(model);
        QVERIFY(m.open(QIODevice::ReadWrite));
        const QDateTime time = m.fileTime(QFileDevice::FileModificationTime);
        QVERIFY(m.setFileTime(time.addSecs(3600), QFileDevice::FileModificationTime));
        m.close();
        r = runCli(command);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("another job") && r.err.contains("model.onnx"), qPrintable(r.err));
        // the model as it was: the run completes with batches 1 and 2 only
        QVERIFY(m.open(QIODevice::ReadWrite));
        QVERIFY(m.setFileTime(time, QFileDevice::FileModificationTime));
        m.close();
        r = runCli(command);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(batchesComputed(r.err), 2);
        r = runCli({"explain", "--model", model, "--input", folder, "--method", "gradient", "--batch-size", "10",
                    "--out", file("imgs-clean.h5")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const std::string diff = test::compareHdf5Datasets(file("imgs-clean.h5").toStdString(),
                                                           file("imgs.h5").toStdString());
        QVERIFY2(diff.empty(), diff.c_str());
    }

    void predictStreams()
    {
        const QString labels = file("labels.npy");
        Tensor y({400});
        for (int64_t i = 0; i < 400; ++i)
            y[i] = static_cast<float>(i % 10);
        io::writeNpy(labels.toStdString(), y);
        const QStringList common{"predict", "--model", m_model, "--input", m_samples, "--limit", "400",
                                 "--batch-size", "64", "--labels", labels, "--quiet"};
        auto h5 = runCli(common + QStringList{"--out", file("p.h5")});
        QVERIFY2(h5.exitCode == 0, qPrintable(h5.err));
        auto npy = runCli(common + QStringList{"--out", file("p.npy")});
        QVERIFY2(npy.exitCode == 0, qPrintable(npy.err));
        const QString accuracy = npy.out.section(QStringLiteral("accuracy"), 1).trimmed();
        QVERIFY2(!accuracy.isEmpty() && h5.out.contains(accuracy), qPrintable(h5.out + npy.out));
        const Tensor p = io::readHdf5Dataset(file("p.h5").toStdString(), "probabilities");
        LANTERN_COMPARE_TENSORS(p, io::readNpy(file("p.npy").toStdString()), 0, 0);
        const Tensor predicted = io::readHdf5Dataset(file("p.h5").toStdString(), "predicted");
        for (int64_t i = 0; i < 400; ++i) {
            const float* row = p.data() + i * 10;
            QCOMPARE(static_cast<int64_t>(predicted[i]), int64_t(std::max_element(row, row + 10) - row));
        }
    }

    void fingerprintList()
    {
        const QString list = file("structures.txt");
        QFile f(list);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# prototypes\nfcc:Al\nbcc:Fe\n\nhcp:Mg\nsc:Po\ndiamond:Si\n");
        f.close();
        const QStringList common{"fingerprint", "--list", list, "--atoms", "64", "--batch-size", "2", "--threads", "1"};
        auto r = runCli(common + QStringList{"--out", file("f.h5")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        r = runCli(common + QStringList{"--out", file("f.npy")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const Tensor h5 = io::readHdf5Dataset(file("f.h5").toStdString(), "fingerprints");
        QCOMPARE(h5.shape(), (Shape{5, 3, 64, 64}));
        LANTERN_COMPARE_TENSORS(h5, io::readNpy(file("f.npy").toStdString()), 0, 0);
        r = runCli({"fingerprint", "--list", file("missing.txt"), "--out", file("m.h5")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("missing.txt"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliBatch)
#include "test_cli_batch.moc"
