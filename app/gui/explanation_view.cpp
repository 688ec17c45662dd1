#include "explanation_view.h"

#include "common/explanation_views.h"
#include "geo_overlay_page.h"

#include "lantern/render/colormap.h"
#include "lantern/widgets/class_legend.h"
#include "lantern/widgets/colorbar.h"
#include "lantern/widgets/map_grid.h"
#include "lantern/widgets/overlay_view.h"

#include <QComboBox>
#include <QDialog>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTabBar>
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

    // Overlay: the image overlay, or the map page for gridded samples
    m_overlayStack = new QStackedWidget(m_tabs);
    auto* overlayPage = new QWidget(m_overlayStack);
    auto* ol = new QVBoxLayout(overlayPage);
    m_overlayStack->addWidget(overlayPage);
    m_geo = new GeoOverlayPage(m_overlayStack);
    m_overlayStack->addWidget(m_geo);
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
    m_tabs->addTab(m_overlayStack, tr("&Overlay"));
    m_readout->setWordWrap(true);
    connect(m_overlay, &widgets::OverlayView::hovered, this, [this](int x, int y, float) {
        m_pointed = QPoint(x, y);
        updateReadout();
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
    m_summaryScroll = new QScrollArea(summaryPage);
    m_summaryScroll->setWidgetResizable(true);
    m_summary = new widgets::MapGrid(m_summaryScroll);
    m_summary->setToolTip(tr("Click a map to see it large"));
    m_summaryScroll->setWidget(m_summary);
    m_summaryScroll->viewport()->installEventFilter(this);
    sl->addWidget(m_summaryScroll, 1);
    m_tabs->addTab(summaryPage, tr("&Summary"));
    connect(m_summary, &widgets::MapGrid::cellClicked, this, [this](int r, int c) {
        enlargeSummaryCell(r, c);
        emit summaryCellClicked(r, c);
    });

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

    // Filter
    auto* filterPage = new QWidget(m_tabs);
    auto* fl = new QHBoxLayout(filterPage);
    m_filter = new widgets::OverlayView(filterPage);
    m_filter->setPlaceholder(tr("Click a filter in the Model layers panel to see what it responds to"));
    m_filterColorbar = new widgets::ColorBar(Qt::Vertical, filterPage);
    m_filterColorbar->hide();
    fl->addWidget(m_filter, 1);
    fl->addWidget(m_filterColorbar);
    m_tabs->addTab(filterPage, tr("&Filter"));

    m_tabs->setTabToolTip(0, tr("The input with the chosen method's map overlaid"));
    m_tabs->setTabToolTip(1, tr("Input | top-n attentive response maps per conv layer | their sum"));
    m_tabs->setTabToolTip(2, tr("Which of the layer's top filters responds most at each pixel"));
    m_tabs->setTabToolTip(3, tr("Which class's back-projected response dominates at each pixel (CLEAR)"));
    m_tabs->setTabToolTip(4, tr("The attentive response map of the filter clicked in the Model layers panel"));
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
    case Mode::Filter:
        return QStringLiteral("filter");
    case Mode::Overlay:
        break;
    }
    return QStringLiteral("overlay");
}

ExplanationView::Mode ExplanationView::modeFromName(const QString& name)
{
    for (Mode m : {Mode::Overlay, Mode::Summary, Mode::Dominant, Mode::Clear, Mode::Filter})
        if (modeName(m) == name)
            return m;
    return Mode::Overlay;
}

void ExplanationView::updateReadout()
{
    const render::ScalarMap& map = m_overlay->map();
    if (map.isEmpty()) {
        m_readout->setText(tr("Point at the image to read the map's value"));
        return;
    }
    if (m_pointed && m_pointed->x() < map.width && m_pointed->y() < map.height) {
        const float v = map.at(m_pointed->x(), m_pointed->y());
        m_readout->setText(
            tr("pixel (%1, %2): %3").arg(m_pointed->x()).arg(m_pointed->y()).arg(QLocale().toString(v, 'g', 4)));
        return;
    }
    float lo = 0, hi = 0;
    for (float v : map.values)
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    m_readout->setText(tr("map values %1 … %2; point at the image to read one")
                           .arg(QLocale().toString(lo, 'g', 3), QLocale().toString(hi, 'g', 3)));
}

void ExplanationView::setBase(const QImage& image, const QString& caption)
{
    m_base = image;
    for (auto* v : {m_overlay, m_dominant, m_clear, m_filter}) {
        v->setBase(image);
        v->setMap({});
        v->setCategorical({});
        v->setTitle(caption);
    }
}

void ExplanationView::setGeoField(std::shared_ptr<const geo::GeoField> field, const geo::DisplayGrid& grid)
{
    const bool on = field != nullptr;
    if (on)
        m_geo->setField(std::move(field), grid);
    else
        m_geo->clear({});
    m_overlayStack->setCurrentIndex(on ? 1 : 0);
}

void ExplanationView::setGeoStep(int64_t step, const QString& caption)
{
    m_geo->showStep(step, caption);
}

