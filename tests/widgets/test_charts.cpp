// ColorBar, ClassLegend and ProbabilityChart: they render something real, hit testing of chart rows,
// top-N reduction for many classes and size hints.

#include "lantern/error.h"
#include "lantern/render/colormap.h"
#include "lantern/widgets/class_legend.h"
#include "lantern/widgets/colorbar.h"
#include "lantern/widgets/probability_chart.h"

#include <QSet>
#include <QSignalSpy>
#include <QtTest>

using namespace lantern;

namespace {

int distinctColours(const QImage& image)
{
    QSet<QRgb> colours;
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y)
        for (int x = 0; x < argb.width(); ++x)
            colours.insert(argb.pixel(x, y));
    return static_cast<int>(colours.size());
}

bool containsColour(const QImage& image, QRgb colour)
{
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y)
        for (int x = 0; x < argb.width(); ++x)
            if ((argb.pixel(x, y) & 0xffffff) == (colour & 0xffffff))
                return true;
    return false;
}

render::ProbabilityBars digitBars(int count, int predicted)
{
    render::ProbabilityBars bars;
    for (int c = 0; c < count; ++c) {
        bars.probabilities.push_back(c == predicted ? 0.6f : 0.4f / static_cast<float>(count - 1) * (1 + c % 3) / 2);
        bars.labels.push_back(QStringLiteral("class %1").arg(c));
    }
    bars.predicted = predicted;
    bars.trueLabel = predicted;
    return bars;
}

} // namespace

class TestCharts : public QObject {
    Q_OBJECT

private slots:
    void colorBarRenders_data();
    void colorBarRenders();
    void colorBarUnknownName();
    void classLegendShowsSwatches();
    void chartClickEmitsClass_data();
    void chartClickEmitsClass();
    void chartShowsTopClassesWhenMany();
    void chartHoverHighlightsRow();
    void chartSizeHintFollowsClassCount();
};

void TestCharts::colorBarRenders_data()
{
    QTest::addColumn<int>("orientation");
    QTest::addColumn<QString>("name");
    QTest::addColumn<float>("lo");
    QTest::addColumn<float>("hi");
    QTest::newRow("vertical-auto-signed") << int(Qt::Vertical) << "auto" << -0.25f << 0.25f;
    QTest::newRow("vertical-viridis") << int(Qt::Vertical) << "viridis" << 0.f << 3.5f;
    QTest::newRow("horizontal-coolwarm") << int(Qt::Horizontal) << "coolwarm" << -1.f << 1.f;
}

void TestCharts::colorBarRenders()
{
    QFETCH(int, orientation);
    QFETCH(QString, name);
    QFETCH(float, lo);
    QFETCH(float, hi);
    widgets::ColorBar bar(static_cast<Qt::Orientation>(orientation));
    bar.setColormapName(name);
    bar.setRange({lo, hi});
    bar.setLabel(QStringLiteral("relevance"));
    const render::Colormap& expected = name == "auto" ? render::defaultColormap(lo < 0) : render::colormap(name);
    QCOMPARE(bar.colormap().name(), expected.name());
    const QSize hint = bar.sizeHint();
    if (orientation == Qt::Vertical)
        QVERIFY(hint.height() > hint.width());
    else
        QVERIFY(hint.width() > hint.height());
    bar.resize(hint);
    const QImage image = bar.grab().toImage();
    QVERIFY2(distinctColours(image) > 20, "a gradient has many colours");
    const QString tag = QString::fromLatin1(QTest::currentDataTag());
    QVERIFY(image.save(QStringLiteral("/tmp/widgets-colorbar-%1.png").arg(tag)));
}

void TestCharts::colorBarUnknownName()
{
    widgets::ColorBar bar;
    QVERIFY_THROWS_EXCEPTION(lantern::ArgumentError, bar.setColormapName(QStringLiteral("no-such-map")));
}

void TestCharts::classLegendShowsSwatches()
{
    const std::vector<QColor> colors = render::classColors(10);
    QStringList labels;
    for (int c = 0; c < 10; ++c)
        labels << QStringLiteral("digit %1").arg(c);
    widgets::ClassLegend legend;
    legend.setClasses(colors, labels);
    QCOMPARE(legend.labels().size(), 10);
    QVERIFY(legend.heightForWidth(150) > legend.heightForWidth(600)); // narrower wraps into more rows
    legend.resize(360, legend.heightForWidth(360));
    const QImage image = legend.grab().toImage();
    QVERIFY(distinctColours(image) > 10);
    for (const QColor& colour : colors)
        QVERIFY2(containsColour(image, colour.rgb()), qPrintable(colour.name()));
    QVERIFY(image.save(QStringLiteral("/tmp/widgets-legend.png")));

    legend.setClasses(render::classColors(3), {QStringLiteral("cat")}); // missing labels: indices
    QCOMPARE(legend.labels(), (QStringList{QStringLiteral("cat"), QStringLiteral("1"), QStringLiteral("2")}));
}

