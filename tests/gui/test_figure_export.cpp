// Figure export as a user meets it: the samples × methods grid holds exactly the methods ticked, the size the dialog
// announces is the size of the file written (PNG pixels, PDF points), the last export's place and name come back,
// and small maps are embedded at their native resolution, losslessly and unsmoothed, in PDF and SVG.
#include "export_dialog.h"

#include "common/figure_job.h"

#include <QCheckBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QRadioButton>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace lantern;
using gui::ExportDialog;

namespace {

const QString kDemo = QStringLiteral(LANTERN_DEMO_DIR);

app::FigureSpec demoSpec()
{
    app::FigureSpec s;
    s.modelPath = (kDemo + QStringLiteral("/fmnist_cnn.onnx")).toStdString();
    s.sampleSpec = (kDemo + QStringLiteral("/samples")).toStdString();
    s.labelsSpec = (kDemo + QStringLiteral("/samples/labels.txt")).toStdString();
    s.sampleIndices = {7};
    s.classNames = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    app::FigureColumn input;
    input.kind = "input";
    app::FigureColumn current;
    current.method.method = "lrp-epsilon";
    current.method.params = {{"epsilon", "0.01"}};
    s.columns = {input, current};
    s.dpi = 100;
    return s;
}

/// Ticks exactly `methods` in the dialog's grid and switches to the grid.
void chooseGrid(ExportDialog& d, const QStringList& methods, const QString& rows)
{
    d.findChild<QRadioButton*>(QStringLiteral("grid"))->setChecked(true);
    auto* list = d.findChild<QListWidget*>(QStringLiteral("methods"));
    for (int i = 0; i < list->count(); ++i)
        list->item(i)->setCheckState(methods.contains(list->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
    auto* edit = d.findChild<QLineEdit*>(QStringLiteral("rows"));
    edit->setText(rows);
    emit edit->textEdited(rows);
}

std::vector<QString> demoNames()
{
    std::vector<QString> names;
    const QStringList files =
        QDir(kDemo + QStringLiteral("/samples")).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
    for (const QString& f : files)
        names.push_back(f);
    return names;
}

std::vector<int64_t> demoLabels()
{
    QFile f(kDemo + QStringLiteral("/samples/labels.txt"));
    std::vector<int64_t> labels;
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray& line : f.readAll().split('\n'))
            if (!line.trimmed().isEmpty())
                labels.push_back(line.trimmed().toLongLong());
    return labels;
}

} // namespace

class TestFigureExport : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private slots:
    /// The grid's columns are the input (if asked) and exactly the ticked methods; the one on screen keeps its
    /// parameters when ticked and is not added when not.
    void gridHoldsExactlyTheTickedMethods()
    {
        ExportDialog d(demoSpec(), 40);
        chooseGrid(d, {QStringLiteral("gradient"), QStringLiteral("grad-cam")}, QStringLiteral("0-2"));
        app::FigureSpec s = d.spec();
        QCOMPARE(s.columns.size(), size_t(3));
        QCOMPARE(s.columns[0].kind, std::string("input"));
        QCOMPARE(s.columns[1].method.method, std::string("gradient"));
        QCOMPARE(s.columns[2].method.method, std::string("grad-cam"));
        d.findChild<QCheckBox*>(QStringLiteral("includeInput"))->setChecked(false);
        chooseGrid(d, {QStringLiteral("lrp-epsilon")}, QStringLiteral("0-2"));
        s = d.spec();
        QCOMPARE(s.columns.size(), size_t(1));
        QCOMPARE(s.columns[0].method.method, std::string("lrp-epsilon"));
        QCOMPARE(s.columns[0].method.params.at("epsilon"), std::string("0.01")); // the settings on screen
    }

