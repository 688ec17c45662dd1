// lantern-cli under MPI (Open MPI's mpirun, 2 ranks on the test machine): explain, predict and fingerprint shard
// their batches over the ranks and write one file with parallel HDF5 that is bit for bit the file one process
// writes (same threads per rank); a rank that fails ends the job with a non-zero exit naming the rank and the
// error, keeps every finished batch, and --resume completes the file.
#include "cli_run.h"
#include "gradcheck.h"

#include "lantern/io/hdf5.h"
#include "lantern/io/npy.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <random>
#include <unistd.h>

using namespace lantern;
using test::runProgram;

namespace {

const QString cli = QStringLiteral(LANTERN_CLI_PATH);
const QString mpiexec = QStringLiteral(LANTERN_MPIEXEC);

QProcessEnvironment mpiEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // containers without cross-memory attach; quiet about the missing high-speed networks
    env.insert("OMPI_MCA_btl_vader_single_copy_mechanism", "none");
    env.insert("OMPI_MCA_btl", "self,vader,tcp");
    env.insert("OMPI_MCA_rmaps_base_oversubscribe", "1");
    // under `make sanitize`: Open MPI's libraries have no frame pointers, so only the slow unwinder gives the stacks
    // that tests/sanitizers/lsan.supp matches to them
    if (env.contains("ASAN_OPTIONS"))
        env.insert("ASAN_OPTIONS", env.value("ASAN_OPTIONS") + ":fast_unwind_on_malloc=0");
    return env;
}

test::CliResult runMpi(int ranks, const QStringList& args)
{
    QStringList all{"-n", QString::number(ranks), "--oversubscribe"};
    if (geteuid() == 0)
        all << "--allow-run-as-root";
    all << cli << args;
    return runProgram(mpiexec, all, mpiEnvironment());
}

test::CliResult runCli(const QStringList& args)
{
    return runProgram(cli, args);
}

} // namespace

class TestCliMpi : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_model, m_samples;

    QString file(const QString& name) const { return m_tmp.filePath(name); }

    /// The same command in one process without MPI, under mpirun with one rank and with two: identical files.
    void compareRanks(const QStringList& command, const QString& name)
    {
        const QString one = file(name + "-1.h5"), mpi1 = file(name + "-mpi1.h5"), mpi2 = file(name + "-mpi2.h5");
        auto r = runCli(command + QStringList{"--out", one});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = runMpi(1, command + QStringList{"--out", mpi1});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = runMpi(2, command + QStringList{"--out", mpi2});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(!QFile::exists(mpi2 + ".part"), "the partial file stayed behind");
        std::string diff = test::compareHdf5Datasets(one.toStdString(), mpi1.toStdString());
        QVERIFY2(diff.empty(), diff.c_str());
        diff = test::compareHdf5Datasets(one.toStdString(), mpi2.toStdString());
        QVERIFY2(diff.empty(), diff.c_str());
        QCOMPARE(io::readHdf5Attribute(mpi2.toStdString(), "/lantern", "complete").value_or(""), std::string("1"));
    }

private slots:
    void initTestCase()
    {
        if (test::sharedDataDir().empty())
            QSKIP("shared data not found (set LANTERN_SHARED_DATA)");
        QVERIFY2(QFile::exists(mpiexec), "mpirun not found (scripts/install-deps.sh installs Open MPI)");
        m_model = QString::fromStdString(test::sharedDataDir()) + "/torch/fmnist_cnn.onnx";
        Tensor x({230, 1, 28, 28});
        std::mt19937 rng(3);
        std::uniform_real_distribution<float> u(0.f, 1.f);
        for (float& v : x.values())
            v = u(rng);
        m_samples = file("x.npy");
        io::writeNpy(m_samples.toStdString(), x);
    }

    void explainTwoRanksEqualOne()
    {
        // grad-cam: maps, logits, targets and the per-sample layer maps; the last batch is partial
        compareRanks({"explain", "--model", m_model, "--input", m_samples, "--method", "grad-cam", "--batch-size",
                      "32", "--threads", "1"},
                     "cam");
    }

    void predictAndFingerprintTwoRanksEqualOne()
    {
        compareRanks({"predict", "--model", m_model, "--input", m_samples, "--batch-size", "50", "--threads", "1",
                      "--quiet"},
                     "predict");
        compareRanks({"fingerprint", "fcc:Al", "bcc:Fe", "hcp:Mg", "--atoms", "64", "--batch-size", "1", "--threads",
                      "1"},
                     "fingerprint");
    }

    void failingRankStopsTheJobAndResumes()
    {
        // 40 images, batches of 10: rank 0 has batches 0 and 2, rank 1 batches 1 and 3; image 15 is broken
        const QString folder = file("images");
        QVERIFY(QDir().mkpath(folder));
        std::mt19937 rng(9);
        for (int i = 0; i < 40; ++i) {
            QImage image(28, 28, QImage::Format_Grayscale8);
            for (int y = 0; y < 28; ++y)
                for (int x = 0; x < 28; ++x)
                    image.scanLine(y)[x] = static_cast<uchar>(rng() % 256);
            QVERIFY(image.save(folder + QStringLiteral("/img%1.png").arg(i, 3, 10, QLatin1Char('0'))));
        }
        const QString broken = folder + "/img015.png";
        QFile::copy(broken, file("img015.good"));
        {
            // its header intact (the folder opens), its pixels cut off (the batch that decodes it fails)
            QFile f(broken);
            QVERIFY(f.resize(f.size() / 2));
        }
        const QStringList command{"explain", "--model", m_model, "--input", folder, "--method", "gradient",
                                  "--batch-size", "10", "--threads", "1"};
        const QString out = file("broken.h5");
        auto r = runMpi(2, command + QStringList{"--out", out});
        QVERIFY2(r.exitCode != 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("rank 1 of 2") && r.err.contains("img015.png"), qPrintable(r.err));
        QVERIFY2(r.err.contains("--resume"), qPrintable(r.err));
        QVERIFY(QFile::exists(out + ".part"));
        QVERIFY(!QFile::exists(out));
        // rank 0's batch of that round is in the file
        const Tensor done = io::readHdf5Dataset((out + ".part").toStdString(), "lantern/batch_done");
        QCOMPARE(done[0], 1.f);
        QCOMPARE(done[1], 0.f);
        // repaired, resumed on two ranks: the file equals a clean run's
        QVERIFY(QFile::remove(broken));
        QVERIFY(QFile::copy(file("img015.good"), broken));
        r = runMpi(2, command + QStringList{"--out", out, "--resume"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("3 of 4 batches computed"), qPrintable(r.err));
        r = runCli(command + QStringList{"--out", file("clean.h5")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const std::string diff = test::compareHdf5Datasets(file("clean.h5").toStdString(), out.toStdString());
        QVERIFY2(diff.empty(), diff.c_str());
    }

    void errorOnEveryRankEndsTheJob()
    {
        auto r = runMpi(2, {"explain", "--model", file("missing.onnx"), "--input", m_samples, "--method", "gradient",
                            "--out", file("none.h5")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("missing.onnx") && r.err.contains("rank "), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliMpi)
#include "test_cli_mpi.moc"
