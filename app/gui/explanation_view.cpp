#include "explanation_view.h"

#include "common/explanation_views.h"

#include "lantern/render/colormap.h"
#include "lantern/widgets/class_legend.h"
#include "lantern/widgets/colorbar.h"
#include "lantern/widgets/map_grid.h"
#include "lantern/widgets/overlay_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace lantern::gui {

ExplanationView::ExplanationView(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    layout->addWidget(m_tabs);

    // Overlay
    auto* overlayPage = new QWidget(m_tabs);
    auto* ol = new QVBoxLayout(overlayPage);
    auto* row = new QHBoxLayout;
    m_overlay = new widgets::OverlayView(overlayPage);
    m_overlay->setPlaceholder(tr("Open a model and samples (File menu, or drop files here)"));
    m_colorbar = new widgets::ColorBar(Qt::Vertical, overlayPage);
    row->addWidget(m_overlay, 1);
    row->addWidget(m_colorbar);
    ol->addLayout(row, 1);
    m_readout = new QLabel(overlayPage);
    m_readout->setAlignment(Qt::AlignCenter);
    m_readout->setText(tr("Point at the image to read the map's value"));
    ol->addWidget(m_readout);
    m_tabs->addTab(overlayPage, tr("&Overlay"));
    connect(m_overlay, &widgets::OverlayView::hovered, this, [this](int x, int y, float v) {
        m_readout->setText(std::isnan(v) ? tr("pixel (%1, %2)").arg(x).arg(y)
                                         : tr("pixel (%1, %2): %3").arg(x).arg(y).arg(QLocale().toString(v, 'g', 4)));
    });

    // Summary
    auto* summaryPage = new QWidget(m_tabs);
    auto* sl = new QVBoxLayout(summaryPage);
    m_summaryStatus = new QLabel(tr("Top-n filters of every conv layer back-projected to the input "
                                    "(attentive response, Ziletti et al. 2018)"),
                                 summaryPage);
    m_summaryStatus->setWordWrap(true);
    auto* summaryBar = new QHBoxLayout;
    summaryBar->addWidget(m_summaryStatus, 1);
    auto* styleLabel = new QLabel(tr("St&yle:"), summaryPage);
    m_responseStyle = new QComboBox(summaryPage);
    m_responseStyle->addItem(tr("ai4materials (Ziletti et al. 2018)"), QStringLiteral("ai4materials"));
    m_responseStyle->addItem(tr("Zeiler–Fergus deconvnet"), QStringLiteral("zeiler-fergus"));
    m_responseStyle->setToolTip(tr("ai4materials: each filter's strongest unit back-projected with the forward ReLU "
                                   "masks and nearest-neighbour unpooling, as the paper's code does. Zeiler–Fergus: "
                                   "the filter's whole activation map through deconvnet ReLUs and pooling switches."));
    styleLabel->setBuddy(m_responseStyle);
    summaryBar->addWidget(styleLabel);
    summaryBar->addWidget(m_responseStyle);
    sl->addLayout(summaryBar);
    connect(m_responseStyle, &QComboBox::currentIndexChanged, this,
            [this] { emit responseStyleChanged(responseStyle()); });
    auto* scroll = new QScrollArea(summaryPage);
    scroll->setWidgetResizable(true);
    m_summary = new widgets::MapGrid(scroll);
    scroll->setWidget(m_summary);
    sl->addWidget(scroll, 1);
    m_tabs->addTab(summaryPage, tr("&Summary"));
    connect(m_summary, &widgets::MapGrid::cellClicked, this, &ExplanationView::summaryCellClicked);

    // Dominant
    auto* dominantPage = new QWidget(m_tabs);
    auto* dl = new QVBoxLayout(dominantPage);
    m_dominant = new widgets::OverlayView(dominantPage);
    m_dominantLegend = new widgets::ClassLegend(dominantPage);
    dl->addWidget(m_dominant, 1);
    dl->addWidget(m_dominantLegend);
    m_tabs->addTab(dominantPage, tr("&Dominant filter"));

    // CLEAR
    auto* clearPage = new QWidget(m_tabs);
    auto* cl = new QVBoxLayout(clearPage);
    m_clear = new widgets::OverlayView(clearPage);
    m_clearLegend = new widgets::ClassLegend(clearPage);
    cl->addWidget(m_clear, 1);
    cl->addWidget(m_clearLegend);
    m_tabs->addTab(clearPage, tr("&CLEAR classes"));

    m_tabs->setTabToolTip(0, tr("The input with the chosen method's map overlaid"));
    m_tabs->setTabToolTip(1, tr("Input | top-n attentive response maps per conv layer | their sum"));
    m_tabs->setTabToolTip(2, tr("Which of the layer's top filters responds most at each pixel"));
    m_tabs->setTabToolTip(3, tr("Which class's back-projected response dominates at each pixel (CLEAR)"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { emit modeChanged(mode()); });
}

ExplanationView::Mode ExplanationView::mode() const
{
    return static_cast<Mode>(std::max(0, m_tabs->currentIndex()));
}

void ExplanationView::setMode(Mode mode)
{
    m_tabs->setCurrentIndex(static_cast<int>(mode));
}

QString ExplanationView::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Summary:
        return QStringLiteral("summary");
    case Mode::Dominant:
        return QStringLiteral("dominant");
    case Mode::Clear:
        return QStringLiteral("clear");
    case Mode::Overlay:
        break;
    }
    return QStringLiteral("overlay");
}

