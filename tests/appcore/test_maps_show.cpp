// Maps that show: with the explorer's default overlay style (render::OverlayStyle{}, which the Explanation panel
// starts from), the composed overlay differs visibly from the input where the map is strong, for every method on
// both the demo Fashion-MNIST CNN (grey images) and the Ziletti CNN on random RGB inputs (where the old default,
// fading weak values over the coloured input, showed nothing at all).
#include "gradcheck.h"

#include "common/explanation_views.h"

#include "lantern/explain/explainer.h"
#include "lantern/io/hdf5.h"
#include "lantern/model.h"
#include "lantern/render/scalar_map.h"

#include <QFile>
#include <QtTest>

#include <cmath>

using namespace lantern;

namespace {

QString shared(const QString& rel)
{
    return QString::fromStdString(test::sharedDataDir()) + "/" + rel;
}

struct Visibility {
    double strongDifference = 0; ///< mean over strong pixels (|v| >= half the range limit) of the colour change
    int strong = 0;              ///< how many strong pixels
    double coverage = 0; ///< fraction of the pixels with |v| >= 10 % of the range whose colour changes by > 24 of 255
};

/// How the overlay differs from the input as the view draws it under the map (grey), by the largest channel
/// difference per pixel.
Visibility visibility(const QImage& base, const render::ScalarMap& map, const render::OverlayStyle& style)
{
    const render::MapRange range = render::mapRange(map, style.sign, style.clipPercentile);
    const QImage composed = render::composeOverlay(base, map, style, range);
    render::OverlayStyle plain = style;
    plain.opacity = 0;
    const QImage input = render::composeOverlay(base, map, plain, range); // the grey input alone
    const double limit = std::max(std::abs(range.lo), std::abs(range.hi));
    const bool positive = render::resolveSign(map, style.sign) == render::Sign::Positive;
    Visibility out;
    double sum = 0;
    int nonzero = 0, changed = 0;
    for (int y = 0; y < map.height; ++y)
        for (int x = 0; x < map.width; ++x) {
            const float v = map.at(x, y);
            if (!std::isfinite(v) || std::abs(v) < 0.1 * limit)
                continue; // negligible values may look like zero
            const QRgb a = composed.pixel(x, y), b = input.pixel(x, y);
            const int d =
                std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)), std::abs(qBlue(a) - qBlue(b))});
            ++nonzero;
            changed += d > 24;
            if (positive ? v >= 0.5 * limit : std::abs(v) >= 0.5 * limit) {
                sum += d;
                ++out.strong;
            }
        }
    out.strongDifference = out.strong ? sum / out.strong : 0.0;
    out.coverage = nonzero ? double(changed) / nonzero : 0.0;
    return out;
}

} // namespace

class TestMapsShow : public QObject {
    Q_OBJECT

private slots:
    void defaultsShowMaps()
    {
        const render::OverlayStyle style;
        QVERIFY2(!style.fade, "fading weak values is a choice, not the default");
        QVERIFY(style.greyBase);
        QCOMPARE(style.sign, render::Sign::Auto);
    }

    void everyMethod_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("method");
        for (const char* model : {"fmnist", "ziletti"})
            for (const auto& spec : explain::methods()) {
                if (spec.name == "optimal-input" || spec.name == "composite")
                    continue; // an input image, and per-class means over a data set: other views
                QTest::newRow((std::string(model) + " " + spec.name).c_str())
                    << QString(model) << QString::fromStdString(spec.name);
            }
    }

    void everyMethod()
    {
        QFETCH(QString, model);
        QFETCH(QString, method);
        const QString modelPath =
            model == "fmnist" ? QStringLiteral(LANTERN_DEMO_DIR "/fmnist_cnn.onnx") : shared("torch/ziletti_cnn.onnx");
        if (model == "ziletti" && (test::sharedDataDir().empty() || !QFile::exists(modelPath)))
            QSKIP("shared data not found (set LANTERN_SHARED_DATA): needs torch/ziletti_cnn.onnx");
        static std::map<QString, Model> models;
        if (!models.count(model))
            models.emplace(model, loadModel(modelPath.toStdString()));
        Model& m = models.at(model);
        Tensor x;
        if (model == "fmnist") {
            if (test::sharedDataDir().empty())
                QSKIP("shared data not found (set LANTERN_SHARED_DATA): needs torch/fmnist_cnn_refs.h5");
            x = io::readHdf5Dataset(shared("torch/fmnist_cnn_refs.h5").toStdString(), "input").slice(0, 3).clone();
        } else {
            x = test::randomTensor({3, 3, 64, 64}, 5, 0.f, 1.f); // random RGB samples, as a new user tries first
        }
        explain::ExplainRequest r;
        r.method = method.toStdString();
        r.params = {{"samples", "8"}}; // keeps smoothgrad quick; other methods reject unknown keys
        if (method != "smoothgrad")
            r.params.clear();
        const explain::Explanation e = explain::explain(m, x, r);
        int shown = 0;
        for (int64_t i = 0; i < x.dim(0); ++i) {
            const QImage base = render::sampleImage(x.slice(i, i + 1), m.inputLayout);
            const render::ScalarMap map = app::mainMap(e, i, m.inputLayout);
            const Visibility v = visibility(base, map, render::OverlayStyle{});
            if (v.strong == 0)
                continue; // an all-zero map (e.g. deep Taylor of a negative logit): nothing to show
            QVERIFY2(v.strongDifference >= 48,
                     qPrintable(QString("sample %1: the map changes its strongest pixels by only %2 of 255")
                                    .arg(i)
                                    .arg(v.strongDifference)));
            QVERIFY2(v.coverage >= 0.8, qPrintable(QString("sample %1: only %2 % of the map's clear values are "
                                                           "visible over the input")
                                                       .arg(i)
                                                       .arg(100 * v.coverage, 0, 'f', 1)));
            ++shown;
        }
        QVERIFY2(shown > 0, "the method gave an all-zero map for every sample");
    }
};

QTEST_MAIN(TestMapsShow)
#include "test_maps_show.moc"
