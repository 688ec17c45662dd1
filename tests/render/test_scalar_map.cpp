// Scalar maps: reduction of samples in every layout to (H, W), display ranges per sign with percentile
// clipping, colourisation, overlay blending against hand-computed values and marching-squares contours.
#include "lantern/error.h"
#include "lantern/render/colormap.h"
#include "lantern/render/scalar_map.h"

#include <QtTest>

#include <cmath>

using namespace lantern;
using namespace lantern::render;

namespace {

Tensor iota(Shape shape)
{
    Tensor t(shape);
    for (int64_t i = 0; i < t.size(); ++i)
        t[i] = static_cast<float>(i);
    return t;
}

ScalarMap row(std::vector<float> values)
{
    ScalarMap m;
    m.width = static_cast<int>(values.size());
    m.height = 1;
    m.values = std::move(values);
    return m;
}

} // namespace

using Floats = std::vector<float>;
Q_DECLARE_METATYPE(Floats)
Q_DECLARE_METATYPE(lantern::Shape)

class TestScalarMap : public QObject {
    Q_OBJECT

private slots:
    void layouts_data()
    {
        QTest::addColumn<Shape>("shape");
        QTest::addColumn<QString>("layout");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<Floats>("expected");
        // iota values; channel sums worked out by hand.
        QTest::newRow("NCHW batch") << Shape{1, 2, 2, 3} << "NCHW" << 3 << 2 << Floats{6, 8, 10, 12, 14, 16};
        QTest::newRow("CHW") << Shape{2, 2, 3} << "NCHW" << 3 << 2 << Floats{6, 8, 10, 12, 14, 16};
        QTest::newRow("NHWC batch") << Shape{1, 2, 3, 2} << "NHWC" << 3 << 2 << Floats{1, 5, 9, 13, 17, 21};
        QTest::newRow("HWC") << Shape{2, 3, 2} << "NHWC" << 3 << 2 << Floats{1, 5, 9, 13, 17, 21};
        QTest::newRow("HW") << Shape{2, 3} << "NCHW" << 3 << 2 << Floats{0, 1, 2, 3, 4, 5};
        QTest::newRow("L") << Shape{4} << "NC" << 4 << 1 << Floats{0, 1, 2, 3};
        QTest::newRow("CL") << Shape{2, 3} << "NC" << 3 << 1 << Floats{3, 5, 7};
        QTest::newRow("NCL batch") << Shape{1, 2, 3} << "NC" << 3 << 1 << Floats{3, 5, 7};
        QTest::newRow("LC") << Shape{3, 2} << "NWC" << 3 << 1 << Floats{1, 5, 9};
    }
    void layouts()
    {
        QFETCH(Shape, shape);
        QFETCH(QString, layout);
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(Floats, expected);
        const ScalarMap m = toScalarMap(iota(shape), layout.toStdString());
        QCOMPARE(m.width, width);
        QCOMPARE(m.height, height);
        QCOMPARE(m.values, expected);
    }

    void badShapes_data()
    {
        QTest::addColumn<Shape>("shape");
        QTest::newRow("batch 2") << Shape{2, 1, 3, 3};
        QTest::newRow("rank 5") << Shape{1, 1, 1, 3, 3};
        QTest::newRow("zero width") << Shape{1, 3, 0};
    }
    void badShapes()
    {
        QFETCH(Shape, shape);
        Tensor t(shape);
        QVERIFY_THROWS_EXCEPTION(ShapeError, toScalarMap(t, "NCHW"));
        QVERIFY_THROWS_EXCEPTION(ShapeError, toScalarMap(Tensor(), "NCHW"));
    }

