// MapGrid: cell geometry and clicks, size hints that grow with rows and columns, per-cell or shared ranges,
// uniform column titles as a header.

#include "lantern/widgets/map_grid.h"

#include <QSignalSpy>
#include <QtTest>

#include <cmath>

using namespace lantern;

namespace {

render::ScalarMap scaledMap(int size, float scale)
{
    render::ScalarMap map;
    map.width = size;
    map.height = size;
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x)
            map.values.push_back(scale * static_cast<float>(std::sin(x * 0.7) * std::cos(y * 0.4)));
    return map;
}

QImage greyImage(int size)
{
    QImage image(size, size, QImage::Format_RGB32);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x)
            image.setPixel(x, y, qRgb(8 * x % 256, 8 * x % 256, 8 * x % 256));
    return image;
}

std::vector<std::vector<widgets::MapGridCell>> grid(int rows, int columns, bool uniformTitles = true)
{
    std::vector<std::vector<widgets::MapGridCell>> cells(rows);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < columns; ++c) {
            widgets::MapGridCell cell;
            cell.title = c + 1 == columns ? QStringLiteral("sum") : QStringLiteral("top-%1").arg(c + 1);
            if (!uniformTitles)
                cell.title += QStringLiteral(" r%1").arg(r);
            cell.base = greyImage(16);
            cell.map = scaledMap(16, static_cast<float>(1 + r * columns + c));
            cells[r].push_back(cell);
        }
    return cells;
}

QStringList rowTitles(int rows)
{
    QStringList titles;
    for (int r = 0; r < rows; ++r)
        titles << QStringLiteral("conv%1").arg(r + 1);
    return titles;
}

} // namespace

class TestMapGrid : public QObject {
    Q_OBJECT

private slots:
    void clickEmitsCell_data();
    void clickEmitsCell();
    void sizeHintGrows();
    void rangesPerCellOrShared();
    void screenshot();
};

void TestMapGrid::clickEmitsCell_data()
{
    QTest::addColumn<bool>("uniform");
    QTest::addColumn<int>("cellSize");
    QTest::newRow("header titles, 96 px") << true << 96;
    QTest::newRow("cell captions, 64 px") << false << 64;
}

void TestMapGrid::clickEmitsCell()
{
    QFETCH(bool, uniform);
    QFETCH(int, cellSize);
    widgets::MapGrid mapGrid;
    mapGrid.setCellSize(cellSize);
    mapGrid.setRows(rowTitles(3), grid(3, 4, uniform));
    QCOMPARE(mapGrid.rowCount(), 3);
    QCOMPARE(mapGrid.columnCount(), 4);
    mapGrid.resize(mapGrid.sizeHint());
    mapGrid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&mapGrid));

    const QRectF cell = mapGrid.cellRect(1, 2);
    QCOMPARE(cell.size(), QSizeF(cellSize, cellSize));
    QVERIFY(cell.left() > mapGrid.cellRect(1, 1).right());
    QVERIFY(cell.top() > mapGrid.cellRect(0, 2).bottom());
    QCOMPARE(mapGrid.cellAt(cell.center()), QPoint(2, 1));
    QCOMPARE(mapGrid.cellAt(QPointF(1, 1)), QPoint(-1, -1)); // the margin
    QVERIFY(mapGrid.cellRect(3, 0).isEmpty());

    QSignalSpy spy(&mapGrid, &widgets::MapGrid::cellClicked);
    QTest::mouseClick(&mapGrid, Qt::LeftButton, {}, cell.center().toPoint());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy[0][0].toInt(), 1);
    QCOMPARE(spy[0][1].toInt(), 2);
    // Between cells nothing is clicked.
    QTest::mouseClick(&mapGrid, Qt::LeftButton, {}, QPoint(int(cell.right()) + 3, int(cell.center().y())));
    QCOMPARE(spy.count(), 1);
}

