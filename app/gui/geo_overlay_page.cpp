#include "geo_overlay_page.h"
#include "workspace.h"

#include "lantern/render/colormap.h"
#include "lantern/widgets/colorbar.h"
#include "lantern/widgets/geo_map_view.h"
#include "lantern/widgets/globe_view.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace lantern::gui {

namespace {

struct RegionPreset {
    const char* name;
    double west, south, east, north;
};

// Regions climate papers zoom into (degrees east, continuing past 360 where a region crosses 0 E)
const RegionPreset kRegions[] = {
    {QT_TRANSLATE_NOOP("lantern::gui::GeoOverlayPage", "Whole globe"), 0, 0, 0, 0},
    {QT_TRANSLATE_NOOP("lantern::gui::GeoOverlayPage", "Tropical Pacific (105E-290E, 22.5S-22.5N)"), 105, -22.5, 290, 22.5},
    {QT_TRANSLATE_NOOP("lantern::gui::GeoOverlayPage", "Nino-3.4 surroundings (150E-270E, 15S-15N)"), 150, -15, 270, 15},
    {QT_TRANSLATE_NOOP("lantern::gui::GeoOverlayPage", "North Atlantic (280E-360E, 0-70N)"), 280, 0, 360, 70},
    {QT_TRANSLATE_NOOP("lantern::gui::GeoOverlayPage", "Europe (340E-45E, 30N-72N)"), 340, 30, 405, 72},
    {QT_TRANSLATE_NOOP("lantern::gui::GeoOverlayPage", "Indian Ocean (30E-120E, 40S-30N)"), 30, -40, 120, 30},
};

/// 2048 x 1024: 0.18 degrees per texel, finer than any field the app shows, and cheap to remake on every switch
/// (bench/geo_bench.cpp)
constexpr int kGlobeTextureWidth = 2048;

QString degrees(double v, QChar positive, QChar negative)
{
    return QStringLiteral("%1\u00b0%2").arg(QLocale().toString(std::abs(v), 'f', 1)).arg(v >= 0 ? positive : negative);
}

} // namespace

QImage geoThumbnail(const SampleSet& set, int64_t i, int width)
{
    if (!set.field || i < 0 || i >= set.field->steps())
        return {};
    const int64_t cells = set.field->rows() * set.field->columns();
    return geoFieldImage(set.grid, set.grid.reorder(set.field->values.data() + i * cells), width);
}

QImage geoFieldImage(const geo::DisplayGrid& g, const std::vector<float>& v, int width)
{
    if (g.rows < 1 || g.cols < 1 || v.size() != size_t(g.rows * g.cols))
        return {};
    const render::GeoFill fill = render::defaultFieldFill(v, {});
    float top = 0;
    for (float x : v)
        if (std::isfinite(x))
            top = std::max(top, std::abs(x));
    if (!(top > 0))
        top = 1;
    const render::MapRange range = fill.range.value_or(render::MapRange{-top, top});
    const render::Colormap& cmap = render::colormap(fill.colormap);
    const double west = g.lonEdges.front(), east = g.lonEdges.back();
    const double north = g.latEdges.front(), south = g.latEdges.back();
    const int height = std::max(8, int(std::lround(width * (north - south) / std::max(1e-9, east - west))));
    QImage img(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        const double lat = north - (y + 0.5) * (north - south) / height;
        const auto r = std::upper_bound(g.latEdges.begin(), g.latEdges.end(), lat, std::greater<double>()) -
                       g.latEdges.begin() - 1;
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(y));
        for (int x = 0; x < width; ++x) {
            const double lon = west + (x + 0.5) * (east - west) / width;
            const auto c = std::upper_bound(g.lonEdges.begin(), g.lonEdges.end(), lon) - g.lonEdges.begin() - 1;
            const float value = r >= 0 && r < g.rows && c >= 0 && c < g.cols ? v[size_t(r * g.cols + c)] : NAN;
            line[x] = std::isfinite(value) ? cmap.map((value - range.lo) / std::max(1e-30f, range.hi - range.lo))
                                           : qRgb(200, 200, 200);
        }
    }
    return img;
}

