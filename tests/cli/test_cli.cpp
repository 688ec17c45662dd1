// lantern-cli end to end: train on a small generated IDX data set, load the written weights back into
// the preset, and check that bad input gives a clear error and a non-zero exit code.
#include "gradcheck.h"

#include "lantern/formats/onnx_import.h"
#include "lantern/io/idx.h"
#include "lantern/io/npy.h"
#include "lantern/models/presets.h"

#include <onnx/onnx_pb.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <random>

using namespace lantern;

namespace {

const QString cli = QStringLiteral(LANTERN_CLI_PATH);

void writeIdx(const QString& path, const std::vector<uint32_t>& dims, const std::vector<uint8_t>& data)
{
    std::ofstream f(path.toStdString(), std::ios::binary);
    const char head[4] = {0, 0, 0x08, static_cast<char>(dims.size())};
    f.write(head, 4);
    for (uint32_t d : dims) {
        const char b[4] = {static_cast<char>(d >> 24), static_cast<char>(d >> 16), static_cast<char>(d >> 8),
                           static_cast<char>(d)};
        f.write(b, 4);
    }
    f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

/// n 28x28 images: class c has a bright 7x7 square at one of ten positions.
void writeSquares(const QString& images, const QString& labels, uint32_t n, uint64_t seed)
{
    std::mt19937 rng(static_cast<uint32_t>(seed));
    std::vector<uint8_t> px(size_t(n) * 28 * 28), lab(n);
    for (uint32_t i = 0; i < n; ++i) {
        const int c = static_cast<int>(i % 10);
        lab[i] = static_cast<uint8_t>(c);
        const int oy = (c / 5) * 14 + 3, ox = (c % 5) * 5;
        for (int y = 0; y < 7; ++y)
            for (int x = 0; x < 7 && ox + x < 28; ++x)
                px[size_t(i) * 784 + size_t((oy + y) * 28 + ox + x)] = static_cast<uint8_t>(200 + rng() % 56);
    }
    writeIdx(images, {n, 28, 28}, px);
    writeIdx(labels, {n}, lab);
}

/// The float initializers of an ONNX model file, by name (a state dict when the model came from Lantern).
std::map<std::string, Tensor> onnxInitializers(const std::string& path)
{
    const std::vector<char> bytes = io::readFileBytes(path);
    onnx::ModelProto model;
    if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        throw std::runtime_error(path + " is not an ONNX model");
    std::map<std::string, Tensor> state;
    for (const auto& t : model.graph().initializer()) {
        if (t.data_type() != onnx::TensorProto::FLOAT)
            continue;
        Tensor value(Shape(t.dims().begin(), t.dims().end()));
        if (t.raw_data().size() != size_t(value.size()) * sizeof(float))
            throw std::runtime_error(path + ": initializer " + t.name() + " has no raw float data of its size");
        std::memcpy(value.data(), t.raw_data().data(), t.raw_data().size());
        state[t.name()] = value;
    }
    return state;
}

QProcess* run(const QStringList& args, int timeoutMs = 120000)
{
    auto* p = new QProcess;
    p->start(cli, args);
    p->waitForFinished(timeoutMs);
    return p;
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void infoAndHelp()
    {
        std::unique_ptr<QProcess> p(run({"info"}));
        QCOMPARE(p->exitCode(), 0);
        const QString out = p->readAllStandardOutput();
        QVERIFY(out.contains("oneDNN"));
        QVERIFY(out.contains("fmnist-cnn"));
        std::unique_ptr<QProcess> h(run({"train", "--help"}));
        QCOMPARE(h->exitCode(), 0);
        QVERIFY(h->readAllStandardOutput().contains("--optimizer"));
    }

    void trainWritesLoadableWeights_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("npz") << "w.npz";
        QTest::newRow("onnx") << "model.onnx";
    }

    /// The written weights (a .npz state dict, or the initializers of the ONNX model) reproduce the test
    /// accuracy the command reported; with the ONNX importer the model file itself gives the same outputs.
    void trainWritesLoadableWeights()
    {
        QFETCH(QString, file);
        QTemporaryDir dir;
        writeSquares(dir.filePath("train-images"), dir.filePath("train-labels"), 400, 1);
        writeSquares(dir.filePath("test-images"), dir.filePath("test-labels"), 100, 2);
        const QString out = dir.filePath(file);
        std::unique_ptr<QProcess> p(
            run({"train", "--preset", "fmnist-cnn", "--train-images", dir.filePath("train-images"), "--train-labels",
                 dir.filePath("train-labels"), "--test-images", dir.filePath("test-images"), "--test-labels",
                 dir.filePath("test-labels"), "--epochs", "2", "--batch-size", "32", "--seed", "3", "--out", out}));
        const QString stdoutText = p->readAllStandardOutput();
        QVERIFY2(p->exitCode() == 0, qPrintable(p->readAllStandardError()));
        QVERIFY(stdoutText.contains("epoch 2:"));
        const QRegularExpression acc("test loss [0-9.]+ accuracy ([0-9.]+)%");
        QRegularExpressionMatchIterator it = acc.globalMatch(stdoutText);
        QString last;
        while (it.hasNext())
            last = it.next().captured(1);
        QVERIFY2(last.toDouble() >= 95.0, qPrintable(stdoutText));

        Graph g = models::buildPreset("fmnist-cnn");
        if (file.endsWith(".onnx")) {
            QVERIFY(stdoutText.contains("ONNX opset 13"));
            models::loadStateDict(g, onnxInitializers(out.toStdString()));
        } else {
            models::loadStateDict(g, io::readNpz(out.toStdString()));
        }
        Tensor x = io::readIdx(dir.filePath("test-images").toStdString()).reshaped({100, 1, 28, 28}).clone();
        for (float& v : x.values())
            v /= 255.f;
        const Tensor labels = io::readIdx(dir.filePath("test-labels").toStdString());
        const Tensor logits = g.run(x);
        int correct = 0;
        for (int64_t i = 0; i < 100; ++i) {
            const float* row = logits.data() + i * 10;
            correct += std::max_element(row, row + 10) - row == int64_t(labels[i]);
        }
        QCOMPARE(QString::number(correct, 'f', 2), last);
        if (file.endsWith(".onnx")) { // the model file itself, through the importer
            Model imported = formats::importOnnx(out.toStdString());
            QVERIFY(maxAbsDiff(imported.graph.run(x), logits) <= 1e-6f);
        }
    }

    void badInputIsAClearError()
    {
        QTemporaryDir dir;
        std::ofstream(dir.filePath("garbage").toStdString()) << "not an idx file";
        std::unique_ptr<QProcess> p(
            run({"train", "--train-images", dir.filePath("garbage"), "--train-labels", dir.filePath("garbage")}));
        QCOMPARE(p->exitCode(), 1);
        const QString err = p->readAllStandardError();
        QVERIFY2(err.contains("garbage") && err.contains("IDX"), qPrintable(err));
        std::unique_ptr<QProcess> q(run({"train", "--preset", "nope", "--data", dir.path()}));
        QVERIFY(q->exitCode() != 0);
        std::unique_ptr<QProcess> r(run({"frobnicate"}));
        QVERIFY(r->exitCode() != 0);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
