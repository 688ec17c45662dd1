#include "export_dialog.h"

#include "common/figure_job.h"
#include "common/geo_figure_job.h"

#include "lantern/explain/explainer.h"
#include "lantern/render/figure.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace lantern::gui {

namespace {

constexpr int kMaxRows = 200;

const QStringList& formats()
{
    static const QStringList f{QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf")};
    return f;
}

/// The base spec's method column (the current method), if any.
const app::FigureColumn* currentMethodColumn(const app::FigureSpec& base)
{
    for (const auto& c : base.columns)
        if (c.kind == "method")
            return &c;
    return nullptr;
}

} // namespace

std::optional<std::vector<int64_t>> ExportDialog::parseSampleList(const QString& text, int sampleCount, QString* error)
{
    auto fail = [error](const QString& message) -> std::optional<std::vector<int64_t>> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    static const QRegularExpression single(QStringLiteral("^(\\d+)$"));
    static const QRegularExpression range(QStringLiteral("^(\\d+)\\s*[-–]\\s*(\\d+)$"));
    std::vector<int64_t> out;
    const QStringList parts = text.split(QRegularExpression(QStringLiteral("[,;]")), Qt::SkipEmptyParts);
    for (QString part : parts) {
        part = part.trimmed();
        if (part.isEmpty())
            continue;
        // "3 4 7" (spaces only) is a list too
        const QStringList words = part.contains(QLatin1Char('-')) || part.contains(QChar(0x2013))
                                      ? QStringList{part}
                                      : part.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (const QString& word : words) {
            int64_t lo = 0, hi = 0;
            if (const auto m = single.match(word); m.hasMatch()) {
                lo = hi = m.captured(1).toLongLong();
            } else if (const auto r = range.match(word); r.hasMatch()) {
                lo = r.captured(1).toLongLong();
                hi = r.captured(2).toLongLong();
                if (hi < lo)
                    return fail(tr("The range “%1” runs backwards.").arg(word));
            } else {
                return fail(tr("“%1” is not a sample index or a range like 0-5.").arg(word));
            }
            if (hi >= sampleCount)
                return fail(sampleCount > 0 ? tr("Sample %1 does not exist: the samples are numbered 0 to %2.")
                                                  .arg(QLocale().toString(static_cast<qlonglong>(hi)),
                                                       QLocale().toString(sampleCount - 1))
                                            : tr("There are no samples."));
            if (static_cast<int64_t>(out.size()) + (hi - lo + 1) > kMaxRows)
                return fail(tr("At most %1 rows fit in one figure.").arg(QLocale().toString(kMaxRows)));
            for (int64_t i = lo; i <= hi; ++i)
                out.push_back(i);
        }
    }
    if (out.empty())
        return fail(tr("Enter the sample indices of the rows, e.g. 0-5, 9."));
    return out;
}

ExportDialog::ExportDialog(const app::FigureSpec& base, int sampleCount, QWidget* parent)
    : QDialog(parent), m_base(base), m_sampleCount(sampleCount)
{
    setWindowTitle(tr("Export Figure"));

    // output file and format
    m_path = new QLineEdit(this);
    m_path->setPlaceholderText(tr("figure.png"));
    auto* browseButton = new QPushButton(tr("Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browseButton);
    m_format = new QComboBox(this);
    m_format->addItem(tr("PNG image"), formats()[0]);
    m_format->addItem(tr("SVG (vector)"), formats()[1]);
    m_format->addItem(tr("PDF (vector)"), formats()[2]);
    m_dpi = new QSpinBox(this);
    m_dpi->setRange(30, 2400);
    m_dpi->setSingleStep(50);
    m_dpi->setValue(base.dpi > 0 ? base.dpi : 300);
    m_dpi->setSuffix(tr(" dpi"));

    auto* fileBox = new QGroupBox(tr("Output"), this);
    auto* fileForm = new QFormLayout(fileBox);
    fileForm->addRow(tr("File:"), pathRow);
    fileForm->addRow(tr("Format:"), m_format);
    fileForm->addRow(tr("Resolution:"), m_dpi);

    // appearance
    m_panelInches = new QDoubleSpinBox(this);
    m_panelInches->setRange(0.3, 20.0);
    m_panelInches->setSingleStep(0.1);
    m_panelInches->setDecimals(2);
    m_panelInches->setValue(base.panelInches);
    m_panelInches->setSuffix(tr(" in"));
    m_fontPoints = new QDoubleSpinBox(this);
    m_fontPoints->setRange(4.0, 72.0);
    m_fontPoints->setSingleStep(0.5);
    m_fontPoints->setDecimals(1);
    m_fontPoints->setValue(base.fontPoints);
    m_fontPoints->setSuffix(tr(" pt"));
    m_title = new QLineEdit(QString::fromStdString(base.title), this);
    m_title->setPlaceholderText(tr("(none)"));
    m_colorbar = new QCheckBox(tr("Colorbars"), this);
    m_colorbar->setChecked(base.colorbar);
    m_sharedRange = new QCheckBox(tr("One shared range for all maps"), this);
    m_sharedRange->setChecked(base.sharedRange);

    auto* lookBox = new QGroupBox(tr("Appearance"), this);
    auto* lookForm = new QFormLayout(lookBox);
    lookForm->addRow(tr("Panel width:"), m_panelInches);
    lookForm->addRow(tr("Font size:"), m_fontPoints);
    lookForm->addRow(tr("Title:"), m_title);
    lookForm->addRow(QString(), m_colorbar);
    lookForm->addRow(QString(), m_sharedRange);

    // layout
    const app::FigureColumn* current = currentMethodColumn(base);
    const QString currentName = current ? QString::fromStdString(current->method.method) : QString();
    m_currentView =
        new QRadioButton(tr("Current view (input | %1)").arg(currentName.isEmpty() ? tr("method") : currentName), this);
    m_grid = new QRadioButton(tr("Samples × methods grid"), this);
    m_currentView->setChecked(true);
    m_rows = new QLineEdit(this);
    m_rows->setPlaceholderText(tr("e.g. 0-5, 9"));
    if (!base.sampleIndices.empty())
        m_rows->setText(QString::number(base.sampleIndices.front()));
    m_rows->setToolTip(tr("Sample indices (0 to %1), separated by commas; ranges like 0-5 are inclusive.")
                           .arg(QLocale().toString(std::max(0, sampleCount - 1))));
    m_methods = new QListWidget(this);
    for (const auto& m : explain::methods()) {
        auto* item = new QListWidgetItem(QString::fromStdString(m.name), m_methods);
        item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        item->setCheckState(QString::fromStdString(m.name) == currentName ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(QString::fromStdString(m.summary));
    }
    m_methods->setMinimumHeight(140);
    m_includeInput = new QCheckBox(tr("Include the input as the first column"), this);
    m_includeInput->setChecked(true);

    m_gridBox = new QWidget(this);
    auto* gridForm = new QFormLayout(m_gridBox);
    gridForm->setContentsMargins(20, 0, 0, 0);
    gridForm->addRow(tr("Rows (samples):"), m_rows);
    gridForm->addRow(tr("Columns (methods):"), m_methods);
    gridForm->addRow(QString(), m_includeInput);

    auto* layoutBox = new QGroupBox(tr("Layout"), this);
    auto* layoutCol = new QVBoxLayout(layoutBox);
    layoutCol->addWidget(m_currentView);
    layoutCol->addWidget(m_grid);
    layoutCol->addWidget(m_gridBox);

    m_size = new QLabel(this);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    QPalette warn = m_message->palette();
    warn.setColor(QPalette::WindowText, QColor(0xb0, 0x20, 0x20));
    m_message->setPalette(warn);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));

    m_path->setObjectName(QStringLiteral("path"));
    m_format->setObjectName(QStringLiteral("format"));
    m_dpi->setObjectName(QStringLiteral("dpi"));
    m_panelInches->setObjectName(QStringLiteral("panelInches"));
    m_fontPoints->setObjectName(QStringLiteral("fontPoints"));
    m_title->setObjectName(QStringLiteral("title"));
    m_currentView->setObjectName(QStringLiteral("currentView"));
    m_grid->setObjectName(QStringLiteral("grid"));
    m_rows->setObjectName(QStringLiteral("rows"));
    m_methods->setObjectName(QStringLiteral("methods"));
    m_includeInput->setObjectName(QStringLiteral("includeInput"));
    m_colorbar->setObjectName(QStringLiteral("colorbar"));
    m_sharedRange->setObjectName(QStringLiteral("sharedRange"));
    m_size->setObjectName(QStringLiteral("size"));
    m_message->setObjectName(QStringLiteral("message"));

    auto* top = new QVBoxLayout(this);
    top->addWidget(fileBox);
    top->addWidget(layoutBox, 1);
    top->addWidget(lookBox);
    top->addWidget(m_size);
    top->addWidget(m_message);
    top->addWidget(m_buttons);

    connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_path, &QLineEdit::textEdited, this, &ExportDialog::pathEdited);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QSpinBox* s : {m_dpi})
        connect(s, &QSpinBox::valueChanged, this, &ExportDialog::updateState);
    for (QDoubleSpinBox* s : {m_panelInches, m_fontPoints})
        connect(s, &QDoubleSpinBox::valueChanged, this, &ExportDialog::updateState);
    for (QLineEdit* e : {m_title, m_rows, m_path})
        connect(e, &QLineEdit::textChanged, this, &ExportDialog::updateState);
    for (QAbstractButton* b :
         std::initializer_list<QAbstractButton*>{m_currentView, m_grid, m_includeInput, m_colorbar, m_sharedRange})
        connect(b, &QAbstractButton::toggled, this, &ExportDialog::updateState);
    connect(m_methods, &QListWidget::itemChanged, this, &ExportDialog::updateState);
    updateState();
}

