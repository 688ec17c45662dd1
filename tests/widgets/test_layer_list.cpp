// LayerList: stepping the selection (clamped), the spatial-only filter, setCurrentLayer and the emitted names.
#include "lantern/widgets/layer_list.h"

#include <QCheckBox>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using lantern::widgets::LayerInfo;
using lantern::widgets::LayerList;

namespace {

std::vector<LayerInfo> makeLayers()
{
    return {
        {QStringLiteral("conv1"), QStringLiteral("Conv2D"), QStringLiteral("(1, 32, 28, 28)"), true},
        {QStringLiteral("relu1"), QStringLiteral("Relu"), QStringLiteral("(1, 32, 28, 28)"), true},
        {QStringLiteral("pool1"), QStringLiteral("MaxPool2D"), QStringLiteral("(1, 32, 14, 14)"), true},
        {QStringLiteral("flatten"), QStringLiteral("Flatten"), QStringLiteral("(1, 6272)"), false},
        {QStringLiteral("fc1"), QStringLiteral("Gemm"), QStringLiteral("(1, 128)"), false},
        {QStringLiteral("conv_late"), QStringLiteral("Conv2D"), QStringLiteral("(1, 8, 4, 4)"), true},
        {QStringLiteral("logits"), QStringLiteral("Gemm"), QStringLiteral("(1, 10)"), false},
    };
}

} // namespace

class TestLayerList : public QObject {
    Q_OBJECT
private slots:
    void columns();
    void stepLayer_data();
    void stepLayer();
    void setCurrentLayer();
    void spatialOnlyMovesHiddenCurrent();
    void setLayersKeepsSelection();
    void screenshot();
};

void TestLayerList::columns()
{
    LayerList list;
    list.setLayers(makeLayers());
    const QAbstractItemModel* model = list.view()->model();
    QCOMPARE(model->columnCount(), 3);
    QCOMPARE(model->rowCount(), 7);
    QCOMPARE(model->headerData(0, Qt::Horizontal).toString(), QStringLiteral("Layer"));
    QCOMPARE(model->headerData(1, Qt::Horizontal).toString(), QStringLiteral("Op"));
    QCOMPARE(model->headerData(2, Qt::Horizontal).toString(), QStringLiteral("Output shape"));
    QCOMPARE(model->index(2, 1).data().toString(), QStringLiteral("MaxPool2D"));
    QCOMPARE(model->index(4, 2).data().toString(), QStringLiteral("(1, 128)"));
    QCOMPARE(list.currentLayer(), QString());
}

void TestLayerList::stepLayer_data()
{
    QTest::addColumn<bool>("spatialOnly");
    QTest::addColumn<QString>("start"); // "" = no selection
    QTest::addColumn<QList<int>>("deltas");
    QTest::addColumn<QStringList>("emitted");
    QTest::addColumn<QString>("final");

    QTest::newRow("none, +1 selects first")
        << false << QString() << QList<int>{1} << QStringList{"conv1"} << QStringLiteral("conv1");
    QTest::newRow("none, -1 selects last")
        << false << QString() << QList<int>{-1} << QStringList{"logits"} << QStringLiteral("logits");
    QTest::newRow("down twice") << false << QStringLiteral("conv1") << QList<int>{1, 1} << QStringList{"relu1", "pool1"}
                                << QStringLiteral("pool1");
    QTest::newRow("clamp at end") << false << QStringLiteral("fc1") << QList<int>{10, 1} << QStringList{"logits"}
                                  << QStringLiteral("logits");
    QTest::newRow("clamp at start") << false << QStringLiteral("relu1") << QList<int>{-1, -1, -5}
                                    << QStringList{"conv1"} << QStringLiteral("conv1");
    QTest::newRow("jump 3") << false << QStringLiteral("conv1") << QList<int>{3} << QStringList{"flatten"}
                            << QStringLiteral("flatten");
    QTest::newRow("spatial: skips dense")
        << true << QStringLiteral("pool1") << QList<int>{1} << QStringList{"conv_late"} << QStringLiteral("conv_late");
    QTest::newRow("spatial: clamps at conv_late") << true << QStringLiteral("relu1") << QList<int>{5, 1}
                                                  << QStringList{"conv_late"} << QStringLiteral("conv_late");
    QTest::newRow("spatial: back") << true << QStringLiteral("conv_late") << QList<int>{-2} << QStringList{"relu1"}
                                   << QStringLiteral("relu1");
}

