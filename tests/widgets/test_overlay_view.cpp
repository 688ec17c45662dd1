// OverlayView: the exported image equals render::composeOverlay pixel for pixel, placement is aspect-correct
// and centred, hovering reports the map pixel and value under the mouse, categorical maps and the busy veil.

#include "lantern/render/colormap.h"
#include "lantern/render/scalar_map.h"
#include "lantern/widgets/overlay_view.h"

#include <QSignalSpy>
#include <QtTest>

#include <cmath>

using namespace lantern;

namespace {

render::ScalarMap waveMap(int width, int height)
{
    render::ScalarMap map;
    map.width = width;
    map.height = height;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            map.values.push_back(static_cast<float>(std::sin(x / 4.0) * std::cos(y / 5.0) + 0.01 * x));
    return map;
}

QImage baseImage(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const int grey = (x * 255 / std::max(1, width - 1) + y * 97) % 256;
            image.setPixel(x, y, qRgb(grey, grey, grey));
        }
    return image;
}

} // namespace

class TestOverlayView : public QObject {
    Q_OBJECT

private slots:
    void grabMatchesComposeOverlay_data();
    void grabMatchesComposeOverlay();
    void grabScalesNearest();
    void placementIsAspectCorrect_data();
    void placementIsAspectCorrect();
    void hoverReportsPixelAndValue_data();
    void hoverReportsPixelAndValue();
    void categoricalAndClear();
    void busyVeilOnlyOnScreen();
    void saveScreenshots();
};

void TestOverlayView::grabMatchesComposeOverlay_data()
{
    QTest::addColumn<QString>("colormap");
    QTest::addColumn<int>("sign");
    QTest::addColumn<double>("opacity");
    QTest::addColumn<bool>("withBase");
    QTest::newRow("auto-all-base") << "auto" << int(render::Sign::All) << 0.65 << true;
    QTest::newRow("viridis-positive-base") << "viridis" << int(render::Sign::Positive) << 0.5 << true;
    QTest::newRow("auto-negative-nobase") << "auto" << int(render::Sign::Negative) << 1.0 << false;
    QTest::newRow("inferno-absolute-base") << "inferno" << int(render::Sign::Absolute) << 0.3 << true;
}

void TestOverlayView::grabMatchesComposeOverlay()
{
    QFETCH(QString, colormap);
    QFETCH(int, sign);
    QFETCH(double, opacity);
    QFETCH(bool, withBase);
    const render::ScalarMap map = waveMap(24, 17);
    const QImage base = withBase ? baseImage(48, 34) : QImage();
    render::OverlayStyle style;
    style.colormap = colormap;
    style.sign = static_cast<render::Sign>(sign);
    style.opacity = opacity;
    style.clipPercentile = 98;

    widgets::OverlayView view;
    view.setBase(base);
    view.setMap(map);
    view.setStyle(style);
    const render::MapRange expectedRange = render::mapRange(map, style.sign, style.clipPercentile);
    QCOMPARE(view.range().lo, expectedRange.lo);
    QCOMPARE(view.range().hi, expectedRange.hi);

    const QImage expected =
        render::composeOverlay(base, map, style, expectedRange).convertToFormat(QImage::Format_ARGB32);
    const QImage grabbed = view.grabImage(1).convertToFormat(QImage::Format_ARGB32);
    QCOMPARE(grabbed.size(), QSize(24, 17));
    QCOMPARE(grabbed, expected);
}

void TestOverlayView::grabScalesNearest()
{
    widgets::OverlayView view;
    view.setBase(baseImage(10, 6));
    view.setMap(waveMap(10, 6));
    const QImage one = view.grabImage(1);
    const QImage four = view.grabImage(4);
    QCOMPARE(four.size(), QSize(40, 24));
    for (int y = 0; y < 24; ++y)
        for (int x = 0; x < 40; ++x)
            QCOMPARE(four.pixel(x, y), one.pixel(x / 4, y / 4));
}

void TestOverlayView::placementIsAspectCorrect_data()
{
    // The view has a 4 px margin; the image is the largest rect with the map's aspect ratio, centred.
    QTest::addColumn<QSize>("widgetSize");
    QTest::addColumn<QSize>("mapSize");
    QTest::addColumn<QRectF>("expected");
    QTest::newRow("wide map, tall widget") << QSize(208, 308) << QSize(8, 4) << QRectF(4, 104, 200, 100);
    QTest::newRow("tall map, wide widget") << QSize(408, 208) << QSize(10, 20) << QRectF(154, 4, 100, 200);
    QTest::newRow("square exact") << QSize(108, 108) << QSize(25, 25) << QRectF(4, 4, 100, 100);
    QTest::newRow("downscale") << QSize(58, 108) << QSize(500, 250) << QRectF(4, 41.5, 50, 25);
}