GeoOverlayPage::GeoOverlayPage(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QVBoxLayout;
    bar->setSpacing(2);
    auto* projLabel = new QLabel(tr("Pro&jection:"), this);
    m_projection = new QComboBox(this);
    m_projection->addItem(tr("Robinson"), int(geo::ProjectionKind::Robinson));
    m_projection->addItem(tr("Plate Carrée"), int(geo::ProjectionKind::PlateCarree));
    m_projection->addItem(tr("Mollweide"), int(geo::ProjectionKind::Mollweide));
    m_projection->addItem(tr("Orthographic"), int(geo::ProjectionKind::Orthographic));
    projLabel->setBuddy(m_projection);
    auto* lonLabel = new QLabel(tr("C&entre:"), this);
    m_lon0 = new QDoubleSpinBox(this);
    m_lon0->setRange(-180, 360);
    m_lon0->setDecimals(0);
    m_lon0->setSingleStep(15);
    m_lon0->setSuffix(QStringLiteral("\u00b0E"));
    m_lon0->setValue(225);
    m_lon0->setToolTip(tr("Central longitude of the map (225°E centres the Pacific, as in Toms et al. 2020)"));
    lonLabel->setBuddy(m_lon0);
    auto* regionLabel = new QLabel(tr("&Region:"), this);
    m_region = new QComboBox(this);
    for (const RegionPreset& r : kRegions)
        m_region->addItem(tr(r.name));
    regionLabel->setBuddy(m_region);
    auto* modeLabel = new QLabel(tr("E&xplanation:"), this);
    m_mode = new QComboBox(this);
    m_mode->addItem(tr("Contours over the field"), int(widgets::GeoMapView::OverlayMode::Contours));
    m_mode->addItem(tr("Fill over the field"), int(widgets::GeoMapView::OverlayMode::Fill));
    m_mode->addItem(tr("Explanation only"), int(widgets::GeoMapView::OverlayMode::ExplanationOnly));
    m_mode->addItem(tr("Field only"), int(widgets::GeoMapView::OverlayMode::FieldOnly));
    m_mode->setToolTip(tr("Contours: solid positive, dashed negative, levels at even steps up to the largest value"));
    modeLabel->setBuddy(m_mode);
    m_globeButton = new QToolButton(this);
    m_globeButton->setText(tr("&Globe"));
    m_globeButton->setCheckable(true);
    m_globeButton->setToolTip(tr("Show the field on a 3-D globe (drag to rotate, wheel to zoom, double-click to reset)"));
    // two short rows, so the Overlay tab never forces the window wider than the image overlay does
    auto* rowA = new QHBoxLayout;
    auto* rowB = new QHBoxLayout;
    for (QWidget* w : std::initializer_list<QWidget*>{projLabel, m_projection, lonLabel, m_lon0})
        rowA->addWidget(w);
    rowA->addStretch(1);
    rowA->addWidget(m_globeButton);
    auto* levelsLabel = new QLabel(tr("&Levels:"), this);
    m_levels = new QLineEdit(this);
    m_levels->setObjectName(QStringLiteral("levels"));
    m_levels->setPlaceholderText(tr("auto"));
    m_levels->setMaximumWidth(120);
    m_levels->setToolTip(tr("Contour levels: empty for 4 per sign at even steps, a number for that many per sign, or "
                            "values separated by commas (e.g. 0.1, 0.2, 0.4)"));
    levelsLabel->setBuddy(m_levels);
    for (QWidget* w : std::initializer_list<QWidget*>{regionLabel, m_region, modeLabel, m_mode, levelsLabel, m_levels})
        rowB->addWidget(w);
    rowB->addStretch(1);
    bar->addLayout(rowA);
    bar->addLayout(rowB);
    // the controls must not widen the window (the Overlay tab shares its minimum size with the image overlay)
    for (QComboBox* box : {m_projection, m_region, m_mode}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(box == m_projection ? 10 : 18);
    }
    m_projection->setObjectName(QStringLiteral("projection"));
    m_lon0->setObjectName(QStringLiteral("centralLongitude"));
    m_region->setObjectName(QStringLiteral("region"));
    m_mode->setObjectName(QStringLiteral("overlayMode"));
    m_globeButton->setObjectName(QStringLiteral("globe"));
    layout->addLayout(bar);

    auto* row = new QHBoxLayout;
    m_stack = new QStackedWidget(this);
    m_map = new widgets::GeoMapView(m_stack);
    m_stack->addWidget(m_map);
    m_globe = nullptr; // created on first use: it needs an OpenGL context
    row->addWidget(m_stack, 1);
    m_colorbar = new widgets::ColorBar(Qt::Vertical, this);
    row->addWidget(m_colorbar);
    layout->addLayout(row, 1);
    m_readout = new QLabel(tr("Point at the map to read latitude, longitude and values"), this);
    m_readout->setAlignment(Qt::AlignCenter);
    m_readout->setObjectName(QStringLiteral("readout"));
    m_readout->setWordWrap(true);
    layout->addWidget(m_readout);

    connect(m_projection, &QComboBox::currentIndexChanged, this, [this] { applyView(); });
    connect(m_lon0, &QDoubleSpinBox::valueChanged, this, [this] { applyView(); });
    connect(m_region, &QComboBox::currentIndexChanged, this, [this] { applyView(); });
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        m_map->setOverlayMode(widgets::GeoMapView::OverlayMode(m_mode->currentData().toInt()));
        updateColorbar();
        updateGlobe();
    });
    connect(m_globeButton, &QToolButton::toggled, this, &GeoOverlayPage::setGlobe);
    connect(m_levels, &QLineEdit::editingFinished, this, [this] {
        // "", "N" (per sign) or "a, b, c"
        const QString text = m_levels->text().trimmed();
        std::vector<double> values;
        int count = 4;
        bool ok = true;
        if (!text.isEmpty()) {
            const QStringList parts = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
            if (parts.size() == 1 && !text.contains(QLatin1Char('.'))) {
                count = parts.front().trimmed().toInt(&ok);
                ok = ok && count >= 1 && count <= 50;
            } else {
                for (const QString& p : parts) {
                    bool one = false;
                    const double v = QLocale::c().toDouble(p.trimmed(), &one);
                    ok = ok && one && std::isfinite(v) && v != 0.0;
                    values.push_back(v);
                }
                std::sort(values.begin(), values.end());
            }
        }
        m_levels->setStyleSheet(ok ? QString() : QStringLiteral("color: #c00"));
        if (!ok)
            return;
        m_levelValues = values;
        m_levelCount = count;
        m_map->setContourLevels(values, count);
        updateGlobe();
    });
    connect(m_map, &widgets::GeoMapView::pointed, this,
            [this](double lon, double lat, float) { showPointed(lon, lat); });
    connect(m_map, &widgets::GeoMapView::left, this, [this] {
        m_readout->setText(tr("Point at the map to read latitude, longitude and values"));
        emit pointed({});
    });
    applyView();
}

