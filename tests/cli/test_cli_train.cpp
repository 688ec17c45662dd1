// lantern-cli train beyond IDX presets: .npy/.npz/.h5 data, --arch round trips (ONNX in, ONNX out, final
// softmax removed, --keep-weights / --init-seed), class weights, class names in the ONNX metadata, flag
// validation, and the bundled demo model (resources/demo) against its bundled samples.
#include "gradcheck.h"

#include "lantern/formats/onnx_export.h"
#include "lantern/geo/netcdf.h"
#include "lantern/io/hdf5.h"
#include "lantern/io/npy.h"
#include "lantern/model.h"
#include "lantern/models/presets.h"
#include "lantern/ops/softmax.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <random>

using namespace lantern;

namespace {

const QString cli = QStringLiteral(LANTERN_CLI_PATH);
const QString kNames = QStringLiteral("T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot");

/// n 28x28 images with pixel values 0..255: class c has a bright 7x7 square at one of ten positions.
std::pair<Tensor, Tensor> squares(int64_t n, uint32_t seed)
{
    std::mt19937 rng(seed);
    Tensor x({n, 28, 28});
    Tensor y({n});
    for (int64_t i = 0; i < n; ++i) {
        const int c = static_cast<int>(i % 10);
        y.data()[i] = static_cast<float>(c);
        const int oy = (c / 5) * 14 + 3, ox = (c % 5) * 5;
        for (int r = 0; r < 7; ++r)
            for (int q = 0; q < 7 && ox + q < 28; ++q)
                x.data()[i * 784 + (oy + r) * 28 + ox + q] = static_cast<float>(200 + rng() % 56);
    }
    return {x, y};
}

struct Result {
    int exitCode = -1;
    QString out, err;
};

Result runCli(const QStringList& args)
{
    QProcess p;
    p.start(cli, args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

double lastTestAccuracy(const QString& out)
{
    QRegularExpressionMatchIterator it = QRegularExpression("test loss [0-9.]+ accuracy ([0-9.]+)%").globalMatch(out);
    double last = -1;
    while (it.hasNext())
        last = it.next().captured(1).toDouble();
    return last;
}

/// Writes the squares sets as train.npy/test.npy files (and labels) in `dir`; returns the train args.
QStringList npyArgs(const QTemporaryDir& dir, bool scaled)
{
    auto [x, y] = squares(600, 1);
    auto [tx, ty] = squares(100, 2);
    if (scaled)
        for (Tensor* t : {&x, &tx})
            for (float& v : t->values())
                v /= 255.f;
    io::writeNpy(dir.filePath("x.npy").toStdString(), x);
    io::writeNpy(dir.filePath("y.npy").toStdString(), y);
    io::writeNpy(dir.filePath("tx.npy").toStdString(), tx);
    io::writeNpy(dir.filePath("ty.npy").toStdString(), ty);
    return {"--train-images", dir.filePath("x.npy"),  "--train-labels", dir.filePath("y.npy"),
            "--test-images",  dir.filePath("tx.npy"), "--test-labels",  dir.filePath("ty.npy")};
}

QStringList commonArgs()
{
    return {"--epochs", "2", "--batch-size", "32", "--seed", "3", "--train-limit", "512", "--threads", "1"};
}

/// The fmnist-cnn preset from `seed` exported as ONNX, optionally ending in a Softmax node.
void writeArch(const QString& path, bool softmax, uint64_t seed = 0)
{
    Model m = loadModel("preset:fmnist-cnn", LoadOptions{"", seed});
    if (softmax) {
        const std::string logits = m.graph.outputNames().front();
        m.graph.addNode("prob", std::make_unique<Softmax>(), {logits}, {"prob"});
        m.graph.setOutputs({"prob"});
    }
    formats::OnnxExportOptions options;
    options.metadata["lantern.class_names"] = "a,b,c,d,e,f,g,h,i,j";
    formats::exportOnnx(m.graph, path.toStdString(), options);
}

Tensor someInputs()
{
    Tensor x = squares(20, 7).first.reshaped({20, 1, 28, 28}).clone();
    for (float& v : x.values())
        v /= 255.f;
    return x;
}

} // namespace

class TestCliTrain : public QObject {
    Q_OBJECT

private slots:
    void trainsFromArrays_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("npy 0..255") << "npy";
        QTest::newRow("npy scaled") << "npy-scaled";
        QTest::newRow("npz keys") << "npz";
        QTest::newRow("h5 datasets") << "h5";
    }

    /// Every format trains the same preset to a high test accuracy; integer pixel data is scaled by 1/255
    /// (and said so), data already in [0, 1] is not; --train-limit keeps the first 512 of 600 samples.
    void trainsFromArrays()
    {
        QFETCH(QString, format);
        QTemporaryDir dir;
        QStringList args{"train", "--preset", "fmnist-cnn"};
        if (format.startsWith("npy")) {
            args += npyArgs(dir, format == "npy-scaled");
        } else {
            auto [x, y] = squares(600, 1);
            auto [tx, ty] = squares(100, 2);
            const std::map<std::string, Tensor> sets{{"x_train", x}, {"y_train", y}, {"x_test", tx}, {"y_test", ty}};
            const QString file = dir.filePath(format == "npz" ? "data.npz" : "data.h5");
            const QString sep = format == "npz" ? ":" : ":/";
            if (format == "npz")
                io::writeNpz(file.toStdString(), sets);
            else
                io::writeHdf5(file.toStdString(), sets);
            args += {"--train-images", file + sep + "x_train", "--train-labels", file + sep + "y_train",
                     "--test-images",  file + sep + "x_test",  "--test-labels",  file + sep + "y_test"};
        }
        args += commonArgs();
        args += {"--out", dir.filePath("m.onnx")};
        const Result r = runCli(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains("on 512 samples"), qPrintable(r.out));
        QCOMPARE(r.out.contains("scaled by 1/255"), format != "npy-scaled");
        QVERIFY2(lastTestAccuracy(r.out) >= 90.0, qPrintable(r.out));
        const Model m = loadModel(dir.filePath("m.onnx").toStdString());
        QCOMPARE(m.graph.outputNames().front(), std::string("fc2"));
        QVERIFY(m.metadata.count("lantern.training"));
    }

    /// --arch FILE.onnx: 0 epochs with --keep-weights writes the same function; without it the Conv/Gemm weights
    /// are re-drawn from --init-seed (equal to the preset built from that seed). A final softmax is removed and
    /// the written model outputs the logits; metadata of the architecture file is kept, --class-names replaces it.
    void archRoundTrip()
    {
        QTemporaryDir dir;
        const QString arch = dir.filePath("arch.onnx");
        writeArch(arch, true, 11);
        const QStringList data = npyArgs(dir, false);
        const Model original = loadModel(arch.toStdString());
        QCOMPARE(original.finalSoftmax, std::string("prob"));
        const Tensor x = someInputs();

        const QString kept = dir.filePath("kept.onnx");
        Result r =
            runCli(QStringList{"train", "--arch", arch, "--epochs", "0", "--keep-weights", "--out", kept} + data);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains("final softmax node 'prob' removed"), qPrintable(r.out));
        QVERIFY2(r.out.contains("starting from the parameters stored in"), qPrintable(r.out));
        Model m = loadModel(kept.toStdString());
        QCOMPARE(m.graph.nodes().size() + 1, original.graph.nodes().size());
        QVERIFY(m.finalSoftmax.empty());
        QCOMPARE(m.graph.outputNames().front(), original.logits);
        Model originalLogits = loadModel(arch.toStdString());
        originalLogits.removeFinalSoftmax();
        QVERIFY(maxAbsDiff(m.graph.run(x), originalLogits.graph.run(x)) <= 1e-6f);
        QCOMPARE(m.metadata.at("lantern.class_names"), std::string("a,b,c,d,e,f,g,h,i,j"));

        const QString reinit = dir.filePath("reinit.onnx");
        r = runCli(QStringList{"train", "--arch", arch, "--epochs", "0", "--init-seed", "5", "--out", reinit} + data);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains("re-initialised (Kaiming normal, seed 5)"), qPrintable(r.out));
        Graph preset5 = models::buildPreset("fmnist-cnn", 5);
        QVERIFY(maxAbsDiff(loadModel(reinit.toStdString()).graph.run(x), preset5.run(x)) <= 1e-6f);

