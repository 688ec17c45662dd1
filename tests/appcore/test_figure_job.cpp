// The headless figure job on the Fashion-MNIST CNN: exportFigure writes a PNG of exactly figureSizeInches × dpi
// pixels with coloured maps in the method columns and plain grey inputs, plus a sidecar that reads back to the
// same spec (with the model's SHA-256 filled in); SVG and PDF outputs are valid; a changed model is refused.
#include "gradcheck.h"

#include "common/figure_job.h"

#include "lantern/error.h"
#include "lantern/io/idx.h"
#include "lantern/io/npy.h"

#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace lantern;

namespace {

QString shared(const QString& rel)
{
    return QString::fromStdString(test::sharedDataDir()) + "/" + rel;
}

/// Three Fashion-MNIST test images (0..1) when the dataset is installed, else seeded random images.
Tensor threeSamples()
{
    const std::string idx = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
    if (QFile::exists(QString::fromStdString(idx))) {
        const Tensor all = io::readIdx(idx);
        Tensor out({3, 1, 28, 28});
        for (int64_t i = 0; i < out.size(); ++i)
            out.data()[i] = all.data()[i] / 255.f;
        return out;
    }
    return test::randomTensor({3, 1, 28, 28}, 7, 0.f, 1.f);
}

int saturatedPixels(const QImage& image, QRect area)
{
    int n = 0;
    area = area.intersected(image.rect());
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x)
            if (QColor(image.pixel(x, y)).hsvSaturation() > 80)
                ++n;
    return n;
}

} // namespace

class TestFigureJob : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    app::FigureSpec m_spec;

