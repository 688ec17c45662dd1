// Opening every supported model and sample type in the explorer: ONNX, Keras 2 HDF5, Keras 1 JSON + HDF5
// weights; image folders, single images, .npy, .npz (with companion labels), HDF5 datasets and IDX files.
#include "../import/keras_fixtures.h"

#include "main_window.h"
#include "workspace.h"

#include "gradcheck.h"
#include "lantern/io/hdf5.h"
#include "lantern/io/npy.h"
#include "lantern/widgets/overlay_view.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace lantern;
using namespace lantern::gui;

namespace {

const QString kDemo = QStringLiteral(LANTERN_DEMO_DIR);

Tensor ramp(Shape shape)
{
    Tensor t(std::move(shape));
    for (int64_t i = 0; i < t.size(); ++i)
        t[i] = static_cast<float>((i * 37) % 101) / 100.f;
    return t;
}

/// A small Keras 2 (channels-last) CNN saved as model.save does.
void writeKerasCnn(const std::string& path)
{
    using namespace keras_fixtures;
    const Json config = sequential("tiny", {conv2d("conv2d_1", 4, 3, "same", "relu", Json::array({nullptr, 28, 28, 1})),
                                            pool2d("MaxPooling2D", "max_pooling2d_1", 2, 2, "valid"),
                                            flatten("flatten_1"), dense("dense_1", 10, "softmax")});
    writeKeras2Model(path, config,
                     {{"conv2d_1", {{"kernel:0", ramp({3, 3, 1, 4})}, {"bias:0", Tensor({4}, 0.01f)}}},
                      {"dense_1", {{"kernel:0", ramp({14 * 14 * 4, 10})}, {"bias:0", Tensor({10}, 0.f)}}}});
}

} // namespace

class TestOpenFiles : public QObject {
    Q_OBJECT
private slots:
    void opensEveryType_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("samples");
        QTest::addColumn<bool>("labelled");
        QTest::newRow("onnx + image folder") << "folder" << 40 << true;
        QTest::newRow("onnx + one png") << "png" << 1 << false;
        QTest::newRow("onnx + npy") << "npy" << 3 << false;
        QTest::newRow("onnx + npz with labels") << "npz" << 4 << true;
        QTest::newRow("onnx + hdf5 dataset") << "h5" << 2 << false;
        QTest::newRow("keras2 h5 + npy") << "keras2" << 5 << false;
        QTest::newRow("keras1 json+h5 + idx") << "keras1" << 10000 << true;
    }

    void opensEveryType()
    {
        QFETCH(QString, kind);
        QFETCH(int, samples);
        QFETCH(bool, labelled);
        QTemporaryDir dir;
        const auto file = [&](const char* name) { return dir.filePath(QString::fromLatin1(name)); };
        QString model = kDemo + QStringLiteral("/fmnist_cnn.onnx"), weights, sampleSpec;
        if (kind == QLatin1String("folder")) {
            sampleSpec = kDemo + QStringLiteral("/samples");
        } else if (kind == QLatin1String("png")) {
            sampleSpec = kDemo + QStringLiteral("/samples/0009_sneaker.png");
        } else if (kind == QLatin1String("npy")) {
            io::writeNpy(file("x.npy").toStdString(), ramp({3, 28, 28}));
            sampleSpec = file("x.npy");
        } else if (kind == QLatin1String("npz")) {
            io::writeNpz(file("set.npz").toStdString(),
                         {{"x", ramp({4, 1, 28, 28})}, {"y", Tensor({4}, {1, 2, 3, 9})}});
            sampleSpec = file("set.npz") + QStringLiteral(":x");
        } else if (kind == QLatin1String("h5")) {
            io::writeHdf5(file("set.h5").toStdString(), {{"/images", ramp({2, 1, 28, 28})}});
            sampleSpec = file("set.h5") + QStringLiteral(":/images");
        } else if (kind == QLatin1String("keras2")) {
            writeKerasCnn(file("tiny.h5").toStdString());
            model = file("tiny.h5");
            io::writeNpy(file("x.npy").toStdString(), ramp({5, 28, 28, 1}));
            sampleSpec = file("x.npy");
        } else if (kind == QLatin1String("keras1")) {
            const QString keras =
                QString::fromStdString(lantern::test::sharedDataDir()) + QStringLiteral("/keras/keras2cpp-mnist/");
            const QString mnist = QString::fromStdString(lantern::test::sharedDataDir()) + QStringLiteral("/mnist/");
            if (!QFileInfo::exists(keras + QStringLiteral("my_nn_arch.json")))
                QSKIP("shared data keras/keras2cpp-mnist is absent (set LANTERN_SHARED_DATA)");
            model = keras + QStringLiteral("my_nn_arch.json");
            weights = keras + QStringLiteral("my_nn_weights.h5");
            sampleSpec = mnist + QStringLiteral("mnist-10k-images-idx3-ubyte.gz");
        }
        MainWindow w;
        w.setQuietErrors(true);
        QSignalSpy predicted(&w, &MainWindow::predictionsReady);
        QSignalSpy loaded(&w, &MainWindow::modelLoaded);
        w.openModel(model, weights);
        QVERIFY2(loaded.wait(20000), qPrintable(w.lastError()));
        w.openSamples({sampleSpec});
        QVERIFY2(predicted.wait(30000), qPrintable(w.lastError()));
        QCOMPARE(w.workspace()->samples().count(), int64_t(samples));
        QCOMPARE(!w.workspace()->samples().labels.empty(), labelled);
        QCOMPARE(static_cast<int>(w.workspace()->predictions().size()), samples);
        if (kind == QLatin1String("keras1")) { // the keras2cpp net classifies MNIST at 87.68 %
            int correct = 0;
            for (int i = 0; i < samples; ++i)
                correct += w.workspace()->samples().labels[static_cast<size_t>(i)] ==
                           w.workspace()->predictions()[static_cast<size_t>(i)];
            QCOMPARE(correct, 8768);
        }
        QTRY_VERIFY_WITH_TIMEOUT(!w.view()->overlayView()->map().isEmpty(), 20000);
    }
};

QTEST_MAIN(TestOpenFiles)
#include "test_open_files.moc"