ExplanationView::Mode ExplanationView::modeFromName(const QString& name)
{
    for (Mode m : {Mode::Overlay, Mode::Summary, Mode::Dominant, Mode::Clear})
        if (modeName(m) == name)
            return m;
    return Mode::Overlay;
}

void ExplanationView::setBase(const QImage& image, const QString& caption)
{
    m_base = image;
    for (auto* v : {m_overlay, m_dominant, m_clear}) {
        v->setBase(image);
        v->setMap({});
        v->setCategorical({});
        v->setTitle(caption);
    }
}

void ExplanationView::setStyle(const render::OverlayStyle& style)
{
    m_style = style;
    m_overlay->setStyle(style);
    m_summary->setStyle(style);
    render::OverlayStyle cat = style;
    cat.contourLevels = 0;
    m_dominant->setStyle(cat);
    m_clear->setStyle(cat);
    m_colorbar->setColormap(render::resolveColormap(style));
    m_colorbar->setRange(m_overlay->range());
}

void ExplanationView::setBusy(Mode mode, bool busy, const QString& message)
{
    switch (mode) {
    case Mode::Overlay:
        m_overlay->setBusy(busy, message);
        break;
    case Mode::Summary:
        if (busy)
            m_summaryStatus->setText(message);
        break;
    case Mode::Dominant:
        m_dominant->setBusy(busy, message);
        break;
    case Mode::Clear:
        m_clear->setBusy(busy, message);
        break;
    }
}

void ExplanationView::showError(Mode mode, const QString& message)
{
    setBusy(mode, false);
    const QString text = tr("Cannot compute: %1").arg(message);
    switch (mode) {
    case Mode::Overlay:
        m_overlay->setMap({});
        m_readout->setText(text);
        break;
    case Mode::Summary:
        m_summary->clear();
        m_summaryStatus->setText(text);
        break;
    case Mode::Dominant:
        m_dominant->setCategorical({});
        m_dominant->setTitle(text);
        break;
    case Mode::Clear:
        m_clear->setCategorical({});
        m_clear->setTitle(text);
        break;
    }
}

void ExplanationView::clearAll(const QString& placeholder)
{
    m_base = QImage();
    for (auto* v : {m_overlay, m_dominant, m_clear}) {
        v->setBase({});
        v->setMap({});
        v->setCategorical({});
        v->setTitle({});
        v->setPlaceholder(placeholder);
        v->setBusy(false);
    }
    m_summary->clear();
    m_dominantLegend->setClasses({}, {});
    m_clearLegend->setClasses({}, {});
}

