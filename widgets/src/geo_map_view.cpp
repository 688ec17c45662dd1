#include "lantern/widgets/geo_map_view.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace lantern::widgets {

GeoMapView::GeoMapView(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(240, 140);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_placeholder = tr("No gridded field loaded");
}

GeoMapView::~GeoMapView() = default;

void GeoMapView::setGrid(const render::GeoGrid& grid)
{
    m_grid = grid;
    m_renderer.setGrid(grid);
    m_field.clear();
    m_explanation.clear();
    apply();
}

void GeoMapView::setField(std::vector<float> values, const QString& label)
{
    m_field = std::move(values);
    m_fieldLabel = label;
    apply();
}

void GeoMapView::setExplanation(std::vector<float> values, const QString& label)
{
    m_explanation = std::move(values);
    m_explanationLabel = label;
    apply();
}

void GeoMapView::setOverlayMode(OverlayMode mode)
{
    m_mode = mode;
    apply();
}

void GeoMapView::setContourLevels(std::vector<double> levels, int count)
{
    m_levels = std::move(levels);
    m_levelCount = std::clamp(count, 1, 50);
    apply();
}

void GeoMapView::setView(const render::GeoView& view)
{
    m_renderer.setView(view);
    m_dirty = true;
    update();
}

const render::GeoView& GeoMapView::view() const { return m_renderer.view(); }

void GeoMapView::setStyle(const render::GeoStyle& style)
{
    m_renderer.setStyle(style);
    m_dirty = true;
    update();
}

void GeoMapView::setFieldColormap(const QString& name)
{
    m_fieldColormap = name;
    apply();
}

void GeoMapView::setExplanationColormap(const QString& name)
{
    m_explanationColormap = name;
    apply();
}

void GeoMapView::setTitle(const QString& title)
{
    m_title = title;
    update();
}

void GeoMapView::setPlaceholder(const QString& text)
{
    m_placeholder = text;
    update();
}

void GeoMapView::setBusy(bool busy, const QString& message)
{
    m_busy = busy;
    m_busyMessage = message;
    update();
}

void GeoMapView::apply()
{
    const size_t cells = size_t(m_grid.rows * m_grid.cols);
    const bool haveField = m_field.size() == cells && cells > 0;
    const bool haveExplanation = m_explanation.size() == cells && cells > 0;
    std::optional<render::GeoFill> fill;
    std::optional<render::GeoContours> contours;
    std::optional<render::GeoFill> overlay;
    const bool explanationOnly = m_mode == OverlayMode::ExplanationOnly || (!haveField && haveExplanation);
    if (explanationOnly && haveExplanation) {
        fill = render::GeoFill{m_explanation, m_explanationColormap, std::nullopt, m_explanationLabel};
    } else if (haveField) {
        fill = render::defaultFieldFill(m_field, m_fieldLabel);
        if (!m_fieldColormap.isEmpty()) {
            fill->colormap = m_fieldColormap;
            fill->range.reset();
        }
        if (haveExplanation && m_mode == OverlayMode::Contours) {
            render::GeoContours c;
            c.values = m_explanation;
            c.levels = m_levels;
            c.count = m_levelCount;
            contours = c;
        } else if (haveExplanation && m_mode == OverlayMode::Fill) {
            overlay = render::GeoFill{m_explanation, m_explanationColormap, std::nullopt, m_explanationLabel};
        }
    }
    m_renderer.setFill(fill);
    m_renderer.setContours(contours);
    m_renderer.setOverlayFill(overlay, 0.65);
    m_dirty = true;
    update();
}

QString GeoMapView::filledColormap() const
{
    return m_renderer.fill() ? m_renderer.fill()->colormap : QString();
}

render::MapRange GeoMapView::filledRange() const { return m_renderer.fillRange(); }

QString GeoMapView::filledLabel() const
{
    return m_renderer.fill() ? m_renderer.fill()->label : QString();
}

void GeoMapView::paintMap(QPainter& painter, const QRectF& target)
{
    QRectF mapRect = target;
    if (!m_title.isEmpty()) {
        const QFontMetricsF fm(font(), painter.device());
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRectF(target.left(), target.top(), target.width(), fm.height() + 4),
                         Qt::AlignHCenter | Qt::AlignVCenter, m_title);
        mapRect.setTop(target.top() + fm.height() + 6);
    }
    // room for the graticule labels
    mapRect.adjust(34, 2, -6, -18);
    m_renderer.paint(painter, mapRect);
}

QImage GeoMapView::grabMap(double scale)
{
    const QSize px(std::max(1, int(std::lround(width() * scale))), std::max(1, int(std::lround(height() * scale))));
    QImage img(px, QImage::Format_ARGB32_Premultiplied);
    img.fill(palette().color(QPalette::Base));
    QPainter p(&img);
    p.scale(scale, scale);
    paintMap(p, QRectF(0, 0, width(), height()));
    return img;
}

void GeoMapView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const bool empty = m_grid.rows * m_grid.cols == 0 || (!m_renderer.fill() && !m_renderer.contours());
    if (empty) {
        p.fillRect(rect(), palette().color(QPalette::Base));
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }
    const qreal dpr = devicePixelRatioF();
    const QSize px(int(std::lround(width() * dpr)), int(std::lround(height() * dpr)));
    if (m_dirty || m_cache.size() != px) {
        m_cache = QImage(px, QImage::Format_ARGB32_Premultiplied);
        m_cache.setDevicePixelRatio(dpr);
        m_cache.fill(palette().color(QPalette::Base));
        QPainter cp(&m_cache);
        cp.setFont(font());
        paintMap(cp, QRectF(0, 0, width(), height()));
        m_dirty = false;
    }
    p.drawImage(QPointF(0, 0), m_cache);
    if (m_busy) {
        p.fillRect(rect(), QColor(255, 255, 255, 110));
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(rect(), Qt::AlignCenter, m_busyMessage.isEmpty() ? tr("Computing…") : m_busyMessage);
    }
}

void GeoMapView::mouseMoveEvent(QMouseEvent* event)
{
    double lon = 0, lat = 0;
    float value = NAN;
    if (m_renderer.pick(event->position(), lon, lat, value))
        emit pointed(lon, lat, value);
    else
        emit left();
}

void GeoMapView::leaveEvent(QEvent*)
{
    emit left();
}

void GeoMapView::resizeEvent(QResizeEvent*)
{
    m_dirty = true;
}

} // namespace lantern::widgets