QString ExportDialog::format() const
{
    return m_format->currentData().toString();
}

bool ExportDialog::gridMode() const
{
    return m_grid->isChecked();
}

QString ExportDialog::outputPath() const
{
    const QString text = m_path->text().trimmed();
    if (text.isEmpty())
        return {};
    const QString suffix = QFileInfo(text).suffix().toLower();
    return formats().contains(suffix) ? text : text + QLatin1Char('.') + format();
}

std::vector<app::FigureColumn> ExportDialog::gridColumns() const
{
    std::vector<app::FigureColumn> columns;
    if (m_includeInput->isChecked()) {
        app::FigureColumn input;
        input.kind = "input";
        columns.push_back(input);
    }
    const app::FigureColumn* current = currentMethodColumn(m_base);
    for (int i = 0; i < m_methods->count(); ++i) {
        const QListWidgetItem* item = m_methods->item(i);
        if (item->checkState() != Qt::Checked)
            continue;
        const std::string name = item->text().toStdString();
        if (current && current->method.method == name) {
            columns.push_back(*current); // keeps the parameters, layer and view on screen
            continue;
        }
        app::FigureColumn c;
        c.method.method = name;
        if (current)
            c.method.target = current->method.target; // same class for every method
        columns.push_back(c);
    }
    return columns;
}

