// ActivationGrid: tiles sorted by mean activation, top-n frames, tile hit testing, clicks and keyboard emitting
// the channel at a display position, dense layers, bad shapes and the cost of 256 channels.
#include "lantern/widgets/activation_grid.h"

#include "lantern/error.h"
#include "lantern/render/colormap.h"

#include <QElapsedTimer>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

using lantern::Tensor;
using lantern::widgets::ActivationGrid;

Q_DECLARE_METATYPE(lantern::Tensor)

namespace {

// 6 channels of 4x4; channel c is filled with a ramp whose mean is kMeans[c].
const std::vector<float> kMeans{0.5f, 3.0f, -1.0f, 2.0f, 0.0f, 1.5f};
const std::vector<int> kOrder{1, 3, 5, 0, 4, 2};

Tensor knownTensor()
{
    Tensor t({6, 4, 4});
    for (int c = 0; c < 6; ++c) {
        for (int i = 0; i < 16; ++i) {
            // symmetric ramp around the mean: (i - 7.5) / 7.5 averages to 0
            t[c * 16 + i] = kMeans[static_cast<size_t>(c)] + (static_cast<float>(i) - 7.5f) / 7.5f;
        }
    }
    return t;
}

Tensor syntheticMaps(int channels, int h, int w)
{
    Tensor t({channels, h, w});
    for (int c = 0; c < channels; ++c) {
        const double cx = (c * 7 % w) + 0.5, cy = (c * 3 % h) + 0.5, s = 1.5 + c % 4;
        for (int y = 0; y < h; ++y) {
            for (int x = 0; x < w; ++x) {
                const double r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                t[(static_cast<int64_t>(c) * h + y) * w + x] =
                    static_cast<float>(std::exp(-r2 / (2 * s * s)) * (1.0 + 0.1 * (c % 9)));
            }
        }
    }
    return t;
}

} // namespace

class TestActivationGrid : public QObject {
    Q_OBJECT
private slots:
    void orderSortsByMean_data();
    void orderSortsByMean();
    void topNFrames_data();
    void topNFrames();
    void clickEmitsChannel_data();
    void clickEmitsChannel();
    void keyboard();
    void badShapes();
    void manyChannelsFast();
    void insideScrollArea();
    void screenshots();
};

void TestActivationGrid::orderSortsByMean_data()
{
    QTest::addColumn<Tensor>("act");
    QTest::addColumn<QList<int>>("order");
    QTest::addColumn<bool>("dense");

    QTest::newRow("(C,H,W)") << knownTensor() << QList<int>(kOrder.begin(), kOrder.end()) << false;
    QTest::newRow("(1,C,H,W)") << knownTensor().reshaped({1, 6, 4, 4}) << QList<int>(kOrder.begin(), kOrder.end())
                               << false;
    QTest::newRow("(C) dense") << Tensor({5}, {0.1f, -2.0f, 4.0f, 0.1f, 1.0f}) << QList<int>{2, 4, 0, 3, 1} << true;
    QTest::newRow("(1,C) dense") << Tensor({1, 3}, {1.0f, 3.0f, 2.0f}) << QList<int>{1, 2, 0} << true;
    QTest::newRow("(C,L) strips") << Tensor({3, 4}, {0, 0, 0, 4, 1, 1, 1, 1, 9, 0, 0, 0}) << QList<int>{2, 0, 1}
                                  << false;
}

void TestActivationGrid::orderSortsByMean()
{
    QFETCH(Tensor, act);
    QFETCH(QList<int>, order);
    QFETCH(bool, dense);

    ActivationGrid grid;
    grid.setActivations(act, QStringLiteral("layer"));
    const std::vector<int> got = grid.order();
    QCOMPARE(QList<int>(got.begin(), got.end()), order);
    QCOMPARE(grid.isDense(), dense);
    QCOMPARE(grid.channelCount(), order.size());
}

void TestActivationGrid::topNFrames_data()
{
    QTest::addColumn<int>("n");
    QTest::newRow("0") << 0;
    QTest::newRow("1") << 1;
    QTest::newRow("3") << 3;
    QTest::newRow("all") << 6;
}