    /// What the dialog announces is what is written: PNG pixels and PDF page size, for one panel and for a grid
    /// with a CLEAR column (legend) and labels.
    void previewEqualsTheWrittenSize_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("grid");
        QTest::newRow("png, current view") << "png" << false;
        QTest::newRow("png, grid") << "png" << true;
        QTest::newRow("pdf, grid") << "pdf" << true;
    }

    void previewEqualsTheWrittenSize()
    {
        QFETCH(QString, format);
        QFETCH(bool, grid);
        app::FigureSpec base = demoSpec();
        base.title = "Fashion-MNIST";
        ExportDialog d(base, 40);
        d.setSampleInfo(demoNames(), demoLabels(), QSize(28, 28));
        if (grid) {
            chooseGrid(d, {QStringLiteral("gradient"), QStringLiteral("clear"), QStringLiteral("lrp-epsilon")},
                       QStringLiteral("0, 7, 13"));
            // show the CLEAR column as its class map
        }
        const QString path = m_tmp.filePath(QStringLiteral("fig.") + format);
        d.setOutputPath(path);
        app::FigureSpec spec = d.spec();
        for (auto& c : spec.columns)
            if (c.method.method == "clear")
                c.view = "clear";
        // the preview of the spec as exported (the dialog shows it for its own spec; the CLEAR view adds a legend)
        ExportDialog check(spec, 40);
        check.setSampleInfo(demoNames(), demoLabels(), QSize(28, 28));
        check.setOutputPath(path);
        const QSize pixels = check.previewPixels();
        const QSizeF inches = check.previewInches();
        app::exportFigure(spec, path);
        if (format == QLatin1String("png")) {
            const QImage written(path);
            QCOMPARE(written.size(), pixels);
            QVERIFY(check.findChild<QLabel*>(QStringLiteral("size"))
                        ->text()
                        .startsWith(QLocale().toString(pixels.width())));
        } else {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray pdf = f.readAll();
            const auto m = QRegularExpression(QStringLiteral("/MediaBox \\[0 0 ([0-9.]+) ([0-9.]+)\\]"))
                               .match(QString::fromLatin1(pdf));
            QVERIFY(m.hasMatch());
            QVERIFY(std::abs(m.captured(1).toDouble() - inches.width() * 72) < 1.0);
            QVERIFY(std::abs(m.captured(2).toDouble() - inches.height() * 72) < 1.0);
        }
    }

    /// Small maps stay small: every panel of a 20-panel PDF of 28x28 maps is a 28x28 lossless image (Flate, not JPEG)
    /// drawn without smoothing, and the file is tens of kilobytes, not megabytes; SVG panels are 28x28 PNGs marked
    /// image-rendering="optimizeSpeed".
    void smallPanelsAtNativeResolution()
    {
        app::FigureSpec spec = demoSpec();
        spec.sampleIndices = {0, 1, 2, 3, 4};
        app::FigureColumn g;
        g.method.method = "gradient";
        app::FigureColumn l;
        l.method.method = "lrp-epsilon";
        app::FigureColumn c;
        c.method.method = "grad-cam";
        spec.columns = {spec.columns[0], g, l, c};
        const QString pdfPath = m_tmp.filePath(QStringLiteral("grid.pdf"));
        app::exportFigure(spec, pdfPath);
        QFile f(pdfPath);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray pdf = f.readAll();
        qInfo("20-panel PDF of 28x28 maps: %lld bytes", static_cast<long long>(pdf.size()));
        QVERIFY2(pdf.size() < 300 * 1024, qPrintable(QString::number(pdf.size())));
        QVERIFY(!pdf.contains("/DCTDecode"));
        QVERIFY(!pdf.contains("/Interpolate true"));
        const auto widths = QRegularExpression(QStringLiteral("/Subtype /Image\\s*/Width (\\d+)\\s*/Height (\\d+)"))
                                .globalMatch(QString::fromLatin1(pdf));
        int images = 0;
        for (auto it = widths; it.hasNext();) {
            const auto m = it.next();
            if (m.captured(1).toInt() == 28 && m.captured(2).toInt() == 28)
                ++images;
        }
        QVERIFY2(images >= 20, qPrintable(QString("%1 images of 28 x 28 pixels").arg(images)));

        const QString svgPath = m_tmp.filePath(QStringLiteral("grid.svg"));
        app::exportFigure(spec, svgPath);
        QFile s(svgPath);
        QVERIFY(s.open(QIODevice::ReadOnly));
        const QByteArray svg = s.readAll();
        QVERIFY(svg.count("<image") >= 20);
        QCOMPARE(svg.count("<image"), svg.count("image-rendering=\"optimizeSpeed\""));
        const QByteArray first = svg.mid(svg.indexOf("base64,") + 7);
        const QImage panel = QImage::fromData(QByteArray::fromBase64(first.left(first.indexOf('"'))));
        QCOMPARE(panel.size(), QSize(28, 28));
    }
};

QTEST_MAIN(TestFigureExport)
#include "test_figure_export.moc"