app::FigureSpec ExportDialog::spec() const
{
    app::FigureSpec s = m_base;
    s.dpi = m_dpi->value();
    s.panelInches = m_panelInches->value();
    s.fontPoints = m_fontPoints->value();
    s.title = m_title->text().trimmed().toStdString();
    s.colorbar = m_colorbar->isChecked();
    s.sharedRange = m_sharedRange->isChecked();
    if (gridMode()) {
        if (auto rows = parseSampleList(m_rows->text(), m_sampleCount))
            s.sampleIndices = *rows;
        s.columns = gridColumns();
    }
    return s;
}

void ExportDialog::setOutputPath(const QString& path)
{
    if (path.isEmpty())
        return;
    m_path->setText(path);
    pathEdited();
}

void ExportDialog::setSampleInfo(std::vector<QString> names, std::vector<int64_t> labels, QSize panelPixels)
{
    m_names = std::move(names);
    m_labels = std::move(labels);
    if (!panelPixels.isEmpty())
        m_panelPixels = panelPixels;
    updateState();
}

void ExportDialog::browse()
{
    const QStringList filters{tr("PNG image (*.png)"), tr("SVG image (*.svg)"), tr("PDF document (*.pdf)")};
    QString selected = filters.value(m_format->currentIndex());
    const QString start = m_path->text().isEmpty() ? QStringLiteral("figure.") + format() : outputPath();
    QString path =
        QFileDialog::getSaveFileName(this, tr("Export Figure"), start, filters.join(QStringLiteral(";;")), &selected);
    if (path.isEmpty())
        return;
    if (!formats().contains(QFileInfo(path).suffix().toLower())) {
        const int chosen = std::max<int>(0, static_cast<int>(filters.indexOf(selected)));
        path += QLatin1Char('.') + formats()[chosen];
    }
    m_path->setText(path);
    pathEdited();
}