void TestActivationGrid::topNFrames()
{
    QFETCH(int, n);
    ActivationGrid grid;
    grid.setTileSize(40);
    grid.setActivations(knownTensor(), QStringLiteral("conv1"));
    grid.setTopN(n);
    grid.resize(grid.sizeHint());
    const QImage img = grid.grab().toImage();
    const qreal dpr = img.devicePixelRatio();
    const QColor accent = grid.palette().color(QPalette::Highlight);
    for (int pos = 0; pos < grid.channelCount(); ++pos) {
        // The frame runs just outside the tile image, 1 px above its top edge (top of the cell + 1).
        const QRect cell = grid.tileRect(pos);
        const QPoint p(cell.center().x(), cell.top() + 1);
        const QColor c = img.pixelColor(QPoint(int(p.x() * dpr), int(p.y() * dpr)));
        QCOMPARE(c == accent, pos < n);
    }
}

void TestActivationGrid::clickEmitsChannel_data()
{
    QTest::addColumn<int>("pos");
    for (int k = 0; k < 6; ++k) {
        QTest::addRow("tile %d", k) << k;
    }
}

void TestActivationGrid::clickEmitsChannel()
{
    QFETCH(int, pos);
    ActivationGrid grid;
    grid.setTileSize(32);
    grid.setActivations(knownTensor(), QStringLiteral("conv1"));
    grid.resize(2 * grid.tileRect(0).right() + 40, 400); // at least two columns → several rows
    QVERIFY(grid.columns() >= 2);
    QVERIFY(grid.columns() < 6);
    QSignalSpy spy(&grid, &ActivationGrid::filterClicked);
    const QPoint centre = grid.tileRect(pos).center();
    QCOMPARE(grid.channelAt(centre), kOrder[static_cast<size_t>(pos)]);
    QTest::mouseClick(&grid, Qt::LeftButton, {}, centre);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toInt(), kOrder[static_cast<size_t>(pos)]);
    QCOMPARE(grid.currentPosition(), pos);
    // Between tiles and outside: nothing.
    QCOMPARE(grid.channelAt(QPoint(1, 1)), -1);
    QCOMPARE(grid.channelAt(QPoint(grid.tileRect(0).right() + 2, grid.tileRect(0).center().y())), -1);
}

void TestActivationGrid::keyboard()
{
    ActivationGrid grid;
    grid.setActivations(knownTensor(), QStringLiteral("conv1"));
    grid.resize(grid.sizeHint());
    QSignalSpy clicked(&grid, &ActivationGrid::filterClicked);
    QSignalSpy current(&grid, &ActivationGrid::currentChannelChanged);
    QCOMPARE(grid.currentPosition(), 0); // the first tile is current after setActivations
    grid.setCurrentPosition(0);          // unchanged: no signal
    QTest::keyClick(&grid, Qt::Key_Right);
    QTest::keyClick(&grid, Qt::Key_Right);
    QCOMPARE(grid.currentPosition(), 2);
    QTest::keyClick(&grid, Qt::Key_Return);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(0).toInt(), kOrder[2]);
    QTest::keyClick(&grid, Qt::Key_Left);
    QTest::keyClick(&grid, Qt::Key_Enter);
    QCOMPARE(clicked.at(1).at(0).toInt(), kOrder[1]);
    QTest::keyClick(&grid, Qt::Key_End);
    QTest::keyClick(&grid, Qt::Key_Right); // clamps
    QCOMPARE(grid.currentPosition(), 5);
    QTest::keyClick(&grid, Qt::Key_Home);
    QTest::keyClick(&grid, Qt::Key_Left); // clamps
    QCOMPARE(grid.currentPosition(), 0);
    QList<int> channels;
    for (const auto& args : current) {
        channels << args.at(0).toInt();
    }
    QCOMPARE(channels, (QList<int>{kOrder[1], kOrder[2], kOrder[1], kOrder[5], kOrder[0]}));
}

void TestActivationGrid::badShapes()
{
    ActivationGrid grid;
    QVERIFY_THROWS_EXCEPTION(lantern::ShapeError, grid.setActivations(Tensor({1, 2, 2, 2, 2}), QStringLiteral("x")));
    QVERIFY_THROWS_EXCEPTION(lantern::ShapeError, grid.setActivations(Tensor({2, 2, 2, 2}), QStringLiteral("x")));
    try {
        grid.setActivations(Tensor(lantern::Shape{}, 1.0f), QStringLiteral("scalar_layer"));
        QFAIL("rank 0 accepted");
    } catch (const lantern::ShapeError& e) {
        QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("scalar_layer")));
    }
    grid.setActivations(Tensor(), QStringLiteral("empty"));
    QCOMPARE(grid.channelCount(), 0);
}