bool ExplanationView::showsMap() const
{
    return m_overlayStack->currentIndex() == 1;
}

void ExplanationView::setStyle(const render::OverlayStyle& style)
{
    m_style = style;
    render::OverlayStyle shown = style;
    if (m_presenting)
        shown.opacity = std::max(shown.opacity, 0.85);
    m_overlay->setStyle(shown);
    m_filter->setStyle(shown);
    m_filterColorbar->setColormap(m_filter->colormap());
    m_summary->setStyle(shown);
    render::OverlayStyle cat = shown;
    cat.contourLevels = 0;
    m_dominant->setStyle(cat);
    m_clear->setStyle(cat);
    m_colorbar->setColormap(m_overlay->colormap());
    m_colorbar->setRange(m_overlay->range());
}

void ExplanationView::setPresenting(bool on)
{
    m_presenting = on;
    m_tabs->tabBar()->setVisible(!on);
    setStyle(m_style);
}

void ExplanationView::setBusy(Mode mode, bool busy, const QString& message)
{
    switch (mode) {
    case Mode::Overlay:
        m_overlay->setBusy(busy, message);
        if (showsMap())
            m_geo->setBusy(busy, message);
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
    case Mode::Filter:
        m_filter->setBusy(busy, message);
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
        m_colorbar->hide();
        m_readout->setText(text);
        if (showsMap())
            m_geo->showError(message);
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
    case Mode::Filter:
        m_filter->setMap({});
        m_filterColorbar->hide();
        m_filter->setTitle(text);
        break;
    }
}

void ExplanationView::clearAll(const QString& placeholder)
{
    m_base = QImage();
    for (auto* v : {m_overlay, m_dominant, m_clear, m_filter}) {
        v->setBase({});
        v->setMap({});
        v->setCategorical({});
        v->setTitle({});
        v->setPlaceholder(placeholder);
        v->setBusy(false);
    }
    m_summary->clear();
    m_geo->clear(placeholder);
    m_overlayStack->setCurrentIndex(0);
    m_dominantLegend->setClasses({}, {});
    m_clearLegend->setClasses({}, {});
    m_colorbar->hide();
    m_filterColorbar->hide();
    m_pointed.reset();
    updateReadout();
}

void ExplanationView::showOverlay(const QString& title, const explain::Explanation& e, const std::string& layout)
{
    m_overlay->setBusy(false);
    m_overlay->setTitle(title);
    if (showsMap())
        m_geo->showExplanation(title, e);
    if (e.method == "optimal-input") {
        m_overlay->setBase(render::sampleImage(e.map, layout)); // batch of one
        m_overlay->setMap({});
    } else {
        m_overlay->setBase(m_base);
        m_overlay->setMap(app::mainMap(e, 0, layout));
    }
    m_colorbar->setColormap(m_overlay->colormap());
    m_colorbar->setRange(m_overlay->range());
    m_colorbar->setVisible(!m_overlay->map().isEmpty());
    updateReadout();
    m_colorbar->setLabel(e.method.rfind("lrp", 0) == 0 || e.method.rfind("deep-taylor", 0) == 0 ? tr("relevance")
                                                                                                : tr("attribution"));
}

bool ExplanationView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_summaryScroll->viewport() && event->type() == QEvent::Resize)
        fitSummary();
    return QWidget::eventFilter(watched, event);
}

void ExplanationView::fitSummary()
{
    if (m_summaryData.empty())
        return;
    // the tiles use the space there is: as large as lets the whole grid fit (scrolls only below 48 px), in the
    // orientation (a row or a column per layer) that gives the larger tiles
    const QSize available = m_summaryScroll->viewport()->size() - QSize(4, 4);
    const SummaryGrid byLayer = summaryGrid(false), byRank = summaryGrid(true);
    const int a = m_summary->cellSizeToFit(available, byLayer.titles, byLayer.rows);
    const int b = m_summary->cellSizeToFit(available, byRank.titles, byRank.rows);
    const SummaryLayout wanted = b > a ? SummaryLayout::ByRank : SummaryLayout::ByLayer;
    if (wanted != m_summaryLayout) {
        const SummaryGrid& g = wanted == SummaryLayout::ByRank ? byRank : byLayer;
        m_summaryLayout = wanted;
        m_summaryCellLayers = g.layers;
        m_summary->setRows(g.titles, g.rows);
    }
    m_summary->setCellSize(std::max(a, b));
}

