// lantern-cli inspect and predict end to end on the shared reference models: layer tables (text and
// JSON) whose totals match the reference weights, predictions from .npy, HDF5, IDX, PNG files and folders
// that reproduce the PyTorch logits, and clear errors for bad input.
#include "gradcheck.h"

#include "lantern/io/hdf5.h"
#include "lantern/io/npy.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace lantern;

namespace {

const QString cli = QStringLiteral(LANTERN_CLI_PATH);

struct Result {
    int exitCode = -1;
    QString out, err;
};

Result runCli(const QStringList& args)
{
    QProcess p;
    p.start(cli, args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString shared(const QString& rel)
{
    return QString::fromStdString(test::sharedDataDir()) + "/" + rel;
}

/// Grey image of one (1, 28, 28) sample with values k/255.
QImage toImage(const Tensor& input, int64_t index)
{
    QImage img(28, 28, QImage::Format_Grayscale8);
    for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x)
            img.scanLine(y)[x] = static_cast<uchar>(std::lround(input.at({index, 0, y, x}) * 255.f));
    return img;
}

} // namespace

class TestCliModels : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (test::sharedDataDir().empty())
            QSKIP("shared data not found (set LANTERN_SHARED_DATA)");
    }

    void helpOnEveryCommand_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("inspect") << "inspect"
                                 << "--json";
        QTest::newRow("predict") << "predict"
                                 << "--labels";
        QTest::newRow("train") << "train"
                               << "--optimizer";
        QTest::newRow("info") << "info"
                              << "--help";
    }

    void helpOnEveryCommand()
    {
        QFETCH(QString, command);
        QFETCH(QString, mentions);
        Result r = runCli({command, "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(mentions), qPrintable(r.out));
    }

    void inspectTableAndJson()
    {
        const QString model = shared("torch/fmnist_cnn.onnx");
        Result r = runCli({"inspect", model});
        QCOMPARE(r.exitCode, 0);
        // reference parameter count: every array of the PyTorch state dict
        int64_t expected = 0;
        for (const auto& [name, t] : io::readNpz(shared("torch/fmnist_cnn.npz").toStdString()))
            expected += t.size();
        QVERIFY2(r.out.contains(QString("%1 parameters").arg(expected)), qPrintable(r.out));
        QVERIFY2(r.out.contains("(N, 16, 28, 28)"), qPrintable(r.out));
        QVERIFY2(r.out.contains("(N, 10)"), qPrintable(r.out));

        r = runCli({"inspect", model, "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j["format"].toString(), QString("onnx"));
        QCOMPARE(j["totals"].toObject()["parameters"].toInteger(), expected);
        const QJsonArray layers = j["layers"].toArray();
        QCOMPARE(layers.size(), 10); // Conv Relu MaxPool Conv Relu MaxPool Flatten Gemm Relu Gemm
        QCOMPARE(layers[0].toObject()["op"].toString(), QString("Conv2D"));
        const QJsonArray outShape = layers[0].toObject()["output_shape"].toArray();
        QCOMPARE(outShape[0].toInt(), -1);
        QCOMPARE(outShape[1].toInt(), 16);
        QCOMPARE(layers[9].toObject()["op"].toString(), QString("Gemm"));
    }

    void inspectKerasJsonWithWeights()
    {
        Result r = runCli({"inspect", shared("keras/keras2cpp-mnist/my_nn_arch.json"), "--weights",
                           shared("keras/keras2cpp-mnist/my_nn_weights.h5")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("convolution2d_1"), qPrintable(r.out));
        QVERIFY2(r.out.contains("keras1"), qPrintable(r.out));
        QVERIFY2(r.out.contains("Softmax"), qPrintable(r.out));
    }

    void predictReproducesLogits_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("npy") << "npy";
        QTest::newRow("hdf5 dataset") << "h5";
        QTest::newRow("png files") << "png";
        QTest::newRow("folder of png") << "folder";
    }

    void predictReproducesLogits()
    {
        QFETCH(QString, kind);
        const std::string refs = shared("torch/fmnist_cnn_refs.h5").toStdString();
        const Tensor input = io::readHdf5Dataset(refs, "/input");
        const Tensor logits = io::readHdf5Dataset(refs, "/logits");
        QTemporaryDir dir;
        QString source;
        int64_t count = input.dim(0);
        if (kind == "npy") {
            source = dir.filePath("x.npy");
            io::writeNpy(source.toStdString(), input.reshaped({count, 28, 28})); // channel left out on purpose
        } else if (kind == "h5") {
            source = QString::fromStdString(refs) + ":/input";
        } else if (kind == "png") {
            count = 1;
            source = dir.filePath("first.png");
            QVERIFY(toImage(input, 0).save(source));
        } else {
            count = 4;
            QDir(dir.path()).mkdir("imgs");
            for (int64_t i = 0; i < count; ++i)
                QVERIFY(toImage(input, i).save(dir.filePath(QString("imgs/%1.png").arg(i))));
            source = dir.filePath("imgs");
        }
        const QString out = dir.filePath("p.npy");
        Result r = runCli({"predict", "--model", shared("torch/fmnist_cnn.onnx"), "--input", source, "--out", out,
                           "--raw", "--top", "2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out.count('\n'), count);
        const Tensor got = io::readNpy(out.toStdString());
        QCOMPARE(got.dim(0), count);
        QCOMPARE(got.dim(1), int64_t(10));
        float worst = 0;
        for (int64_t i = 0; i < count; ++i)
            for (int64_t c = 0; c < 10; ++c)
                worst = std::max(worst, std::abs(got.at({i, c}) - logits.at({i, c})));
        QVERIFY2(worst < 1e-4f, qPrintable(QString("max |logit error| %1").arg(worst)));
    }

    void predictAccuracyOnIdx()
    {
        const QString dir = "/usr/share/datasets/fashion-mnist";
        if (!QFileInfo::exists(dir + "/t10k-images-idx3-ubyte.gz"))
            QSKIP("Debian dataset-fashion-mnist is not installed");
        Result r = runCli({"predict", "-m", shared("torch/fmnist_cnn.onnx"), "-i", dir + "/t10k-images-idx3-ubyte.gz",
                           "--labels", dir + "/t10k-labels-idx1-ubyte.gz", "--quiet", "--batch-size", "500"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // the reference folder's README states 88.37 % for this model
        QVERIFY2(r.out.contains("accuracy 88.37%"), qPrintable(r.out));
    }

    void predictProbabilitiesSumToOne()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("p.npy");
        Result r = runCli({"predict", "-m", shared("torch/fmnist_cnn.onnx"), "-i",
                           shared("torch/fmnist_cnn_refs.h5") + ":/input", "-o", out, "-q"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const Tensor p = io::readNpy(out.toStdString());
        for (int64_t i = 0; i < p.dim(0); ++i) {
            double sum = 0;
            for (int64_t c = 0; c < p.dim(1); ++c)
                sum += p.at({i, c});
            QVERIFY(std::abs(sum - 1.0) < 1e-5);
        }
    }

    void badInputGivesClearErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString model = shared("torch/fmnist_cnn.onnx");
        QTest::newRow("missing model") << QStringList{"inspect", "/nonexistent/model.onnx"} << "no such file";
        QTest::newRow("missing input") << QStringList{"predict", "-m", model, "-i", "/nonexistent/x.npy"}
                                       << "no such file";
        QTest::newRow("wrong sample shape")
            << QStringList{"predict", "-m", model, "-i", shared("torch/ziletti_cnn_io.npz") + ":input"}
            << "do not fit the model input (N, 1, 28, 28)";
        QTest::newRow("several arrays") << QStringList{"predict", "-m", model, "-i", shared("torch/ziletti_cnn_io.npz")}
                                        << "choose one";
        QTest::newRow("weights for onnx")
            << QStringList{"inspect", model, "--weights", shared("keras/keras2cpp-mnist/my_nn_weights.h5")}
            << "--weights is for";
        QTest::newRow("not a model") << QStringList{"inspect", shared("mnist/LICENSE")} << "not a model file";
    }

    void badInputGivesClearErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        Result r = runCli(args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliModels)
#include "test_cli_models.moc"