void GeoOverlayPage::setField(std::shared_ptr<const geo::GeoField> field, const geo::DisplayGrid& grid)
{
    m_field = std::move(field);
    m_grid = grid;
    m_step = -1;
    m_map->setGrid(render::GeoGrid::from(grid));
    // a regional grid opens on its region, a global one on the whole globe
    if (m_field && !grid.cyclic && !grid.lonEdges.empty()) {
        m_region->blockSignals(true);
        m_region->setCurrentIndex(0);
        m_region->blockSignals(false);
    }
    applyView();
}

std::vector<float> GeoOverlayPage::displayValues(const Tensor& map) const
{
    const size_t cells = m_field ? size_t(m_field->rows() * m_field->columns()) : 0;
    if (cells == 0 || map.size() == 0 || map.size() % int64_t(cells) != 0)
        return {};
    // channels (or anything else beyond one field) are summed, as the image overlay sums channels
    std::vector<float> file(cells, 0.f);
    for (int64_t i = 0; i < map.size(); ++i)
        file[size_t(i) % cells] += map[i];
    return m_grid.reorder(file.data());
}

void GeoOverlayPage::showStep(int64_t t, const QString& caption)
{
    if (!m_field || t < 0 || t >= m_field->steps())
        return;
    m_step = t;
    const int64_t cells = m_field->rows() * m_field->columns();
    QString label = QString::fromStdString(m_field->longName.empty() ? m_field->variable : m_field->longName);
    if (!m_field->units.empty())
        label += QStringLiteral(" (%1)").arg(QString::fromStdString(m_field->units));
    m_map->setField(m_grid.reorder(m_field->values.data() + t * cells), label);
    m_map->setExplanation({}, {});
    m_map->setTitle(caption);
    m_map->setBusy(false);
    updateColorbar();
    updateGlobe();
}