QDialog* ExplanationView::enlargeSummaryCell(int row, int column)
{
    const widgets::MapGridCell* cell = m_summary->cell(row, column);
    if (!cell)
        return nullptr;
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("EnlargedTile"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QString layer;
    if (row >= 0 && static_cast<size_t>(row) < m_summaryCellLayers.size() &&
        static_cast<size_t>(column) < m_summaryCellLayers[static_cast<size_t>(row)].size())
        layer = m_summaryCellLayers[static_cast<size_t>(row)][static_cast<size_t>(column)];
    dialog->setWindowTitle(layer.isEmpty() || cell->title.startsWith(layer)
                               ? cell->title
                               : QStringLiteral("%1 — %2").arg(layer, cell->title));
    auto* layout = new QHBoxLayout(dialog);
    auto* view = new widgets::OverlayView(dialog);
    view->setStyle(m_summary->style());
    view->setBase(cell->base);
    view->setMap(cell->map);
    view->setCategorical(cell->categorical);
    view->setTitle(dialog->windowTitle());
    layout->addWidget(view, 1);
    if (!cell->map.isEmpty()) {
        auto* bar = new widgets::ColorBar(Qt::Vertical, dialog);
        bar->setColormap(view->colormap());
        bar->setRange(view->range());
        layout->addWidget(bar);
    }
    dialog->resize(560, 520);
    dialog->show();
    return dialog;
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
    m_summaryData.clear();
    for (const auto& layer : layers)
        m_summaryData.push_back({QString::fromStdString(layer), app::filterMaps(e, layer, 0, layout)});
    m_summaryLayout = SummaryLayout::Unset;
    fitSummary();
    const int top = m_summaryData.empty() ? 0 : static_cast<int>(m_summaryData.front().maps.maps.size());
    m_summaryStatus->setText(tr("Top-%1 filters of %2 conv layers back-projected to the input, and the sum of the "
                                "last layer's maps; click a map to see it large")
                                 .arg(top)
                                 .arg(m_summaryData.size()));
}

ExplanationView::SummaryGrid ExplanationView::summaryGrid(bool byRank) const
{
    SummaryGrid g;
    const size_t layers = m_summaryData.size();
    if (!byRank) { // a row per layer: input | top-n maps (| the sum of the last layer's maps)
        for (size_t l = 0; l < layers; ++l) {
            const auto& d = m_summaryData[l];
            std::vector<widgets::MapGridCell> cells;
            std::vector<QString> owners;
            cells.push_back({tr("input"), m_base, {}, {}});
            for (size_t k = 0; k < d.maps.maps.size(); ++k)
                cells.push_back({tr("filter %1").arg(d.maps.filters[k]), m_base, d.maps.maps[k], {}});
            if (l + 1 == layers) // ai4materials shows the sum of the last conv layer's maps
                cells.push_back({tr("sum"), m_base, d.maps.sum, {}});
            owners.assign(cells.size(), d.layer);
            g.titles << d.layer;
            g.rows.push_back(std::move(cells));
            g.layers.push_back(std::move(owners));
        }
        return g;
    }
    // a column per layer (for tall, narrow panels): the input, then rank 1..n, then the last layer's sum
    size_t ranks = 0;
    for (const auto& d : m_summaryData)
        ranks = std::max(ranks, d.maps.maps.size());
    g.titles << tr("input");
    g.rows.push_back({{tr("input"), m_base, {}, {}}});
    g.layers.push_back({QString()});
    for (size_t k = 0; k < ranks; ++k) {
        std::vector<widgets::MapGridCell> cells;
        std::vector<QString> owners;
        for (const auto& d : m_summaryData) {
            if (k < d.maps.maps.size())
                cells.push_back({QStringLiteral("%1 · %2").arg(d.layer, tr("filter %1").arg(d.maps.filters[k])),
                                 m_base,
                                 d.maps.maps[k],
                                 {}});
            else
                cells.push_back({});
            owners.push_back(d.layer);
        }
        g.titles << tr("#%1").arg(k + 1);
        g.rows.push_back(std::move(cells));
        g.layers.push_back(std::move(owners));
    }
    if (layers > 0) {
        std::vector<widgets::MapGridCell> cells(layers);
        std::vector<QString> owners(layers);
        cells.back() = {QStringLiteral("%1 · %2").arg(m_summaryData.back().layer, tr("sum")),
                        m_base,
                        m_summaryData.back().maps.sum,
                        {}};
        owners.back() = m_summaryData.back().layer;
        g.titles << tr("sum");
        g.rows.push_back(std::move(cells));
        g.layers.push_back(std::move(owners));
    }
    return g;
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

void ExplanationView::showFilter(const QString& title, const explain::Explanation& e, const std::string& layout)
{
    m_filter->setBusy(false);
    m_filter->setBase(m_base);
    m_filter->setTitle(title);
    m_filter->setMap(app::mainMap(e, 0, layout));
    m_filterColorbar->setColormap(m_filter->colormap());
    m_filterColorbar->setRange(m_filter->range());
    m_filterColorbar->setLabel(tr("response"));
    m_filterColorbar->show();
}

QImage ExplanationView::currentImage(int scale) const
{
    switch (mode()) {
    case Mode::Filter:
        return m_filter->grabImage(scale);
    case Mode::Dominant:
        return m_dominant->grabImage(scale);
    case Mode::Clear:
        return m_clear->grabImage(scale);
    case Mode::Summary:
        return m_summary->grab().toImage();
    case Mode::Overlay:
        break;
    }
    if (showsMap())
        return m_geo->grabImage(scale);
    return m_overlay->grabImage(scale);
}

} // namespace lantern::gui