private slots:
    void initTestCase()
    {
        if (test::sharedDataDir().empty() || !QFile::exists(shared("torch/fmnist_cnn.onnx")))
            QSKIP("shared data not found (set LANTERN_SHARED_DATA): needs torch/fmnist_cnn.onnx");
        QVERIFY(m_tmp.isValid());
        const QString npy = m_tmp.filePath("samples.npy");
        io::writeNpy(npy.toStdString(), threeSamples());
        m_spec.modelPath = shared("torch/fmnist_cnn.onnx").toStdString();
        m_spec.sampleSpec = npy.toStdString();
        m_spec.sampleIndices = {0, 2};
        m_spec.classNames = {"T-shirt", "Trouser", "Pullover", "Dress", "Coat",
                             "Sandal",  "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
        app::FigureColumn input;
        input.kind = "input";
        app::FigureColumn gradient;
        gradient.method.method = "gradient";
        app::FigureColumn lrp;
        lrp.method.method = "lrp-epsilon";
        lrp.title = "LRP-ε";
        m_spec.columns = {input, gradient, lrp};
        m_spec.title = "Fashion-MNIST CNN";
        m_spec.dpi = 120;
        m_spec.seed = 3;
    }

    void pngHasFigureSizeAndSidecar()
    {
        const QString png = m_tmp.filePath("fig.png");
        app::exportFigure(m_spec, png);
        QVERIFY(QFile::exists(png));
        QVERIFY(QFile::exists(app::sidecarPath(png)));
        QCOMPARE(app::sidecarPath(png), png + ".json");

        const render::Figure fig = app::buildFigure(m_spec);
        QCOMPARE(fig.rows, 2);
        QCOMPARE(fig.columns, 3);
        const QSizeF inches = render::figureSizeInches(fig);
        const QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(image.width(), static_cast<int>(std::lround(inches.width() * m_spec.dpi)));
        QCOMPARE(image.height(), static_cast<int>(std::lround(inches.height() * m_spec.dpi)));
        QVERIFY2(image.width() > 3 * 1.6 * m_spec.dpi, "three panels of 1.6 in do not fit");
        image.save("/tmp/lantern_test_figure_job.png");

        // the input column is grey, the two method columns carry a coloured map
        const int third = image.width() / 3;
        const QRect grid(0, image.height() / 5, image.width(), image.height() * 3 / 5);
        const int inputColour = saturatedPixels(image, QRect(0, grid.top(), third, grid.height()));
        const int mapColour = saturatedPixels(image, QRect(third, grid.top(), 2 * third, grid.height()));
        QVERIFY2(mapColour > 20 * inputColour + 1000,
                 qPrintable(QStringLiteral("coloured pixels: input %1, maps %2").arg(inputColour).arg(mapColour)));
    }

    void sidecarReadsBackToTheSpec()
    {
        const QString png = m_tmp.filePath("fig.png");
        if (!QFile::exists(app::sidecarPath(png)))
            app::exportFigure(m_spec, png);
        QFile file(app::sidecarPath(png));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const app::FigureSpec back = app::figureSpecFromJson(file.readAll(), file.fileName());
        QCOMPARE(back.modelSha256, app::fileSha256(m_spec.modelPath));
        QCOMPARE(back.modelSha256.size(), size_t(64));
        QCOMPARE(back.modelPath, m_spec.modelPath);
        QCOMPARE(back.sampleSpec, m_spec.sampleSpec);
        QCOMPARE(back.sampleIndices, m_spec.sampleIndices);
        QCOMPARE(back.classNames, m_spec.classNames);
        QCOMPARE(back.columns.size(), size_t(3));
        QCOMPARE(back.columns[0].kind, std::string("input"));
        QCOMPARE(back.columns[1].method.method, std::string("gradient"));
        QCOMPARE(back.columns[2].method.method, std::string("lrp-epsilon"));
        QCOMPARE(back.columns[2].title, std::string("LRP-ε"));
        QCOMPARE(back.title, m_spec.title);
        QCOMPARE(back.dpi, m_spec.dpi);
        QCOMPARE(back.seed, m_spec.seed);
        QCOMPARE(back.panelInches, m_spec.panelInches);
        // everything else: the JSON of the read spec equals the JSON of the written one
        app::FigureSpec expected = m_spec;
        expected.modelSha256 = back.modelSha256;
        QCOMPARE(app::figureSpecToJson(back), app::figureSpecToJson(expected));
    }

    void vectorFormats_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("magic");
        QTest::newRow("svg") << "fig.svg" << QByteArray("<svg");
        QTest::newRow("pdf") << "fig.pdf" << QByteArray("%PDF-");
    }

    void vectorFormats()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, magic);
        app::FigureSpec spec = m_spec;
        spec.sampleIndices = {1};
        spec.columns.resize(2);
        const QString path = m_tmp.filePath(name);
        app::exportFigure(spec, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.size() > 1000);
        if (magic.startsWith('%'))
            QVERIFY(bytes.startsWith(magic));
        else
            QVERIFY(bytes.contains(magic));
        QVERIFY(QFile::exists(path + ".json"));
    }

    void changedModelIsRefused()
    {
        const QString model = m_tmp.filePath("model.onnx");
        QFile::remove(model);
        QVERIFY(QFile::copy(QString::fromStdString(m_spec.modelPath), model));
        app::FigureSpec spec = m_spec;
        spec.modelPath = model.toStdString();
        spec.modelSha256 = app::fileSha256(m_spec.modelPath);
        spec.sampleIndices = {0};
        spec.columns.resize(1);
        app::buildFigure(spec); // same bytes: accepted
        {
            QFile f(model);
            QVERIFY(f.open(QIODevice::Append));
            f.write(QByteArray("\xA2\x06\x01x", 4)); // an unknown protobuf field: new hash, still loads
        }
        try {
            app::buildFigure(spec);
            QFAIL("a changed model was accepted");
        } catch (const IoError& e) {
            QVERIFY2(QString(e.what()).contains("model.onnx") && QString(e.what()).contains("SHA-256"), e.what());
        }
        app::FigureJobOptions options;
        options.checkHash = false;
        QCOMPARE(app::buildFigure(spec, options).rows, 1);
    }

    void badIndexIsAnError()
    {
        app::FigureSpec spec = m_spec;
        spec.sampleIndices = {3};
        QVERIFY_THROWS_EXCEPTION(ArgumentError, app::buildFigure(spec));
    }

    // Fuzz finding (tests/fuzz, figure_spec): an index of 1e22 was cast to int64 (undefined behaviour).
    void figureSampleIndexOutsideInt64GivesIoError_data()
    {
        QTest::addColumn<QByteArray>("index");
        QTest::newRow("1e22") << QByteArray("1e22");
        QTest::newRow("-1") << QByteArray("-1");
        QTest::newRow("2.5") << QByteArray("2.5");
        QTest::newRow("string") << QByteArray("\"3\"");
    }

    void figureSampleIndexOutsideInt64GivesIoError()
    {
        QFETCH(QByteArray, index);
        const QByteArray json = R"({"lantern_figure": 1, "model": {"path": "m.onnx"},
            "samples": {"spec": "s.npy", "indices": [0, )" + index + R"(]}, "columns": [{"kind": "input"}]})";
        try {
            app::figureSpecFromJson(json, "fig.json");
            QFAIL("no error");
        } catch (const IoError& e) {
            QVERIFY2(std::string(e.what()).find("fig.json") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("is not a non-negative integer") != std::string::npos, e.what());
        }
        // the same sidecar with a valid index reads
        const QByteArray good = QByteArray(json).replace(index, "7");
        QCOMPARE(app::figureSpecFromJson(good, "fig.json").sampleIndices, (std::vector<int64_t>{0, 7}));
    }
};

QTEST_MAIN(TestFigureJob)
#include "test_figure_job.moc"