void GeoOverlayPage::showExplanation(const QString& title, const explain::Explanation& e)
{
    m_map->setBusy(false);
    m_map->setTitle(title);
    if (e.method == "optimal-input") {
        // the optimized input is a field itself: shown filled, masked where the samples are masked
        std::vector<float> values = displayValues(e.map.slice(0, 1));
        if (m_field && m_step >= 0) {
            const std::vector<float> now = m_grid.reorder(m_field->values.data() + m_step * m_field->rows() * m_field->columns());
            for (size_t i = 0; i < values.size() && i < now.size(); ++i)
                if (std::isnan(now[i]))
                    values[i] = NAN;
        }
        m_map->setField(values, tr("optimal input"));
        m_map->setExplanation({}, {});
    } else {
        m_explanationLabel = e.method.rfind("lrp", 0) == 0 || e.method.rfind("deep-taylor", 0) == 0 ? tr("relevance")
                                                                                                   : tr("attribution");
        if (m_field && m_step >= 0)
            showStep(m_step, title);
        m_map->setTitle(title);
        // one map per sample, except composites: one per class (show the explained class's)
        const int64_t row = e.map.dim(0) > 1 && !e.targets.empty() ? std::clamp<int64_t>(e.targets.front(), 0, e.map.dim(0) - 1) : 0;
        std::vector<float> values = displayValues(e.map.slice(row, row + 1));
        // masked cells stay masked: the model saw 0 there, and a gradient over land says nothing about the field
        const std::vector<float>& shownField = m_map->fieldValues();
        for (size_t i = 0; i < values.size() && i < shownField.size(); ++i)
            if (std::isnan(shownField[i]))
                values[i] = NAN;
        bool negative = false;
        for (float v : values)
            negative |= v < 0;
        m_map->setExplanationColormap(negative ? QStringLiteral("RdBu_r") : QStringLiteral("Reds"));
        m_map->setExplanation(std::move(values), m_explanationLabel);
    }
    updateColorbar();
    updateGlobe();
}

void GeoOverlayPage::setBusy(bool busy, const QString& message)
{
    m_map->setBusy(busy, message);
}

void GeoOverlayPage::showError(const QString& message)
{
    m_map->setBusy(false);
    m_map->setExplanation({}, {});
    m_readout->setText(tr("Cannot compute: %1").arg(message));
}

void GeoOverlayPage::clear(const QString& placeholder)
{
    m_field.reset();
    m_step = -1;
    m_map->setGrid({});
    m_map->setPlaceholder(placeholder);
    m_colorbar->hide();
}

void GeoOverlayPage::setGlobe(bool on)
{
    if (on && !m_globe) {
        m_globe = new widgets::GlobeView(m_stack);
        m_stack->addWidget(m_globe);
        connect(m_globe, &widgets::GlobeView::pointed, this, &GeoOverlayPage::showPointed);
        connect(m_globe, &widgets::GlobeView::left, this, [this] {
            m_readout->setText(tr("Point at the map to read latitude, longitude and values"));
            emit pointed({});
        });
    }
    if (m_globeButton->isChecked() != on)
        m_globeButton->setChecked(on);
    m_stack->setCurrentIndex(on ? 1 : 0);
    for (QWidget* w : std::initializer_list<QWidget*>{m_projection, m_region})
        w->setEnabled(!on);
    if (on) {
        m_globe->setHome(m_lon0->value(), 0.0);
        m_globe->resetView();
        updateGlobe();
    }
}