void TestMapGrid::sizeHintGrows()
{
    widgets::MapGrid mapGrid;
    mapGrid.setRows(rowTitles(2), grid(2, 3));
    const QSize small = mapGrid.sizeHint();
    mapGrid.setRows(rowTitles(2), grid(2, 5));
    const QSize wider = mapGrid.sizeHint();
    mapGrid.setRows(rowTitles(4), grid(4, 5));
    const QSize taller = mapGrid.sizeHint();
    QCOMPARE(wider.height(), small.height());
    QCOMPARE(wider.width() - small.width(), 2 * (96 + 8));
    QCOMPARE(taller.width(), wider.width());
    QVERIFY(taller.height() - wider.height() >= 2 * 96);
    QCOMPARE(mapGrid.minimumSizeHint(), taller);
    mapGrid.setCellSize(48);
    QVERIFY(mapGrid.sizeHint().width() < taller.width());
    mapGrid.clear();
    QCOMPARE(mapGrid.rowCount(), 0);
}

void TestMapGrid::rangesPerCellOrShared()
{
    widgets::MapGrid mapGrid;
    render::OverlayStyle style;
    style.clipPercentile = 100;
    mapGrid.setStyle(style);
    const auto cells = grid(2, 3);
    mapGrid.setRows(rowTitles(2), cells);
    // Per cell: each map's own range (maps differ by a scale factor).
    const render::MapRange r00 = mapGrid.cellRange(0, 0), r12 = mapGrid.cellRange(1, 2);
    const render::MapRange e00 = render::mapRange(cells[0][0].map, style.sign, 100);
    QCOMPARE(r00.hi, e00.hi);
    QCOMPARE(r12.hi, render::mapRange(cells[1][2].map, style.sign, 100).hi);
    QVERIFY(r12.hi > 5 * r00.hi);
    // Shared: one range over all maps.
    mapGrid.setSharedRange(true);
    std::vector<const render::ScalarMap*> maps;
    for (const auto& row : cells)
        for (const auto& cell : row)
            maps.push_back(&cell.map);
    const render::MapRange shared = render::mapRange(maps, style.sign, 100);
    for (int r = 0; r < 2; ++r)
        for (int c = 0; c < 3; ++c) {
            QCOMPARE(mapGrid.cellRange(r, c).lo, shared.lo);
            QCOMPARE(mapGrid.cellRange(r, c).hi, shared.hi);
        }
}

void TestMapGrid::screenshot()
{
    widgets::MapGrid mapGrid;
    mapGrid.setRows(rowTitles(3), grid(3, 4));
    mapGrid.resize(mapGrid.sizeHint());
    QVERIFY(mapGrid.grab().save(QStringLiteral("/tmp/widgets-mapgrid.png")));
    mapGrid.setRows(rowTitles(2), grid(2, 3, false));
    mapGrid.resize(mapGrid.sizeHint());
    QVERIFY(mapGrid.grab().save(QStringLiteral("/tmp/widgets-mapgrid-captions.png")));

    // Dark theme: titles follow the palette's text colour.
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x26));
    dark.setColor(QPalette::WindowText, QColor(0xe8, 0xea, 0xed));
    dark.setColor(QPalette::Mid, QColor(0x50, 0x54, 0x5a));
    mapGrid.setPalette(dark);
    mapGrid.setAutoFillBackground(true);
    const QImage image = mapGrid.grab().toImage();
    QVERIFY(image.save(QStringLiteral("/tmp/widgets-mapgrid-dark.png")));
    const qreal dpr = image.devicePixelRatio();
    const QRectF first = mapGrid.cellRect(0, 0);
    const QRect title = QRectF(0, first.top() * dpr, first.left() * dpr, first.height() * dpr).toRect();
    int light = 0;
    for (int y = title.top(); y < title.bottom(); ++y)
        for (int x = title.left(); x < title.right(); ++x)
            light += qGray(image.pixel(x, y)) > 180;
    QVERIFY2(light > 5, "row titles drawn in the palette's (light) text colour");
}

QTEST_MAIN(TestMapGrid)
#include "test_map_grid.moc"