void ExportDialog::pathEdited()
{
    const int index = static_cast<int>(formats().indexOf(QFileInfo(m_path->text().trimmed()).suffix().toLower()));
    if (index >= 0 && index != m_format->currentIndex()) {
        const QSignalBlocker block(m_format);
        m_format->setCurrentIndex(index);
    }
    updateState();
}

void ExportDialog::formatChanged()
{
    const QString text = m_path->text().trimmed();
    if (!text.isEmpty()) {
        const QFileInfo info(text);
        const QString suffix = info.suffix().toLower();
        QString stem = text;
        if (formats().contains(suffix))
            stem.chop(suffix.size() + 1);
        m_path->setText(stem + QLatin1Char('.') + format());
    }
    updateState();
}

void ExportDialog::updateState()
{
    const bool grid = gridMode();
    m_gridBox->setEnabled(grid);
    m_dpi->setEnabled(format() == QLatin1String("png"));

    QString problem;
    std::vector<int64_t> rows = m_base.sampleIndices;
    std::vector<app::FigureColumn> columns = m_base.columns;
    if (grid) {
        QString error;
        if (auto parsed = parseSampleList(m_rows->text(), m_sampleCount, &error))
            rows = *parsed;
        else
            problem = error;
        columns = gridColumns();
        if (columns.empty() && problem.isEmpty())
            problem = tr("Check at least one method or the input column.");
    }
    if (problem.isEmpty() && m_path->text().trimmed().isEmpty())
        problem = tr("Choose the file to write.");
    m_message->setText(problem);
    m_message->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());

    // The size the figure will have: the figure job's own frame (grid, labels, colorbar and legend room) for these
    // rows and columns, so the preview equals the written file.
    app::FigureSpec preview = spec();
    preview.sampleIndices = rows;
    preview.columns = columns;
    std::vector<QString> names;
    std::vector<int64_t> labels;
    for (int64_t r : rows) {
        names.push_back(r >= 0 && static_cast<size_t>(r) < m_names.size()
                            ? m_names[static_cast<size_t>(r)]
                            : QFileInfo(QString::fromStdString(m_base.sampleSpec)).fileName() +
                                  QStringLiteral("[%1]").arg(r));
        labels.push_back(r >= 0 && static_cast<size_t>(r) < m_labels.size() ? m_labels[static_cast<size_t>(r)] : -1);
    }
    const render::Figure fig = app::figureFrame(preview, names, labels, m_panelPixels);
    const QSizeF inches = app::isGriddedSpec(preview.sampleSpec)
                              ? app::geoFigureFrameInches(preview, int(rows.size()), int(columns.size()))
                              : render::figureSizeInches(fig);
    m_previewInches = inches;
    m_previewPixels = QSize(static_cast<int>(std::lround(inches.width() * m_dpi->value())),
                            static_cast<int>(std::lround(inches.height() * m_dpi->value())));
    const QLocale locale;
    const QString grid2 = tr("%1 × %2 panels").arg(locale.toString(fig.rows), locale.toString(fig.columns));
    if (format() == QLatin1String("png"))
        m_size->setText(tr("%1 × %2 pixels (%3 × %4 in), %5")
                            .arg(locale.toString(m_previewPixels.width()), locale.toString(m_previewPixels.height()),
                                 locale.toString(inches.width(), 'f', 2), locale.toString(inches.height(), 'f', 2),
                                 grid2));
    else
        m_size->setText(tr("%1 × %2 in (%3 × %4 pt), %5")
                            .arg(locale.toString(inches.width(), 'f', 2), locale.toString(inches.height(), 'f', 2),
                                 locale.toString(inches.width() * 72.0, 'f', 0),
                                 locale.toString(inches.height() * 72.0, 'f', 0), grid2));
}

} // namespace lantern::gui
