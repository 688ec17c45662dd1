// CurvePlot: 1-2-5 tick steps, ranges that follow the data or stay fixed, and a rendered series that passes
// through the pixels its values map to (and nowhere else), with a cursor where it was put.

#include "lantern/widgets/curve_plot.h"

#include <QImage>
#include <QtTest>

#include <cmath>

using lantern::widgets::CurvePlot;
using lantern::widgets::CurveSeries;

namespace {

const QColor kSeries(200, 30, 40);

bool colourNear(const QImage& image, QPointF at, const QColor& colour, int radius = 2)
{
    for (int dy = -radius; dy <= radius; ++dy)
        for (int dx = -radius; dx <= radius; ++dx) {
            const QPoint p(qRound(at.x()) + dx, qRound(at.y()) + dy);
            if (!image.rect().contains(p))
                continue;
            const QColor c = image.pixelColor(p);
            if (std::abs(c.red() - colour.red()) < 40 && std::abs(c.green() - colour.green()) < 40 &&
                std::abs(c.blue() - colour.blue()) < 40)
                return true;
        }
    return false;
}

QImage render(CurvePlot& plot)
{
    plot.resize(400, 240);
    QImage image(plot.size(), QImage::Format_ARGB32);
    image.fill(Qt::white);
    plot.render(&image);
    return image;
}

} // namespace

class TestCurvePlot : public QObject {
    Q_OBJECT

private slots:
    void ticks_data()
    {
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::addColumn<int>("count");
        QTest::addColumn<QList<double>>("expected");
        QTest::newRow("probability") << 0.0 << 1.0 << 4 << QList<double>{0, 0.5, 1};
        QTest::newRow("iterations") << 0.0 << 300.0 << 5 << QList<double>{0, 100, 200, 300};
        QTest::newRow("offset") << 3.0 << 17.0 << 3 << QList<double>{5, 10, 15};
        QTest::newRow("negative") << -1.0 << 1.0 << 4 << QList<double>{-1, -0.5, 0, 0.5, 1};
        QTest::newRow("small") << 0.0 << 0.003 << 3 << QList<double>{0, 0.001, 0.002, 0.003};
        QTest::newRow("empty range") << 2.0 << 2.0 << 5 << QList<double>{2};
    }

    void ticks()
    {
        QFETCH(double, lo);
        QFETCH(double, hi);
        QFETCH(int, count);
        QFETCH(QList<double>, expected);
        const auto got = CurvePlot::ticks(lo, hi, count);
        QCOMPARE(static_cast<qsizetype>(got.size()), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i)
            QVERIFY2(std::abs(got[static_cast<size_t>(i)] - expected[i]) < 1e-9,
                     qPrintable(
                         QStringLiteral("tick %1: %2 vs %3").arg(i).arg(got[static_cast<size_t>(i)]).arg(expected[i])));
    }

    void rangesFollowDataOrStayFixed()
    {
        CurvePlot plot;
        QCOMPARE(plot.xRange(), std::make_pair(0.0, 1.0)); // nothing yet
        plot.append(0, 0, 0.2);
        plot.append(0, 50, 0.6);
        plot.append(0, 100, NAN); // a non-finite value is skipped for the range
        QCOMPARE(plot.xRange(), std::make_pair(0.0, 100.0));
        const auto [ylo, yhi] = plot.yRange();
        QVERIFY(ylo < 0.2 && ylo > 0.15);
        QVERIFY(yhi > 0.6 && yhi < 0.65);
        plot.setYRange(std::make_pair(0.0, 1.0));
        plot.setXRange(std::make_pair(0.0, 200.0));
        QCOMPARE(plot.yRange(), std::make_pair(0.0, 1.0));
        QCOMPARE(plot.xRange(), std::make_pair(0.0, 200.0));
        plot.clear();
        QCOMPARE(plot.series().size(), size_t(1));
        QVERIFY(plot.series()[0].x.empty());
    }

    void seriesDrawnWhereValuesMap()
    {
        CurvePlot plot;
        plot.setAxisTitles(QStringLiteral("iteration"), QStringLiteral("probability"));
        plot.setYRange(std::make_pair(0.0, 1.0));
        plot.setXRange(std::make_pair(0.0, 100.0));
        plot.setSeries({{QStringLiteral("p"), kSeries, {0, 50}, {0.1, 0.9}}});
        const QImage image = render(plot);
        const QRectF r = plot.plotRect();
        QVERIFY(r.width() > 300 && r.height() > 120);
        auto at = [&](double x, double y) {
            return QPointF(r.left() + x / 100 * r.width(), r.bottom() - y * r.height());
        };
        // on the segment from (0, 0.1) to (50, 0.9) ...
        QVERIFY(colourNear(image, at(0, 0.1), kSeries));
        QVERIFY(colourNear(image, at(25, 0.5), kSeries));
        QVERIFY(colourNear(image, at(50, 0.9), kSeries));
        // ... and not beyond its last point or mirrored
        QVERIFY(!colourNear(image, at(75, 0.9), kSeries, 4));
        QVERIFY(!colourNear(image, at(25, 0.9), kSeries, 4));
        // the axis titles and tick labels took room on the left and at the bottom
        QVERIFY(r.left() > plot.fontMetrics().height());
        QVERIFY(plot.height() - r.bottom() > 1.5 * plot.fontMetrics().height());
    }

    /// Every label is inside the widget at its minimum size: the last x tick centred under the right edge and the
    /// rotated y title along the plot's height (a panel squeezed it to "obabili" once).
    void labelsFitAtMinimumSize()
    {
        CurvePlot plot;
        plot.setAxisTitles(QStringLiteral("iteration"), QStringLiteral("probability"));
        plot.setXRange(std::make_pair(0.0, 400.0));
        plot.setYRange(std::make_pair(0.0, 1.0));
        plot.resize(plot.minimumSizeHint().expandedTo(QSize(300, 0)));
        const QRectF r = plot.plotRect();
        const QFontMetricsF fm(plot.font());
        QVERIFY(r.right() + fm.horizontalAdvance(QStringLiteral("400")) / 2 <= plot.width());
        QVERIFY2(r.height() >= fm.horizontalAdvance(QStringLiteral("probability")),
                 qPrintable(QStringLiteral("%1 px for the y title").arg(r.height())));
    }

    void cursorAtItsValue()
    {
        CurvePlot plot;
        plot.setXRange(std::make_pair(0.0, 10.0));
        plot.setYRange(std::make_pair(0.0, 1.0));
        const QColor highlight = plot.palette().color(QPalette::Highlight);
        QImage without = render(plot);
        plot.setCursor(7.5);
        QImage with = render(plot);
        const QRectF r = plot.plotRect();
        const QPointF mid(r.left() + 0.75 * r.width(), r.center().y());
        QVERIFY(!colourNear(without, mid, highlight, 1));
        QVERIFY(colourNear(with, mid, highlight, 1));
        plot.setCursor(std::nullopt);
        QVERIFY(!colourNear(render(plot), mid, highlight, 1));
    }
};

QTEST_MAIN(TestCurvePlot)
#include "test_curve_plot.moc"