    void ranges_data()
    {
        QTest::addColumn<QString>("sign");
        QTest::addColumn<double>("percentile");
        QTest::addColumn<float>("lo");
        QTest::addColumn<float>("hi");
        // values -4..5; numpy.percentile (linear) of the shown magnitudes.
        QTest::newRow("all 100") << "all" << 100.0 << -5.0f << 5.0f;
        QTest::newRow("positive 100") << "positive" << 100.0 << 0.0f << 5.0f;
        QTest::newRow("negative 100") << "negative" << 100.0 << 0.0f << 4.0f;
        QTest::newRow("absolute 100") << "absolute" << 100.0 << 0.0f << 5.0f;
        QTest::newRow("all 50") << "all" << 50.0 << -2.5f << 2.5f;          // |v| sorted 0 1 1 2 2 3 3 4 4 5
        QTest::newRow("positive 50") << "positive" << 50.0 << 0.0f << 3.0f; // 1 2 3 4 5
        QTest::newRow("negative 50") << "negative" << 50.0 << 0.0f << 2.5f; // 1 2 3 4
        QTest::newRow("absolute 90") << "absolute" << 90.0 << 0.0f << 4.1f; // pos 8.1 between 4 and 5
    }
    void ranges()
    {
        QFETCH(QString, sign);
        QFETCH(double, percentile);
        QFETCH(float, lo);
        QFETCH(float, hi);
        const ScalarMap m = row({-4, -3, -2, -1, 0, 1, 2, 3, 4, 5});
        const MapRange r = mapRange(m, signFromName(sign), percentile);
        QVERIFY2(std::abs(r.lo - lo) < 1e-5f && std::abs(r.hi - hi) < 1e-5f,
                 qPrintable(QString("got [%1, %2]").arg(r.lo).arg(r.hi)));
    }

    void rangeEdgeCases()
    {
        const ScalarMap zero = row({0, 0, 0});
        QCOMPARE(mapRange(zero, Sign::All, 99.5).hi, 1.0f);
        QCOMPARE(mapRange(zero, Sign::All, 99.5).lo, -1.0f);
        QCOMPARE(mapRange(zero, Sign::Positive, 99.5).lo, 0.0f);
        QCOMPARE(mapRange(zero, Sign::Positive, 99.5).hi, 1.0f);
        // Negative-only map shown as positive: nothing to show.
        QCOMPARE(mapRange(row({-1, -2}), Sign::Positive, 100).hi, 1.0f);
        // Shared range over two maps.
        const ScalarMap a = row({1, -2}), b = row({3, 0.5f});
        const MapRange shared = mapRange(std::vector<const ScalarMap*>{&a, &b}, Sign::All, 100);
        QCOMPARE(shared.hi, 3.0f);
        QCOMPARE(shared.lo, -3.0f);
    }