void ExplanationView::showOverlay(const QString& title, const explain::Explanation& e, const std::string& layout)
{
    m_overlay->setBusy(false);
    m_overlay->setTitle(title);
    if (e.method == "optimal-input") {
        m_overlay->setBase(render::sampleImage(e.map, layout)); // batch of one
        m_overlay->setMap({});
    } else {
        m_overlay->setBase(m_base);
        m_overlay->setMap(app::mainMap(e, 0, layout));
    }
    m_colorbar->setColormap(render::resolveColormap(m_style));
    m_colorbar->setRange(m_overlay->range());
    m_colorbar->setLabel(e.method.rfind("lrp", 0) == 0 || e.method.rfind("deep-taylor", 0) == 0 ? tr("relevance")
                                                                                               : tr("attribution"));
}

QString ExplanationView::responseStyle() const
{
    return m_responseStyle->currentData().toString();
}

void ExplanationView::setResponseStyle(const QString& style)
{
    const int i = m_responseStyle->findData(style);
    if (i >= 0)
        m_responseStyle->setCurrentIndex(i);
}

void ExplanationView::showSummary(const explain::Explanation& e, const std::vector<std::string>& layers,
                                  const std::string& layout)
{
    QStringList titles;
    std::vector<std::vector<widgets::MapGridCell>> rows;
    for (size_t l = 0; l < layers.size(); ++l) {
        const app::FilterMaps f = app::filterMaps(e, layers[l], 0, layout);
        std::vector<widgets::MapGridCell> cells;
        cells.push_back({tr("input"), m_base, {}, {}});
        for (size_t k = 0; k < f.maps.size(); ++k)
            cells.push_back({tr("filter %1").arg(f.filters[k]), m_base, f.maps[k], {}});
        if (l + 1 == layers.size()) // ai4materials shows the sum of the last conv layer's maps
            cells.push_back({tr("sum"), m_base, f.sum, {}});
        titles << QString::fromStdString(layers[l]);
        rows.push_back(std::move(cells));
    }
    // fit the columns into the visible width (cells between 48 and 160 px)
    if (!rows.empty()) {
        const int columns = static_cast<int>(rows.back().size());
        const int available = m_summary->parentWidget() ? m_summary->parentWidget()->width() : width();
        m_summary->setCellSize(std::clamp((available - 90) / std::max(columns, 1) - 10, 48, 160));
    }
    m_summary->setRows(titles, rows);
    m_summaryStatus->setText(tr("Top-%1 filters of %2 conv layers back-projected to the input, and the sum of the "
                                "last layer's maps; click a map to inspect that layer")
                                 .arg(rows.empty() ? 0 : static_cast<int>(rows.front().size()) - 1)
                                 .arg(rows.size()));
}

void ExplanationView::showDominant(const QString& layer, const explain::Explanation& e, const std::string& layout)
{
    m_dominant->setBusy(false);
    const app::Categorical c = app::dominantFilters(e, layer.toStdString(), 0, layout);
    m_dominant->setBase(m_base);
    m_dominant->setCategorical(c.image);
    m_dominant->setTitle(tr("Dominant filter per pixel in %1 (brighter = stronger response)").arg(layer));
    QStringList labels;
    for (int id : c.ids)
        labels << tr("filter %1").arg(id);
    m_dominantLegend->setClasses(c.colors, labels);
}

void ExplanationView::showClear(const explain::Explanation& e, const QStringList& classNames, const std::string& layout)
{
    m_clear->setBusy(false);
    const app::Categorical c = app::dominantClasses(e, 0, layout);
    m_clear->setBase(m_base);
    m_clear->setCategorical(c.image);
    m_clear->setTitle(tr("Dominant class per pixel (CLEAR; brighter = stronger response)"));
    QStringList labels;
    for (int id : c.ids)
        labels << (id < classNames.size() ? classNames[id] : QString::number(id));
    m_clearLegend->setClasses(c.colors, labels);
}

QImage ExplanationView::currentImage(int scale) const
{
    switch (mode()) {
    case Mode::Dominant:
        return m_dominant->grabImage(scale);
    case Mode::Clear:
        return m_clear->grabImage(scale);
    case Mode::Summary:
        return m_summary->grab().toImage();
    case Mode::Overlay:
        break;
    }
    return m_overlay->grabImage(scale);
}

} // namespace lantern::gui
