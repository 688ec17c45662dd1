// Publication figures: PNG size follows figureSizeInches × dpi, SVG is well-formed XML with a vector
// colorbar gradient and the title as text, PDF has the figure's size as its MediaBox, and write errors name
// the path. Set LANTERN_RENDER_DUMP=<dir> to keep figure-check.{png,svg,pdf} for a visual check.
#include "lantern/error.h"
#include "lantern/render/colormap.h"
#include "lantern/render/figure.h"
#include "lantern/render/painters.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <cmath>

using namespace lantern;
using namespace lantern::render;

namespace {

/// A smooth grey "input" with a ring and a bar, like a small natural image.
QImage baseImage(int n, int seed)
{
    QImage img(n, n, QImage::Format_RGB32);
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x) {
            const double u = (x + 0.5) / n - 0.5, v = (y + 0.5) / n - 0.5;
            const double r = std::hypot(u, v);
            double g = 0.15 + 0.7 * std::exp(-std::pow((r - 0.25 - 0.03 * seed) / 0.07, 2));
            if (std::abs(u + 0.1 * seed - 0.1) < 0.05 && std::abs(v) < 0.3)
                g = 0.9;
            const int c = std::clamp(int(g * 255), 0, 255);
            img.setPixel(x, y, qRgb(c, c, c));
        }
    return img;
}

/// A signed explanation: positive blob on the ring, negative blob beside it.
ScalarMap relevance(int n, int method, int seed)
{
    ScalarMap m;
    m.width = m.height = n;
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x) {
            const double u = (x + 0.5) / n - 0.5, v = (y + 0.5) / n - 0.5;
            const double pos = std::exp(-(std::pow(u - 0.2 + 0.05 * seed, 2) + std::pow(v + 0.1, 2)) / 0.02);
            const double neg = std::exp(-(std::pow(u + 0.2, 2) + std::pow(v - 0.15 * method + 0.1, 2)) / 0.01);
            m.values.push_back(float((1 + method) * (pos - 0.6 * neg)));
        }
    return m;
}

Figure sampleFigure(int rows = 2, int columns = 3)
{
    Figure fig;
    fig.title = "Relevance of three methods";
    fig.rows = rows;
    fig.columns = columns;
    const QStringList methods{"Gradient", "LRP-ε", "Integrated Gradients"};
    for (int r = 0; r < rows; ++r) {
        fig.rowLabels << QString("sample %1").arg(r + 1);
        for (int c = 0; c < columns; ++c) {
            FigurePanel p;
            p.base = baseImage(28, r);
            p.map = relevance(28, c, r);
            p.title = QString("pred %1 (%2)").arg(r == 0 ? 7 : 3).arg(0.93 - 0.1 * c, 0, 'f', 2);
            fig.panels.push_back(p);
        }
    }
    for (int c = 0; c < columns; ++c)
        fig.columnLabels << methods[c % methods.size()];
    fig.style.contourLevels = 2;
    fig.colorbarLabel = "relevance";
    fig.legendColors = classColors(4);
    fig.legendLabels = QStringList{"background", "ring", "bar", "other"};
    return fig;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

} // namespace