void TestActivationGrid::manyChannelsFast()
{
    const Tensor act = syntheticMaps(256, 28, 28);
    ActivationGrid grid;
    grid.resize(900, 600);
    QElapsedTimer timer;
    timer.start();
    grid.setActivations(act, QStringLiteral("conv2"));
    const QImage img = grid.grab().toImage();
    const qint64 ms = timer.elapsed();
    qInfo() << "256 channels of 28x28: set + paint" << ms << "ms";
    QCOMPARE(grid.channelCount(), 256);
    QVERIFY2(ms < 1000, qPrintable(QStringLiteral("%1 ms").arg(ms)));
    // Means are non-increasing in display order.
    const std::vector<int> order = grid.order();
    for (size_t i = 1; i < order.size(); ++i) {
        QVERIFY(grid.channelMean(order[i - 1]) >= grid.channelMean(order[i]));
    }
    QVERIFY(grid.heightForWidth(900) > grid.heightForWidth(1800));
}

void TestActivationGrid::insideScrollArea()
{
    QScrollArea area;
    auto* grid = new ActivationGrid;
    grid->setTileSize(40);
    grid->setActivations(syntheticMaps(256, 8, 8), QStringLiteral("conv3"));
    area.setWidget(grid);
    area.setWidgetResizable(true);
    area.resize(500, 300);
    area.show();
    QVERIFY(QTest::qWaitForWindowExposed(&area));
    // Width follows the viewport, height follows heightForWidth: every tile is reachable by scrolling.
    QCOMPARE(grid->width(), area.viewport()->width());
    QCOMPARE(grid->height(), grid->heightForWidth(grid->width()));
    QVERIFY(grid->tileRect(255).bottom() < grid->height());
    QVERIFY(area.verticalScrollBar()->maximum() > 0);
    QCOMPARE(area.verticalScrollBar()->value(), 0);
    grid->setFocus();
    QTest::keyClick(grid, Qt::Key_End); // the current tile scrolls into view
    QVERIFY(area.verticalScrollBar()->value() > area.verticalScrollBar()->maximum() - grid->tileRect(0).height());
    const QRect shown(grid->mapTo(area.viewport(), grid->tileRect(255).topLeft()), grid->tileRect(255).size());
    QVERIFY(area.viewport()->rect().contains(shown));
    QTest::keyClick(grid, Qt::Key_Home);
    QCOMPARE(area.verticalScrollBar()->value(), 0);
}

void TestActivationGrid::screenshots()
{
    QScrollArea area;
    auto* grid = new ActivationGrid;
    grid->setActivations(syntheticMaps(32, 14, 14), QStringLiteral("conv1"));
    grid->setTopN(5);
    area.setWidget(grid);
    area.setWidgetResizable(true);
    area.resize(560, 360);
    area.show();
    QVERIFY(QTest::qWaitForWindowExposed(&area));
    grid->setFocus();
    grid->setCurrentPosition(6);
    QVERIFY(area.grab().save(QStringLiteral("/tmp/widgets2-activation-grid.png")));
    // The colormap is inferno: the hottest pixel of the top tile is inferno's last LUT entry.
    const auto& lut = lantern::render::colormap(QStringLiteral("inferno")).lut();
    const QImage tile = grid->grab(grid->tileRect(0)).toImage();
    bool hot = false;
    for (int y = 0; y < tile.height() && !hot; ++y) {
        for (int x = 0; x < tile.width() && !hot; ++x) {
            hot = (tile.pixel(x, y) & 0xffffff) == (lut.back() & 0xffffff);
        }
    }
    QVERIFY(hot);

    ActivationGrid dense;
    std::vector<float> v;
    for (int i = 0; i < 24; ++i) {
        v.push_back(std::sin(0.7f * static_cast<float>(i)) * static_cast<float>(i % 5));
    }
    dense.setActivations(Tensor::fromData({24}, v), QStringLiteral("fc1"));
    dense.setTopN(3);
    dense.setTileSize(32);
    dense.resize(420, dense.heightForWidth(420));
    QVERIFY(dense.grab().save(QStringLiteral("/tmp/widgets2-activation-dense.png")));
}

QTEST_MAIN(TestActivationGrid)
#include "test_activation_grid.moc"