void TestOverlayView::placementIsAspectCorrect()
{
    QFETCH(QSize, widgetSize);
    QFETCH(QSize, mapSize);
    QFETCH(QRectF, expected);
    widgets::OverlayView view;
    view.resize(widgetSize);
    view.setMap(waveMap(mapSize.width(), mapSize.height()));
    // Edges snap to device pixels: within half a pixel of the exact centred rect.
    const QRectF actual = view.imageRect();
    QCOMPARE(actual.size(), expected.size());
    QVERIFY2(std::abs(actual.x() - expected.x()) <= 0.5 && std::abs(actual.y() - expected.y()) <= 0.5,
             qPrintable(QStringLiteral("image at (%1, %2)").arg(actual.x()).arg(actual.y())));
    // The title takes a line above the image, which stays centred in the rest.
    view.setTitle(QStringLiteral("conv2"));
    QVERIFY(view.imageRect().top() >= 4 + view.fontMetrics().height());
    QVERIFY(view.imageRect().height() <= expected.height());
}

void TestOverlayView::hoverReportsPixelAndValue_data()
{
    QTest::addColumn<int>("x");
    QTest::addColumn<int>("y");
    QTest::newRow("origin") << 0 << 0;
    QTest::newRow("middle") << 5 << 2;
    QTest::newRow("last") << 7 << 3;
}

void TestOverlayView::hoverReportsPixelAndValue()
{
    QFETCH(int, x);
    QFETCH(int, y);
    const render::ScalarMap map = waveMap(8, 4);
    widgets::OverlayView view;
    view.resize(208, 308); // image at (4, 104) 200 × 100: 25 px per map pixel
    view.setMap(map);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.imageRect(), QRectF(4, 104, 200, 100));

    QSignalSpy hovered(&view, &widgets::OverlayView::hovered);
    QSignalSpy left(&view, &widgets::OverlayView::hoverLeft);
    QTest::mouseMove(&view, QPoint(4 + 25 * x + 12, 104 + 25 * y + 12));
    QTRY_COMPARE(hovered.count(), 1);
    QCOMPARE(hovered[0][0].toInt(), x);
    QCOMPARE(hovered[0][1].toInt(), y);
    QCOMPARE(hovered[0][2].toFloat(), map.at(x, y));
    QCOMPARE(left.count(), 0);

    QTest::mouseMove(&view, QPoint(100, 50)); // above the image
    QTRY_COMPARE(left.count(), 1);
    QCOMPARE(hovered.count(), 1);
}

void TestOverlayView::categoricalAndClear()
{
    QImage classes(6, 3, QImage::Format_ARGB32);
    classes.fill(qRgb(255, 0, 0));
    widgets::OverlayView view;
    view.setBase(baseImage(12, 6));
    QCOMPARE(view.grabImage(1).size(), QSize(12, 6));
    render::OverlayStyle style;
    style.opacity = 1.0;
    view.setStyle(style);
    view.setCategorical(classes);
    const QImage shown = view.grabImage(1);
    QCOMPARE(shown.size(), QSize(6, 3));
    QCOMPARE(shown.pixel(2, 1), qRgb(255, 0, 0));
    view.setCategorical({});
    QCOMPARE(view.grabImage(1).size(), QSize(12, 6));
    view.setBase({});
    QVERIFY(view.grabImage(1).isNull());
}

void TestOverlayView::busyVeilOnlyOnScreen()
{
    widgets::OverlayView view;
    view.resize(200, 200);
    view.setBase(baseImage(20, 20));
    view.setMap(waveMap(20, 20));
    const QImage before = view.grab().toImage();
    const QImage exported = view.grabImage(2);
    view.setBusy(true, QStringLiteral("Computing LRP-ε…"));
    QVERIFY(view.isBusy());
    QVERIFY(view.grab().toImage() != before);
    QCOMPARE(view.grabImage(2), exported);
    view.setBusy(false);
    QCOMPARE(view.grab().toImage(), before);
}

void TestOverlayView::saveScreenshots()
{
    widgets::OverlayView view;
    view.resize(320, 340);
    view.setTitle(QStringLiteral("LRP-ε · class 3"));
    view.setBase(baseImage(28, 28));
    view.setMap(waveMap(28, 28));
    render::OverlayStyle style;
    style.contourLevels = 4;
    view.setStyle(style);
    QVERIFY(view.grab().save(QStringLiteral("/tmp/widgets-overlay.png")));
    QVERIFY(view.grabImage(8).save(QStringLiteral("/tmp/widgets-overlay-export.png")));
    view.setBusy(true);
    QVERIFY(view.grab().save(QStringLiteral("/tmp/widgets-overlay-busy.png")));
    widgets::OverlayView empty;
    empty.resize(240, 160);
    empty.setPlaceholder(QStringLiteral("Open a sample to start"));
    QVERIFY(empty.grab().save(QStringLiteral("/tmp/widgets-overlay-placeholder.png")));
}

QTEST_MAIN(TestOverlayView)
#include "test_overlay_view.moc"