void GeoOverlayPage::showPointed(double lon, double lat)
{
    QString text = degrees(lat, QLatin1Char('N'), QLatin1Char('S')) + QStringLiteral("  ") +
                   degrees(geo::wrapLongitude(lon, -180.0), QLatin1Char('E'), QLatin1Char('W'));
    const int64_t cell = m_map->renderer().cellAt(lon, lat);
    const auto& fill = m_map->renderer().fill();
    const float value = cell >= 0 && fill && size_t(cell) < fill->values.size() ? fill->values[size_t(cell)] : NAN;
    const QString label = m_map->filledLabel().isEmpty() ? tr("value") : m_map->filledLabel();
    text += QStringLiteral(" \u00b7 ") + label + QStringLiteral(" ") +
            (std::isnan(value) ? tr("masked") : QLocale().toString(value, 'g', 4));
    const auto& e = m_map->explanationValues();
    if (cell >= 0 && size_t(cell) < e.size() && m_map->overlayMode() != widgets::GeoMapView::OverlayMode::FieldOnly &&
        m_map->overlayMode() != widgets::GeoMapView::OverlayMode::ExplanationOnly)
        text += QStringLiteral(" \u00b7 ") + m_explanationLabel + QStringLiteral(" ") +
                QLocale().toString(e[size_t(cell)], 'g', 4);
    m_readout->setText(text);
    emit pointed(text);
}

app::FigureMap GeoOverlayPage::figureMap() const
{
    app::FigureMap m;
    const render::GeoView& v = m_map->view();
    m.projection = geo::projectionName(v.projection);
    m.centralLongitude = v.centralLongitude;
    m.centralLatitude = v.centralLatitude;
    if (v.region)
        m.region = {v.region->left(), v.region->top(), v.region->right(), v.region->bottom()};
    m.levels = m_levelValues;
    m.levelCount = m_levelCount;
    switch (m_map->overlayMode()) {
    case widgets::GeoMapView::OverlayMode::Contours:
        m.overlay = "contours";
        break;
    case widgets::GeoMapView::OverlayMode::Fill:
        m.overlay = "fill";
        break;
    case widgets::GeoMapView::OverlayMode::ExplanationOnly:
        m.overlay = "explanation";
        break;
    case widgets::GeoMapView::OverlayMode::FieldOnly:
        m.overlay = "field";
        break;
    }
    return m;
}

bool GeoOverlayPage::globe() const
{
    return m_stack->currentIndex() == 1;
}

QImage GeoOverlayPage::grabImage(int scale) const
{
    if (globe() && m_globe)
        return m_globe->grabFramebuffer();
    return m_map->grabMap(scale);
}

void GeoOverlayPage::applyView()
{
    render::GeoView view;
    view.projection = geo::ProjectionKind(m_projection->currentData().toInt());
    view.centralLongitude = m_lon0->value();
    const RegionPreset& r = kRegions[std::clamp(m_region->currentIndex(), 0, int(std::size(kRegions)) - 1)];
    if (m_region->currentIndex() > 0 && view.projection != geo::ProjectionKind::Orthographic)
        view.region = QRectF(QPointF(r.west, r.south), QPointF(r.east, r.north));
    m_map->setView(view);
}

void GeoOverlayPage::updateColorbar()
{
    const QString cmap = m_map->filledColormap();
    if (cmap.isEmpty()) {
        m_colorbar->hide();
        return;
    }
    m_colorbar->setColormap(render::colormap(cmap));
    m_colorbar->setRange(m_map->filledRange());
    m_colorbar->setLabel(m_map->filledLabel());
    m_colorbar->show();
}

void GeoOverlayPage::updateGlobe()
{
    if (!m_globe || !globe())
        return;
    m_globe->setTexture(m_map->renderer().equirectangular(kGlobeTextureWidth));
}

} // namespace lantern::gui