void TestCharts::chartClickEmitsClass_data()
{
    QTest::addColumn<int>("classes");
    QTest::addColumn<int>("clicked");
    QTest::newRow("first of 10") << 10 << 0;
    QTest::newRow("7 of 10") << 10 << 7;
    QTest::newRow("last of 4") << 4 << 3;
}

void TestCharts::chartClickEmitsClass()
{
    QFETCH(int, classes);
    QFETCH(int, clicked);
    widgets::ProbabilityChart chart;
    chart.setData(digitBars(classes, 2));
    chart.resize(300, chart.sizeHint().height());
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QSignalSpy spy(&chart, &widgets::ProbabilityChart::classClicked);
    const QRectF row = chart.rowRect(clicked);
    QVERIFY(!row.isEmpty());
    QCOMPARE(chart.classAt(row.center()), clicked);
    QTest::mouseClick(&chart, Qt::LeftButton, {}, row.center().toPoint());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy[0][0].toInt(), clicked);
    QCOMPARE(chart.classAt(QPointF(-5, -5)), -1);
    if (clicked == 7)
        QVERIFY(chart.grab().save(QStringLiteral("/tmp/widgets-probabilities.png")));
}

void TestCharts::chartShowsTopClassesWhenMany()
{
    render::ProbabilityBars bars;
    for (int c = 0; c < 100; ++c)
        bars.probabilities.push_back(static_cast<float>((c * 37) % 100) / 5000.f);
    bars.probabilities[42] = 0.5f;
    bars.predicted = 42;
    bars.trueLabel = 0; // probability 0: not in the top 10, listed anyway
    widgets::ProbabilityChart chart;
    chart.setData(bars);
    const std::vector<int>& shown = chart.shownClasses();
    QCOMPARE(shown.size(), size_t(11));
    QCOMPARE(shown.front(), 42);
    QCOMPARE(shown.back(), 0);
    for (size_t i = 2; i + 1 < shown.size(); ++i)
        QVERIFY(bars.probabilities[shown[i - 1]] >= bars.probabilities[shown[i]]);
    QCOMPARE(chart.hiddenCount(), 89);
    QVERIFY(chart.rowRect(50).isEmpty()); // probability 0.01: hidden

    chart.resize(300, chart.sizeHint().height());
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QSignalSpy spy(&chart, &widgets::ProbabilityChart::classClicked);
    QTest::mouseClick(&chart, Qt::LeftButton, {}, chart.rowRect(42).center().toPoint());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy[0][0].toInt(), 42);
    QVERIFY(chart.grab().save(QStringLiteral("/tmp/widgets-probabilities-top.png")));

    chart.clear();
    QVERIFY(chart.shownClasses().empty());
    QCOMPARE(chart.classAt(QPointF(20, 10)), -1);
}

void TestCharts::chartHoverHighlightsRow()
{
    widgets::ProbabilityChart chart;
    chart.setData(digitBars(10, 2));
    chart.resize(300, chart.sizeHint().height());
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QTest::mouseMove(&chart, QPoint(2, 2));
    const QImage plain = chart.grab().toImage();
    const QRectF row = chart.rowRect(5);
    QTest::mouseMove(&chart, row.center().toPoint());
    QTRY_VERIFY(chart.grab().toImage() != plain);
    // Only the hovered row changes.
    const QImage hovered = chart.grab().toImage();
    const qreal dpr = hovered.devicePixelRatio();
    const QRectF other = chart.rowRect(8);
    for (int y = int(other.top() * dpr) + 1; y < int(other.bottom() * dpr) - 1; ++y)
        for (int x = 0; x < hovered.width(); ++x)
            QCOMPARE(hovered.pixel(x, y), plain.pixel(x, y));
    QVERIFY(hovered.save(QStringLiteral("/tmp/widgets-probabilities-hover.png")));
}

void TestCharts::chartSizeHintFollowsClassCount()
{
    widgets::ProbabilityChart chart;
    chart.setData(digitBars(3, 0));
    const int three = chart.sizeHint().height();
    chart.setData(digitBars(10, 0));
    const int ten = chart.sizeHint().height();
    chart.setData(digitBars(1000, 0));
    const int many = chart.sizeHint().height();
    QVERIFY(ten > three);
    QVERIFY(many > ten);     // top 10 plus the "… more" row
    QVERIFY(many < 2 * ten); // but not 1000 rows
}

QTEST_MAIN(TestCharts)
#include "test_charts.moc"
