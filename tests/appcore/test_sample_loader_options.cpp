// Sample preprocessing options: per-channel mean/std on NCHW and NHWC arrays, the fit (black padding) and crop
// (centre) resize modes on non-square images, BGR channel order, and finding labels by convention.
#include "gradcheck.h"

#include "common/sample_loader.h"

#include "lantern/error.h"
#include "lantern/io/npy.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace lantern;

class TestSampleLoaderOptions : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

    QString writeImage(const QString& name, const QImage& image)
    {
        const QString path = m_tmp.filePath(name);
        if (!image.save(path))
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private slots:
    void meanStdPerChannel_data()
    {
        QTest::addColumn<QString>("layout");
        QTest::newRow("NCHW") << "NCHW";
        QTest::newRow("NHWC") << "NHWC";
    }

    void meanStdPerChannel()
    {
        QFETCH(QString, layout);
        const bool last = layout == "NHWC";
        const Shape shape = last ? Shape{2, 4, 5, 3} : Shape{2, 3, 4, 5};
        const Tensor x = test::randomTensor(shape, 11, 0.f, 255.f);
        const QString path = m_tmp.filePath("x_" + layout + ".npy");
        io::writeNpy(path.toStdString(), x);
        app::SampleOptions o;
        o.scale = 2.f;
        o.mean = {0.5f, -1.f, 100.f};
        o.std = {0.25f, 2.f, 50.f};
        const Shape model = last ? Shape{-1, 4, 5, 3} : Shape{-1, 3, 4, 5};
        const app::Samples s = app::loadSamples(path.toStdString(), model, layout.toStdString(), o);
        QCOMPARE(s.data.shape(), shape);
        for (int64_t i = 0; i < x.size(); ++i) {
            const int64_t c = last ? i % 3 : (i / 20) % 3;
            const float expected = (x.data()[i] * 2.f - o.mean[static_cast<size_t>(c)]) / o.std[static_cast<size_t>(c)];
            QVERIFY2(std::abs(s.data.data()[i] - expected) <= 1e-4f * std::max(1.f, std::abs(expected)),
                     qPrintable(QStringLiteral("element %1 channel %2: %3 vs %4")
                                    .arg(i)
                                    .arg(c)
                                    .arg(s.data.data()[i])
                                    .arg(expected)));
        }
        // a single value applies to every channel; a wrong count is an error naming both counts
        o.mean = {1.f};
        o.std = {};
        const app::Samples one = app::loadSamples(path.toStdString(), model, layout.toStdString(), o);
        QCOMPARE(one.data.data()[7], x.data()[7] * 2.f - 1.f);
        o.mean = {1.f, 2.f};
        try {
            app::loadSamples(path.toStdString(), model, layout.toStdString(), o);
            QFAIL("two means for three channels were accepted");
        } catch (const ArgumentError& e) {
            QVERIFY2(QString(e.what()).contains("2 values") && QString(e.what()).contains("3 channels"), e.what());
        }
    }

    void fitPadsWithBlack()
    {
        // a tall white 4x8 image fitted into 8x8: two black columns each side
        QImage tall(4, 8, QImage::Format_RGB32);
        tall.fill(Qt::white);
        const QString path = writeImage("tall.png", tall);
        app::SampleOptions o;
        o.resize = app::ResizeMode::Fit;
        const app::Samples s = app::loadSamples(path.toStdString(), {1, 3, 8, 8}, "NCHW", o);
        QCOMPARE(s.data.shape(), (Shape{1, 3, 8, 8}));
        for (int c = 0; c < 3; ++c)
            for (int y = 0; y < 8; ++y)
                for (int x = 0; x < 8; ++x) {
                    const float expected = (x < 2 || x >= 6) ? 0.f : 1.f;
                    QCOMPARE(s.data.data()[(c * 8 + y) * 8 + x], expected);
                }
        QVERIFY(!s.notes.empty());
        QVERIFY(QString::fromStdString(s.notes.front()).contains("fit"));
    }

    void cropKeepsTheCentre()
    {
        // 16x8: red | green (8 columns) | blue; cropped to 8x8 only the green centre stays
        QImage wide(16, 8, QImage::Format_RGB32);
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 16; ++x)
                wide.setPixel(x, y, x < 4 ? qRgb(255, 0, 0) : x < 12 ? qRgb(0, 255, 0) : qRgb(0, 0, 255));
        const QString path = writeImage("wide.png", wide);
        app::SampleOptions o;
        o.resize = app::ResizeMode::Crop;
        const app::Samples s = app::loadSamples(path.toStdString(), {1, 8, 8, 3}, "NHWC", o);
        for (int64_t p = 0; p < 64; ++p) {
            QCOMPARE(s.data.data()[p * 3 + 0], 0.f);
            QCOMPARE(s.data.data()[p * 3 + 1], 1.f);
            QCOMPARE(s.data.data()[p * 3 + 2], 0.f);
        }
        // stretch squeezes all three bands in: red on the left, blue on the right
        o.resize = app::ResizeMode::Stretch;
        const app::Samples st = app::loadSamples(path.toStdString(), {1, 8, 8, 3}, "NHWC", o);
        QVERIFY(st.data.data()[0] > 0.9f);         // (0,0) red
        QVERIFY(st.data.data()[7 * 3 + 2] > 0.9f); // (0,7) blue
    }

    void bgrSwapsChannels()
    {
        QImage image(2, 1, QImage::Format_RGB32);
        image.setPixel(0, 0, qRgb(255, 0, 0));
        image.setPixel(1, 0, qRgb(0, 0, 51));
        const QString path = writeImage("rb.png", image);
        app::SampleOptions o;
        const app::Samples rgb = app::loadSamples(path.toStdString(), {1, 3, 1, 2}, "NCHW", o);
        o.bgr = true;
        const app::Samples bgr = app::loadSamples(path.toStdString(), {1, 3, 1, 2}, "NCHW", o);
        // (c, x) → index c * 2 + x
        QCOMPARE(rgb.data.data()[0], 1.f);
        QCOMPARE(rgb.data.data()[4 + 1], 0.2f);
        QCOMPARE(bgr.data.data()[0], 0.f);
        QCOMPARE(bgr.data.data()[4], 1.f);
        QCOMPARE(bgr.data.data()[1], 0.2f);
        QCOMPARE(bgr.data.data()[4 + 1], 0.f);
    }

    void companionLabelsInAFolder()
    {
        const QString dir = m_tmp.filePath("folder");
        QVERIFY(QDir().mkpath(dir));
        QImage img(2, 2, QImage::Format_RGB32);
        img.fill(Qt::gray);
        QVERIFY(img.save(dir + "/a.png"));
        QCOMPARE(app::companionLabels(dir.toStdString()), std::string());
        QFile labels(dir + "/labels.txt");
        QVERIFY(labels.open(QIODevice::WriteOnly));
        labels.write("3\n");
        labels.close();
        QCOMPARE(app::companionLabels(dir.toStdString()), (dir + "/labels.txt").toStdString());
        QCOMPARE(app::loadLabels(app::companionLabels(dir.toStdString())), (std::vector<int64_t>{3}));
    }

    void companionLabelsForIdx()
    {
        // an IDX image file (2 images of 2x2) and its labels file in MNIST naming
        const QString images = m_tmp.filePath("t10k-images-idx3-ubyte");
        const QString labels = m_tmp.filePath("t10k-labels-idx1-ubyte");
        QFile fi(images);
        QVERIFY(fi.open(QIODevice::WriteOnly));
        fi.write(QByteArray("\x00\x00\x08\x03\x00\x00\x00\x02\x00\x00\x00\x02\x00\x00\x00\x02", 16));
        fi.write(QByteArray(8, '\x40'));
        fi.close();
        QCOMPARE(app::companionLabels(images.toStdString()), std::string());
        QFile fl(labels);
        QVERIFY(fl.open(QIODevice::WriteOnly));
        fl.write(QByteArray("\x00\x00\x08\x01\x00\x00\x00\x02\x07\x02", 10));
        fl.close();
        QCOMPARE(app::companionLabels(images.toStdString()), labels.toStdString());
        QCOMPARE(app::loadLabels(labels.toStdString()), (std::vector<int64_t>{7, 2}));
    }

    // Fuzz finding (tests/fuzz, labels): a label of 1.8e22 in a .npy was cast to int64 (undefined behaviour); NaN and
    // fractions were truncated silently.
    void labelsThatAreNotClassIndicesGiveIoError_data()
    {
        QTest::addColumn<float>("label");
        QTest::newRow("1.8e22") << 1.8e22f;
        QTest::newRow("NaN") << std::nanf("");
        QTest::newRow("-inf") << -std::numeric_limits<float>::infinity();
        QTest::newRow("2.5") << 2.5f;
    }

    void labelsThatAreNotClassIndicesGiveIoError()
    {
        QFETCH(float, label);
        const std::string path = m_tmp.filePath("odd_labels.npy").toStdString();
        io::writeNpy(path, Tensor({3}, {1.f, label, 0.f}));
        try {
            app::loadLabels(path);
            QFAIL("no error");
        } catch (const IoError& e) {
            QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("at position 1 is not an integer class index") != std::string::npos,
                     e.what());
        }
        io::writeNpy(path, Tensor({3}, {1.f, 9.f, 0.f}));
        QCOMPARE(app::loadLabels(path), (std::vector<int64_t>{1, 9, 0}));
    }
};

QTEST_MAIN(TestSampleLoaderOptions)
#include "test_sample_loader_options.moc"