void TestLayerList::stepLayer()
{
    QFETCH(bool, spatialOnly);
    QFETCH(QString, start);
    QFETCH(QList<int>, deltas);
    QFETCH(QStringList, emitted);
    QFETCH(QString, final);

    LayerList list;
    list.setLayers(makeLayers());
    list.setSpatialOnly(spatialOnly);
    if (!start.isEmpty()) {
        list.setCurrentLayer(start);
        QCOMPARE(list.currentLayer(), start);
    }
    QSignalSpy spy(&list, &LayerList::currentLayerChanged);
    for (int d : deltas) {
        list.stepLayer(d);
    }
    QStringList got;
    for (const auto& args : spy) {
        got << args.at(0).toString();
    }
    QCOMPARE(got, emitted);
    QCOMPARE(list.currentLayer(), final);
}

void TestLayerList::setCurrentLayer()
{
    LayerList list;
    list.setLayers(makeLayers());
    QSignalSpy spy(&list, &LayerList::currentLayerChanged);
    list.setCurrentLayer(QStringLiteral("fc1"));
    QCOMPARE(list.currentLayer(), QStringLiteral("fc1"));
    QCOMPARE(list.view()->currentIndex().row(), 4);
    list.setCurrentLayer(QStringLiteral("fc1")); // unchanged: no signal
    list.setCurrentLayer(QStringLiteral("nonexistent"));
    QCOMPARE(list.currentLayer(), QStringLiteral("fc1"));
    QCOMPARE(spy.count(), 1);
}

void TestLayerList::spatialOnlyMovesHiddenCurrent()
{
    LayerList list;
    list.setLayers(makeLayers());
    list.setCurrentLayer(QStringLiteral("flatten"));
    QSignalSpy spy(&list, &LayerList::currentLayerChanged);
    list.findChild<QCheckBox*>()->setChecked(true); // the checkbox drives setSpatialOnly
    QVERIFY(list.spatialOnly());
    QCOMPARE(list.visibleCount(), 4);
    // flatten (row 3) is hidden: nearest visible, following first → pool1 (row 2) is 1 back, conv_late 2 ahead.
    QCOMPARE(list.currentLayer(), QStringLiteral("pool1"));
    QCOMPARE(spy.count(), 1);
    list.setCurrentLayer(QStringLiteral("fc1")); // hidden: ignored
    QCOMPARE(list.currentLayer(), QStringLiteral("pool1"));
    list.setSpatialOnly(false);
    QVERIFY(!list.findChild<QCheckBox*>()->isChecked());
    QCOMPARE(list.visibleCount(), 7);
}

void TestLayerList::setLayersKeepsSelection()
{
    LayerList list;
    list.setLayers(makeLayers());
    list.setCurrentLayer(QStringLiteral("pool1"));
    QSignalSpy spy(&list, &LayerList::currentLayerChanged);
    auto layers = makeLayers();
    layers.erase(layers.begin()); // pool1 moves to row 1
    list.setLayers(layers);
    QCOMPARE(list.currentLayer(), QStringLiteral("pool1"));
    QCOMPARE(list.view()->currentIndex().row(), 1);
    QCOMPARE(spy.count(), 0);
    list.setLayers({});
    QCOMPARE(list.currentLayer(), QString());
    QCOMPARE(spy.count(), 1);
}

void TestLayerList::screenshot()
{
    LayerList list;
    list.resize(380, 260);
    list.setLayers(makeLayers());
    list.setCurrentLayer(QStringLiteral("relu1"));
    list.show();
    QVERIFY(QTest::qWaitForWindowExposed(&list));
    QVERIFY(list.grab().save(QStringLiteral("/tmp/widgets2-layer-list.png")));
}

QTEST_MAIN(TestLayerList)
#include "test_layer_list.moc"