    void signNames()
    {
        for (Sign s : {Sign::All, Sign::Positive, Sign::Negative, Sign::Absolute})
            QCOMPARE(signFromName(signName(s)), s);
        QCOMPARE(signName(Sign::Absolute), QStringLiteral("absolute"));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, signFromName("both"));
    }

    void colorizeBySign_data()
    {
        QTest::addColumn<QString>("sign");
        QTest::addColumn<QList<int>>("alphas"); // for values -1, 0, 1
        QTest::newRow("all") << "all" << QList<int>{255, 255, 255};
        QTest::newRow("positive") << "positive" << QList<int>{0, 0, 255};
        QTest::newRow("negative") << "negative" << QList<int>{255, 0, 0};
        QTest::newRow("absolute") << "absolute" << QList<int>{255, 255, 255};
    }
    void colorizeBySign()
    {
        QFETCH(QString, sign);
        QFETCH(QList<int>, alphas);
        const Sign s = signFromName(sign);
        const Colormap& cmap = colormap("viridis");
        const MapRange range = s == Sign::All ? MapRange{-1, 1} : MapRange{0, 1};
        const QImage img = colorize(row({-1, 0, 1}), cmap, s, range);
        QCOMPARE(img.size(), QSize(3, 1));
        for (int x = 0; x < 3; ++x)
            QCOMPARE(qAlpha(img.pixel(x, 0)), alphas[x]);
        if (s == Sign::All) {
            QCOMPARE(img.pixel(0, 0), cmap.map(0));
            QCOMPARE(img.pixel(1, 0), cmap.map(0.5));
            QCOMPARE(img.pixel(2, 0), cmap.map(1));
        }
        if (s == Sign::Negative) // magnitude 1 at the top of the sequential map
            QCOMPARE(img.pixel(0, 0), cmap.map(1));
        if (s == Sign::Absolute)
            QCOMPARE(img.pixel(0, 0), img.pixel(2, 0));
    }

    void composeOverlayBlend_data()
    {
        QTest::addColumn<double>("opacity");
        QTest::addColumn<QColor>("first");
        QTest::addColumn<QColor>("second");
        // base (10, 20, 30), (200, 100, 50); map 1 → gray(1) = white, map -1 transparent under "positive".
        QTest::newRow("opacity 0") << 0.0 << QColor(10, 20, 30) << QColor(200, 100, 50);
        QTest::newRow("opacity 1") << 1.0 << QColor(255, 255, 255) << QColor(200, 100, 50);
        // 10 + 0.5 * (255 - 10) = 132.5 → 133, 20 + 117.5 → 138, 30 + 112.5 → 143
        QTest::newRow("opacity 0.5") << 0.5 << QColor(133, 138, 143) << QColor(200, 100, 50);
    }
    void composeOverlayBlend()
    {
        QFETCH(double, opacity);
        QFETCH(QColor, first);
        QFETCH(QColor, second);
        QImage base(2, 1, QImage::Format_RGB32);
        base.setPixel(0, 0, qRgb(10, 20, 30));
        base.setPixel(1, 0, qRgb(200, 100, 50));
        OverlayStyle style;
        style.colormap = "gray";
        style.sign = Sign::Positive;
        style.opacity = opacity;
        style.greyBase = false;
        const QImage out = composeOverlay(base, row({1, -1}), style, {0, 1});
        QCOMPARE(out.size(), QSize(2, 1));
        QCOMPARE(QColor(out.pixel(0, 0)), first);
        QCOMPARE(QColor(out.pixel(1, 0)), second);
        // the default draws the input in grey (qGray: (11 r + 16 g + 5 b) / 32, into 32..208) under the map
        style.greyBase = true;
        const QImage grey = composeOverlay(base, row({1, -1}), style, {0, 1});
        const int g = 32 + (qGray(200, 100, 50) * 176 + 127) / 255;
        QCOMPARE(QColor(grey.pixel(1, 0)), QColor(g, g, g));
    }

    /// Sign::Auto (the default): a map without negative values is shown as positive magnitudes on a sequential
    /// colormap with a one-sided range; anything signed keeps both signs on the diverging one.
    void autoSign()
    {
        const ScalarMap positive = row({0, 1, 3}), signedMap = row({-1, 0, 2}), zero = row({0, 0, 0});
        QCOMPARE(resolveSign(positive, Sign::Auto), Sign::Positive);
        QCOMPARE(resolveSign(signedMap, Sign::Auto), Sign::All);
        QCOMPARE(resolveSign(zero, Sign::Auto), Sign::All);
        QCOMPARE(resolveSign(positive, Sign::Negative), Sign::Negative); // a chosen sign stays
        QCOMPARE(resolveSign(std::vector<const ScalarMap*>{&positive, &signedMap}, Sign::Auto), Sign::All);
        QCOMPARE(mapRange(positive, Sign::Auto, 100).lo, 0.f);
        QCOMPARE(mapRange(positive, Sign::Auto, 100).hi, 3.f);
        QCOMPARE(mapRange(signedMap, Sign::Auto, 100).lo, -2.f);
        OverlayStyle style;
        QCOMPARE(style.sign, Sign::Auto);
        QCOMPARE(resolveColormap(style, Sign::Positive).name(), QStringLiteral("Reds"));
        QCOMPARE(resolveColormap(style, Sign::Negative).name(), QStringLiteral("Blues"));
        QCOMPARE(resolveColormap(style, Sign::All).name(), QStringLiteral("RdBu_r"));
        style.colormap = "viridis";
        QCOMPARE(resolveColormap(style, Sign::Positive).name(), QStringLiteral("viridis"));
        QCOMPARE(signFromName("auto"), Sign::Auto);
        // zeros of a non-negative map stay transparent, its maximum gets the darkest red
        const QImage img = colorize(positive, colormap("Reds"), Sign::Auto, {0, 3});
        QCOMPARE(qAlpha(img.pixel(0, 0)), 0);
        QCOMPARE(img.pixel(2, 0), colormap("Reds").map(1));
    }

    void composeOverlayScalesBase()
    {
        QImage base(1, 1, QImage::Format_RGB32);
        base.setPixel(0, 0, qRgb(40, 80, 120));
        ScalarMap m;
        m.width = 3;
        m.height = 2;
        m.values = {0, 0, 0, 0, 0, 0};
        OverlayStyle style;
        style.sign = Sign::Positive; // zeros are transparent: the base shows everywhere
        style.greyBase = false;
        const QImage out = composeOverlay(base, m, style, {0, 1});
        QCOMPARE(out.size(), QSize(3, 2));
        QCOMPARE(QColor(out.pixel(2, 1)), QColor(40, 80, 120));
        // No base: white underneath; "auto" with All is RdBu_r, value 0 is its middle.
        style.sign = Sign::All;
        style.opacity = 1;
        style.fade = false;
        const QImage alone = composeOverlay(QImage(), m, style, {-1, 1});
        QCOMPARE(alone.pixel(0, 0), colormap("RdBu_r").map(0.5));
    }

    void fadeScalesAlphaWithMagnitude()
    {
        // range ±4: |v| = 0, 1, 4 → alpha 0, 255·sqrt(1/4) = 128, 255
        const QImage img = colorize(row({0, -1, 4}), colormap("RdBu_r"), Sign::All, {-4, 4}, true);
        QCOMPARE(qAlpha(img.pixel(0, 0)), 0);
        QCOMPARE(qAlpha(img.pixel(1, 0)), 128);
        QCOMPARE(qAlpha(img.pixel(2, 0)), 255);
        QCOMPARE(
            qRgb(qRed(img.pixel(2, 0)), qGreen(img.pixel(2, 0)), qBlue(img.pixel(2, 0))),
            qRgb(qRed(colormap("RdBu_r").map(1)), qGreen(colormap("RdBu_r").map(1)), qBlue(colormap("RdBu_r").map(1))));
    }

    void sampleImages()
    {
        Tensor rgb({3, 1, 2}, {0, 1, 2, 3, 4, 5}); // global min-max 0..5
        const QImage img = sampleImage(rgb, "NCHW");
        QCOMPARE(img.size(), QSize(2, 1));
        QCOMPARE(QColor(img.pixel(0, 0)), QColor(0, 102, 204));
        QCOMPARE(QColor(img.pixel(1, 0)), QColor(51, 153, 255));
        const QImage grey = sampleImage(Tensor({1, 1, 2}, {-1, 1}), "NCHW");
        QCOMPARE(QColor(grey.pixel(0, 0)), QColor(0, 0, 0));
        QCOMPARE(QColor(grey.pixel(1, 0)), QColor(255, 255, 255));
    }

    void contourOfRadialBump()
    {
        const int n = 41;
        const double sigma = 6, c = 20;
        ScalarMap m;
        m.width = m.height = n;
        for (int y = 0; y < n; ++y)
            for (int x = 0; x < n; ++x)
                m.values.push_back(float(std::exp(-((x - c) * (x - c) + (y - c) * (y - c)) / (2 * sigma * sigma))));
        // One level in [0, 1]: 0.5, radius sigma * sqrt(2 ln 2) around the centre pixel (20.5, 20.5).
        const auto paths = contourPaths(m, Sign::Positive, {0, 1}, 1);
        QCOMPARE(int(paths.size()), 1);
        const QPainterPath& p = paths[0];
        const double radius = sigma * std::sqrt(2 * std::log(2.0));
        int moves = 0;
        for (int i = 0; i < p.elementCount(); ++i) {
            const auto e = p.elementAt(i);
            moves += e.isMoveTo();
            const double r = std::hypot(e.x - (c + 0.5), e.y - (c + 0.5));
            QVERIFY2(std::abs(r - radius) < 0.5, qPrintable(QString("r %1 vs %2").arg(r).arg(radius)));
        }
        QCOMPARE(moves, 1);
        QVERIFY(p.elementCount() > 20);
        const auto first = p.elementAt(0), last = p.elementAt(p.elementCount() - 1);
        QCOMPARE(QPointF(last.x, last.y), QPointF(first.x, first.y)); // closed
        // Two levels: two paths, inner one smaller.
        const auto two = contourPaths(m, Sign::Positive, {0, 1}, 2);
        QCOMPARE(int(two.size()), 2);
        QVERIFY(two[1].boundingRect().width() < two[0].boundingRect().width());
        QVERIFY(contourPaths(m, Sign::Positive, {0, 1}, 0).empty());
    }
};

QTEST_GUILESS_MAIN(TestScalarMap)
#include "test_scalar_map.moc"