        // one epoch from the exported preset: same node count, trained, class names replaced
        const QString trained = dir.filePath("trained.onnx");
        r = runCli(QStringList{"train", "--arch", kept, "--class-names", kNames, "--out", trained} + data +
                   commonArgs());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(lastTestAccuracy(r.out) >= 90.0, qPrintable(r.out));
        const Model t = loadModel(trained.toStdString());
        QCOMPARE(t.graph.nodes().size(), m.graph.nodes().size());
        QCOMPARE(QString::fromStdString(t.metadata.at("lantern.class_names")), kNames);
    }

    /// A Keras 1 JSON architecture with HDF5 weights (--arch-weights): with --keep-weights and 0 epochs the
    /// written ONNX model computes the Keras model's logits.
    void kerasArch()
    {
        const std::string base = test::sharedDataDir() + "/keras/keras2cpp-mnist/";
        if (!QFileInfo::exists(QString::fromStdString(base + "my_nn_arch.json")))
            QSKIP("shared data keras/keras2cpp-mnist is absent (LANTERN_SHARED_DATA)");
        QTemporaryDir dir;
        const QString out = dir.filePath("k.onnx");
        const Result r = runCli(QStringList{"train", "--arch", QString::fromStdString(base + "my_nn_arch.json"),
                                            "--arch-weights", QString::fromStdString(base + "my_nn_weights.h5"),
                                            "--keep-weights", "--epochs", "0", "--out", out} +
                                npyArgs(dir, false));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains("final softmax node 'activation_4' removed"), qPrintable(r.out));
        Model keras = loadModel(base + "my_nn_arch.json", LoadOptions{base + "my_nn_weights.h5", 0});
        keras.removeFinalSoftmax();
        const Tensor x = someInputs();
        const Tensor expected = keras.graph.run(x);
        QCOMPARE(expected.dim(1), int64_t(10));
        QVERIFY(maxAbsDiff(loadModel(out.toStdString()).graph.run(x), expected) <= 1e-5f);
    }

    /// Class weights feed the loss: all ones is bit-identical to no weights, a weight on one class only is not.
    void classWeights()
    {
        QTemporaryDir dir;
        const QStringList data = npyArgs(dir, false);
        auto train = [&](const QString& out, const QStringList& extra) {
            const Result r = runCli(QStringList{"train", "--epochs", "1", "--train-limit", "128", "--threads", "1",
                                                "--out", dir.filePath(out)} +
                                    data + extra);
            QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        };
        train("plain.onnx", {});
        train("ones.onnx", {"--class-weights", "1,1,1,1,1,1,1,1,1,1"});
        train("one.onnx", {"--class-weights", "1,0,0,0,0,0,0,0,0,0"});
        const Tensor x = someInputs();
        const Tensor plain = loadModel(dir.filePath("plain.onnx").toStdString()).graph.run(x);
        QCOMPARE(maxAbsDiff(loadModel(dir.filePath("ones.onnx").toStdString()).graph.run(x), plain), 0.f);
        QVERIFY(maxAbsDiff(loadModel(dir.filePath("one.onnx").toStdString()).graph.run(x), plain) > 1e-3f);
    }

    /// A NetCDF field as samples (FILE.nc:VAR, labels from the file's label variable), the mlp preset sized from the
    /// data, per-layer L2, balanced class weights and a validation split of the last months: everything the El Niño
    /// network of Toms et al. needs. The per-layer penalty must shrink that layer's weights and no other.
    void griddedFieldsTrainAnMlp()
    {
        QTemporaryDir dir;
        geo::CfFile f;
        for (double lat = -20; lat <= 20; lat += 5)
            f.lat.push_back(lat);
        for (double lon = 0; lon < 360; lon += 20)
            f.lon.push_back(lon);
        const int64_t months = 80, cells = int64_t(f.lat.size() * f.lon.size());
        geo::CfVariable sst{"sst", "anomaly", "K", {"time", "lat", "lon"}, {}, false};
        geo::CfVariable label{"label", "class", "", {"time"}, {}, true};
        std::mt19937 rng(5);
        std::normal_distribution<float> noise(0.f, 0.3f);
        for (int64_t t = 0; t < months; ++t) {
            f.time.push_back(double(30 * t));
            const int cls = (t % 4 == 0) ? 1 : 0; // 25 % positive: balanced weights 2 and 0.67
            label.values.push_back(float(cls));
            for (size_t a = 0; a < f.lat.size(); ++a)
                for (size_t o = 0; o < f.lon.size(); ++o) {
                    const bool box = std::abs(f.lat[a]) <= 5 && f.lon[o] >= 180 && f.lon[o] <= 240;
                    sst.values.push_back((box ? (cls ? 1.5f : -1.f) : 0.f) + noise(rng));
                }
        }
        sst.values[5] = NAN; // a masked cell: 0 for the model
        f.variables = {sst, label};
        const QString nc = dir.filePath("fields.nc");
        geo::writeCfFile(nc.toStdString(), f);
        auto train = [&](const QString& out, const QString& l2) {
            const Result r = runCli({"train", "--train-images", nc + ":sst", "--preset", "mlp:4", "--l2", l2,
                                     "--class-weights", "balanced", "--validation-fraction", "0.25", "--optimizer", "sgd",
                                     "--momentum", "0", "--lr", "0.05", "--batch-size", "8", "--epochs", "30", "--seed",
                                     "2", "--threads", "1", "--out", dir.filePath(out)});
            if (r.exitCode != 0)
                qWarning("%s", qPrintable(r.err + r.out));
            return r;
        };
        const Result r = train("m.onnx", "fc1=0.5,fc2=0.01");
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QString("mlp-%1-4-2").arg(cells)), qPrintable(r.out));
        QVERIFY2(r.out.contains("labels from " + nc + ":label"), qPrintable(r.out));
        QVERIFY2(r.out.contains("validation: the last 20 of 80 samples"), qPrintable(r.out));
        QVERIFY2(r.out.contains("class weights (balanced: n / (classes * count)): 0.666667, 2"), qPrintable(r.out));
        QVERIFY2(r.out.contains("layer fc1: L1 0, L2 0.5"), qPrintable(r.out));
        const QRegularExpressionMatch m =
            QRegularExpression("epoch 30: [^\\n]*validation loss [0-9.]+ accuracy ([0-9.]+)%").match(r.out);
        QVERIFY2(m.hasMatch() && m.captured(1).toDouble() >= 90.0, qPrintable(r.out.right(400)));
        Model model = loadModel(dir.filePath("m.onnx").toStdString());
        QCOMPARE(model.graph.inputShape(model.graph.inputNames().front()), (Shape{-1, cells}));

        // the penalty acts on its layer: a strong fc1 penalty shrinks fc1's weights, not fc2's
        QCOMPARE(train("weak.onnx", "fc1=0").exitCode, 0);
        QCOMPARE(train("strong.onnx", "fc1=5").exitCode, 0);
        auto norm = [&](const QString& file, const std::string& param) {
            Model mm = loadModel(dir.filePath(file).toStdString());
            const auto state = models::stateDict(mm.graph);
            double s = 0;
            for (float v : state.at(param).values())
                s += double(v) * v;
            return std::sqrt(s);
        };
        const double weak = norm("weak.onnx", "fc1.weight"), strong = norm("strong.onnx", "fc1.weight");
        QVERIFY2(strong < 0.5 * weak, qPrintable(QString("|fc1| with L2 5: %1, without: %2").arg(strong).arg(weak)));
    }

    void badValuesNameTheFlag_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("message");
        QTest::newRow("lr") << QStringList{"--lr", "0"} << "--lr: must be a number above 0 (got '0')";
        QTest::newRow("l2") << QStringList{"--l2", "-1"} << "--l2 '-1': '-1' is not a factor >= 0";
        QTest::newRow("l2 layer") << QStringList{"--l2", "conv9=1"} << "--l1/--l2: the model has no layer 'conv9'";
        QTest::newRow("l2 syntax") << QStringList{"--l2", "=1"} << "'=1' is not a factor";
        QTest::newRow("validation") << QStringList{"--validation-fraction", "1"} << "--validation-fraction 1: must be in [0, 1)";
        QTest::newRow("batch") << QStringList{"--batch-size", "x"} << "--batch-size: must be";
        QTest::newRow("optimizer") << QStringList{"--optimizer", "rms"} << "--optimizer";
        QTest::newRow("lr-decay") << QStringList{"--lr-decay", "1.5"} << "--lr-decay 1.5: must be in (0, 1]";
        QTest::newRow("momentum") << QStringList{"--momentum", "1"} << "--momentum 1: must be in [0, 1)";
        QTest::newRow("weights count") << QStringList{"--class-weights", "1,2"}
                                       << "--class-weights '1,2': 2 weights for the model's 10 classes";
        QTest::newRow("weights value") << QStringList{"--class-weights", "1,1,1,1,1,1,1,1,1,-1"}
                                       << "'-1' is not a weight";
        QTest::newRow("names count") << QStringList{"--class-names", "a,b"}
                                     << "--class-names 'a,b': 2 names for the model's 10 classes";
        QTest::newRow("names npz") << QStringList{"--class-names", "a", "--out", "w.npz"} << "--class-names";
        QTest::newRow("arch and preset") << QStringList{"--arch", "a.onnx", "--preset", "fmnist-cnn"} << "--arch";
        QTest::newRow("arch missing") << QStringList{"--arch", "missing.onnx"} << "missing.onnx: no such file";
        QTest::newRow("preset") << QStringList{"--preset", "nope"} << "nope";
    }

    void badValuesNameTheFlag()
    {
        QFETCH(QStringList, extra);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const Result r = runCli(QStringList{"train", "--epochs", "0"} + npyArgs(dir, false) + extra);
        QVERIFY2(r.exitCode != 0, qPrintable(r.out));
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    /// Labels that do not fit the model or the images are errors naming the labels file.
    void badLabels()
    {
        QTemporaryDir dir;
        QStringList data = npyArgs(dir, false);
        QCOMPARE(data[2], QString("--train-labels"));
        Tensor y = io::readNpy(dir.filePath("y.npy").toStdString());
        y.data()[5] = 12;
        io::writeNpy(dir.filePath("bad.npy").toStdString(), y);
        data[3] = dir.filePath("bad.npy");
        Result r = runCli(QStringList{"train", "--epochs", "0"} + data);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("bad.npy: label 12 at index 5 is outside the model's 10 classes"), qPrintable(r.err));
        io::writeNpy(dir.filePath("short.npy").toStdString(), y.slice(0, 10).clone());
        data[3] = dir.filePath("short.npy");
        r = runCli(QStringList{"train", "--epochs", "0"} + data);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("short.npy: 10 labels for 600 samples"), qPrintable(r.err));
    }

    /// The bundled demo model: ONNX <= 2 MB with the class names of class_names.txt, and >= 80 % on the 40
    /// bundled samples (PNG files read by lantern-cli predict).
    void demoModel()
    {
        const QString model = QFINDTESTDATA("../../resources/demo/fmnist_cnn.onnx");
        const QString samples = QFINDTESTDATA("../../resources/demo/samples");
        const QString names = QFINDTESTDATA("../../resources/demo/class_names.txt");
        QVERIFY2(!model.isEmpty() && !samples.isEmpty() && !names.isEmpty(), "resources/demo is incomplete");
        QVERIFY(QFileInfo(model).size() <= 2 * 1024 * 1024);
        const Model m = loadModel(model.toStdString());
        std::ifstream in(names.toStdString());
        std::string line, joined;
        while (std::getline(in, line))
            joined += (joined.empty() ? "" : ",") + line;
        QCOMPARE(m.metadata.at("lantern.class_names"), joined);
        QCOMPARE(QDir(samples).entryList({"*.png"}, QDir::Files).size(), 40);
        const Result r = runCli(
            {"predict", "--model", model, "--input", samples, "--labels", samples + "/labels.txt", "--top", "1"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QRegularExpressionMatch acc = QRegularExpression("accuracy ([0-9.]+)% \\(([0-9]+) of 40\\)").match(r.out);
        QVERIFY2(acc.hasMatch(), qPrintable(r.out));
        QVERIFY2(acc.captured(1).toDouble() >= 80.0, qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(TestCliTrain)
#include "test_cli_train.moc"
