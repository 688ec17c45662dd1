// Colormaps: the generated tables hold matplotlib's and cmocean's real values, every map has 256 entries,
// diverging maps are flagged, lookup by name fails clearly, and the class palette is tab10 / tab20.
#include "lantern/error.h"
#include "lantern/render/colormap.h"

#include <QColor>
#include <QtTest>

using namespace lantern;
using namespace lantern::render;

class TestColormap : public QObject {
    Q_OBJECT

private slots:
    void knownValues_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("t");
        QTest::addColumn<QString>("hex");
        // matplotlib's _cm_listed.py / _cm.py values (rounded to 8 bits).
        QTest::newRow("viridis 0") << "viridis" << 0.0 << "#440154";
        QTest::newRow("viridis 1") << "viridis" << 1.0 << "#fde725";
        QTest::newRow("viridis 0.5") << "viridis" << 0.5 << "#21918c";
        QTest::newRow("magma 0") << "magma" << 0.0 << "#000004";
        QTest::newRow("magma 1") << "magma" << 1.0 << "#fcfdbf";
        QTest::newRow("inferno 0") << "inferno" << 0.0 << "#000004";
        QTest::newRow("inferno 1") << "inferno" << 1.0 << "#fcffa4";
        QTest::newRow("plasma 0") << "plasma" << 0.0 << "#0d0887";
        QTest::newRow("plasma 1") << "plasma" << 1.0 << "#f0f921";
        QTest::newRow("cividis 0") << "cividis" << 0.0 << "#00224e";
        QTest::newRow("RdBu_r 0") << "RdBu_r" << 0.0 << "#053061";
        QTest::newRow("RdBu_r 1") << "RdBu_r" << 1.0 << "#67001f";
        QTest::newRow("bwr 0") << "bwr" << 0.0 << "#0000ff";
        QTest::newRow("bwr 1") << "bwr" << 1.0 << "#ff0000";
        QTest::newRow("seismic 0") << "seismic" << 0.0 << "#00004c";
        QTest::newRow("hot 0") << "hot" << 0.0 << "#0b0000";
        QTest::newRow("hot 1") << "hot" << 1.0 << "#ffffff";
        QTest::newRow("clamped below") << "viridis" << -3.0 << "#440154";
        QTest::newRow("clamped above") << "viridis" << 7.0 << "#fde725";
    }
    void knownValues()
    {
        QFETCH(QString, name);
        QFETCH(double, t);
        QFETCH(QString, hex);
        QCOMPARE(QColor::fromRgb(colormap(name).map(t)).name(), hex);
    }

    void cmoceanEnds_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("first");
        QTest::addColumn<QString>("last");
        // First and last rows of cmocean's tables × 255, rounded (cmocean.cm.<name>(0) / (1.0)).
        QTest::newRow("thermal") << "thermal"
                                 << "#042333"
                                 << "#e8fa5b";
        QTest::newRow("haline") << "haline"
                                << "#2a186c"
                                << "#fdef9a";
        QTest::newRow("amp") << "amp"
                             << "#f1edec"
                             << "#3c0912";
        QTest::newRow("deep") << "deep"
                              << "#fdfecc"
                              << "#281a2c";
        QTest::newRow("balance") << "balance"
                                 << "#181c43"
                                 << "#3c0912";
        QTest::newRow("curl") << "curl"
                              << "#151d44"
                              << "#340d35";
        QTest::newRow("delta") << "delta"
                               << "#112040"
                               << "#172313";
        QTest::newRow("diff") << "diff"
                              << "#082340"
                              << "#1c2207";
    }
    void cmoceanEnds()
    {
        QFETCH(QString, name);
        QFETCH(QString, first);
        QFETCH(QString, last);
        const auto& names = colormaps();
        if (std::none_of(names.begin(), names.end(), [&](const Colormap& c) { return c.name() == name; }))
            QFAIL(qPrintable("colormap " + name + " is missing"));
        QCOMPARE(QColor::fromRgb(colormap(name).map(0)).name(), first);
        QCOMPARE(QColor::fromRgb(colormap(name).map(1)).name(), last);
        QCOMPARE(colormap(name).family(), QStringLiteral("cmocean"));
    }

    void grayIsLinear()
    {
        const Colormap& gray = colormap("gray");
        for (int i = 0; i < 256; ++i) {
            const QRgb c = gray.lut()[i];
            QCOMPARE(qRed(c), i);
            QCOMPARE(qGreen(c), i);
            QCOMPARE(qBlue(c), i);
            QCOMPARE(qAlpha(c), 255);
        }
        QCOMPARE(gray.map(0.5), gray.lut()[128]); // nearest entry: round(0.5 * 255) = 128
    }

    void everyMap()
    {
        const QStringList expected{"viridis", "magma",  "inferno",  "plasma",  "cividis", "gray", "hot",     "Reds",
                                   "Blues",   "RdBu_r", "coolwarm", "seismic", "bwr",     "PiYG", "thermal", "haline",
                                   "amp",     "deep",   "balance",  "curl",    "delta",   "diff"};
        const QStringList diverging{"RdBu_r", "coolwarm", "seismic", "bwr", "PiYG", "balance", "curl", "delta", "diff"};
        QCOMPARE(int(colormaps().size()), expected.size());
        bool seenDiverging = false;
        for (const Colormap& c : colormaps()) {
            QVERIFY2(expected.contains(c.name()), qPrintable(c.name()));
            QCOMPARE(int(c.lut().size()), 256);
            QCOMPARE(c.isDiverging(), diverging.contains(c.name()));
            QVERIFY2(!seenDiverging || c.isDiverging(), "sequential maps come first");
            seenDiverging |= c.isDiverging();
            QVERIFY(c.family() == "matplotlib" || c.family() == "cmocean");
        }
        QCOMPARE(defaultColormap(true).name(), QStringLiteral("RdBu_r"));
        QCOMPARE(defaultColormap(false).name(), QStringLiteral("Reds"));
        // both defaults are white at zero, so "no relevance" looks the same on signed and unsigned maps
        QVERIFY(QColor(defaultColormap(false).map(0)).lightness() > 240);
        QVERIFY(QColor(defaultColormap(true).map(0.5)).lightness() > 240);
    }

    void gradientStops()
    {
        const QGradientStops stops = colormap("viridis").gradientStops(5);
        QCOMPARE(stops.size(), 5);
        QCOMPARE(stops.first().first, 0.0);
        QCOMPARE(stops.last().first, 1.0);
        QCOMPARE(stops.first().second.name(), QStringLiteral("#440154"));
        QCOMPARE(stops.last().second.name(), QStringLiteral("#fde725"));
    }

    void unknownName()
    {
        try {
            colormap("viridiss");
            QFAIL("no exception");
        } catch (const ArgumentError& e) {
            const QString msg = e.what();
            QVERIFY2(msg.contains("viridiss") && msg.contains("RdBu_r"), e.what());
        }
    }

    void classColors()
    {
        const auto ten = render::classColors(10);
        QCOMPARE(int(ten.size()), 10);
        QCOMPARE(ten[0].name(), QStringLiteral("#1f77b4"));
        QCOMPARE(ten[1].name(), QStringLiteral("#ff7f0e"));
        QCOMPARE(ten[9].name(), QStringLiteral("#17becf"));
        const auto twenty = render::classColors(20);
        QCOMPARE(twenty[1].name(), QStringLiteral("#aec7e8"));
        QCOMPARE(twenty[19].name(), QStringLiteral("#9edae5"));
        QVERIFY(render::classColors(0).empty());
        QCOMPARE(int(render::classColors(25).size()), 25);
    }
};

QTEST_GUILESS_MAIN(TestColormap)
#include "test_colormap.moc"