class TestFigure : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void pngSize_data()
    {
        QTest::addColumn<int>("dpi");
        QTest::addColumn<bool>("shared");
        QTest::newRow("100 dpi") << 100 << false;
        QTest::newRow("300 dpi") << 300 << false;
        QTest::newRow("300 dpi shared colorbar") << 300 << true;
    }
    void pngSize()
    {
        QFETCH(int, dpi);
        QFETCH(bool, shared);
        Figure fig = sampleFigure();
        fig.sharedRange = shared;
        const QSizeF inches = figureSizeInches(fig);
        QVERIFY(inches.width() > 3 * fig.panelInches && inches.width() < 3 * fig.panelInches + 4);
        QVERIFY(inches.height() > 2 * fig.panelInches && inches.height() < 2 * fig.panelInches + 3);
        const QString path = m_dir.filePath(QString("fig-%1-%2.png").arg(dpi).arg(shared));
        writeFigure(fig, path, dpi);
        QImage img(path);
        QVERIFY(!img.isNull());
        QCOMPARE(img.width(), int(std::lround(inches.width() * dpi)));
        QCOMPARE(img.height(), int(std::lround(inches.height() * dpi)));
        QVERIFY(std::abs(img.dotsPerMeterX() * 0.0254 - dpi) < 0.5);
        // White margin, and the panels are actually painted (not just background).
        QCOMPARE(QColor(img.pixel(1, 1)), QColor(Qt::white));
        int nonWhite = 0;
        for (int y = 0; y < img.height(); y += 3)
            for (int x = 0; x < img.width(); x += 3)
                nonWhite += img.pixel(x, y) != qRgb(255, 255, 255);
        QVERIFY(nonWhite > img.width() * img.height() / 9 / 5);
        if (shared) { // one colorbar instead of three per row: narrower
            fig.sharedRange = false;
            QVERIFY(figureSizeInches(fig).width() > inches.width());
        }
    }

    void svg()
    {
        const Figure fig = sampleFigure();
        const QString path = m_dir.filePath("fig.svg");
        writeFigure(fig, path);
        const QByteArray data = readAll(path);
        QXmlStreamReader xml(data);
        bool gradient = false, svgRoot = false;
        QString text;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("svg")) {
                svgRoot = true;
                const QStringList box = xml.attributes().value("viewBox").toString().split(' ', Qt::SkipEmptyParts);
                QCOMPARE(box.size(), 4);
                const QSizeF points = figureSizeInches(fig) * 72;
                QVERIFY(std::abs(box[2].toDouble() - points.width()) < 1);
                QVERIFY(std::abs(box[3].toDouble() - points.height()) < 1);
            }
            if (xml.isStartElement() && xml.name() == QLatin1String("linearGradient"))
                gradient = true;
            if (xml.isCharacters())
                text += xml.text();
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(svgRoot);
        QVERIFY2(gradient, "the colorbar must be a vector gradient");
        QVERIFY(text.contains(fig.title));
        QVERIFY(text.contains("Integrated Gradients"));
    }

    void pdf()
    {
        const Figure fig = sampleFigure(1, 2);
        const QString path = m_dir.filePath("fig.pdf");
        writeFigure(fig, path);
        const QByteArray data = readAll(path);
        QVERIFY(data.startsWith("%PDF"));
        const QRegularExpression box(R"(/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\])");
        const auto match = box.match(QString::fromLatin1(data));
        QVERIFY2(match.hasMatch(), "no MediaBox");
        const QSizeF points = figureSizeInches(fig) * 72;
        QVERIFY2(std::abs(match.captured(1).toDouble() - points.width()) <= 1.0, qPrintable(match.captured(0)));
        QVERIFY2(std::abs(match.captured(2).toDouble() - points.height()) <= 1.0, qPrintable(match.captured(0)));
    }

    void errors()
    {
        const Figure fig = sampleFigure(1, 1);
        const QString bad = m_dir.filePath("fig.bmp");
        try {
            writeFigure(fig, bad);
            QFAIL("no exception for .bmp");
        } catch (const IoError& e) {
            QVERIFY2(QString(e.what()).contains(bad), e.what());
        }
        QVERIFY(!QFile::exists(bad));
        const QString unwritable = m_dir.filePath("no/such/dir/fig.png");
        try {
            writeFigure(fig, unwritable);
            QFAIL("no exception for an unwritable path");
        } catch (const IoError& e) {
            QVERIFY2(QString(e.what()).contains(unwritable), e.what());
        }
    }

    void blankAndCategoricalPanels()
    {
        Figure fig;
        fig.rows = 1;
        fig.columns = 3;
        FigurePanel base;
        base.base = baseImage(16, 0);
        FigurePanel cat;
        cat.base = baseImage(16, 1);
        cat.categorical = QImage(16, 16, QImage::Format_RGB32);
        cat.categorical.fill(classColors(3)[1]);
        fig.panels = {base, cat}; // third panel missing: stays blank
        fig.style.opacity = 1;
        const QImage img = renderFigure(fig, 100);
        QCOMPARE(img.width(), int(std::lround(figureSizeInches(fig).width() * 100)));
        // Centre of the categorical panel shows the class colour at opacity 1.
        const QSizeF in = figureSizeInches(fig);
        Q_UNUSED(in);
        bool found = false;
        for (int x = 0; x < img.width() && !found; ++x)
            found = QColor(img.pixel(x, img.height() / 2)) == classColors(3)[1];
        QVERIFY(found);
    }

    void probabilityBars()
    {
        QImage img(300, 120, QImage::Format_ARGB32_Premultiplied);
        img.fill(Qt::white);
        QPainter painter(&img);
        ProbabilityBars bars;
        bars.probabilities = {0.1f, 0.7f, 0.2f};
        bars.labels = QStringList{"cat", "dog", "bird"};
        bars.predicted = 1;
        bars.trueLabel = 2;
        const auto rows = paintProbabilityBars(painter, QRectF(0, 0, 300, 120), bars, QFont());
        painter.end();
        QCOMPARE(int(rows.size()), 3);
        QVERIFY(rows[1].top() >= rows[0].bottom() - 1e-6);
        // The predicted bar is drawn in the accent colour.
        bool accent = false;
        for (int x = 0; x < 300 && !accent; ++x)
            accent = QColor(img.pixel(x, int(rows[1].center().y()))) == QColor(0x2b, 0x6c, 0xb0);
        QVERIFY(accent);
        if (const QByteArray dir = qgetenv("LANTERN_RENDER_DUMP"); !dir.isEmpty())
            img.save(QString::fromLocal8Bit(dir) + "/bars-check.png");
    }

    void dumpForVisualCheck()
    {
        const QByteArray dir = qgetenv("LANTERN_RENDER_DUMP");
        if (dir.isEmpty())
            QSKIP("set LANTERN_RENDER_DUMP=<dir> to write figure-check.{png,svg,pdf}");
        const QString base = QString::fromLocal8Bit(dir) + "/figure-check";
        writeFigure(sampleFigure(), base + ".png", 150);
        writeFigure(sampleFigure(), base + ".svg");
        writeFigure(sampleFigure(), base + ".pdf");
        Figure shared = sampleFigure();
        shared.sharedRange = true;
        shared.legendColors.clear();
        shared.style.sign = Sign::Positive;
        writeFigure(shared, base + "-shared.png", 150);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestFigure)
#include "test_figure.moc"
