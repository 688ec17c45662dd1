#include "lantern/widgets/overlay_view.h"

#include "overlay_compose.h"

#include <QEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QTimer>
#include <QToolTip>

#include <cmath>
#include <limits>
#include <numbers>

namespace lantern::widgets {

namespace {
constexpr int kMargin = 4;
constexpr int kTitleGap = 4;
} // namespace

OverlayView::OverlayView(QWidget* parent) : QWidget(parent), m_spinTimer(new QTimer(this))
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_placeholder = tr("No image");
    m_spinTimer->setInterval(80);
    connect(m_spinTimer, &QTimer::timeout, this, [this] {
        m_spinPhase = (m_spinPhase + 1) % 12;
        update();
    });
}

OverlayView::~OverlayView() = default;

void OverlayView::setBase(const QImage& image)
{
    m_base = image;
    recompose();
}

void OverlayView::setMap(const render::ScalarMap& map)
{
    m_map = map;
    updateRange();
    recompose();
}

void OverlayView::setCategorical(const QImage& classMap)
{
    m_categorical = classMap;
    recompose();
}

void OverlayView::setStyle(const render::OverlayStyle& style)
{
    m_style = style;
    updateRange();
    recompose();
}

void OverlayView::setTitle(const QString& title)
{
    if (title == m_title)
        return;
    m_title = title;
    updateGeometry();
    update();
}

void OverlayView::setFixedRange(std::optional<render::MapRange> range)
{
    m_fixedRange = range;
    updateRange();
    recompose();
}

void OverlayView::setBusy(bool busy, const QString& message)
{
    m_busy = busy;
    m_busyMessage = message;
    if (busy)
        m_spinTimer->start();
    else
        m_spinTimer->stop();
    update();
}

void OverlayView::setPlaceholder(const QString& text)
{
    m_placeholder = text;
    update();
}

void OverlayView::updateRange()
{
    if (m_fixedRange)
        m_range = *m_fixedRange;
    else if (!m_map.isEmpty())
        m_range = render::mapRange(m_map, m_style.sign, m_style.clipPercentile);
    else
        m_range = {};
}

void OverlayView::recompose()
{
    m_composed = detail::composeView(m_base, m_map, m_categorical, m_style, m_range);
    m_contours.clear();
    if (!m_map.isEmpty() && m_style.contourLevels > 0)
        m_contours = render::contourPaths(m_map, m_style.sign, m_range, m_style.contourLevels);
    m_hoverPixel.reset();
    update();
}

QRectF OverlayView::contentBounds() const
{
    QRectF bounds = QRectF(rect()).adjusted(kMargin, kMargin, -kMargin, -kMargin);
    if (!m_title.isEmpty())
        bounds.setTop(bounds.top() + fontMetrics().height() + kTitleGap);
    return bounds;
}

QRectF OverlayView::imageRect() const
{
    if (m_composed.isNull())
        return {};
    return detail::fitRect(m_composed.size(), contentBounds(), devicePixelRatioF());
}

std::optional<QPoint> OverlayView::mapPixelAt(const QPointF& widgetPos) const
{
    const QRectF target = imageRect();
    if (target.isEmpty() || !target.contains(widgetPos))
        return std::nullopt;
    const int x = static_cast<int>((widgetPos.x() - target.x()) / target.width() * m_composed.width());
    const int y = static_cast<int>((widgetPos.y() - target.y()) / target.height() * m_composed.height());
    if (x < 0 || y < 0 || x >= m_composed.width() || y >= m_composed.height())
        return std::nullopt;
    return QPoint(x, y);
}

void OverlayView::paintContours(QPainter& painter, const QRectF& target) const
{
    if (m_contours.empty() || m_composed.isNull())
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.translate(target.topLeft());
    painter.scale(target.width() / m_composed.width(), target.height() / m_composed.height());
    painter.setBrush(Qt::NoBrush);
    const qreal width = std::max(1.0, target.width() / m_composed.width() / 8.0);
    QPen halo(QColor(0, 0, 0, 110), width * 2.5);
    halo.setCosmetic(true);
    QPen line(QColor(255, 255, 255, 220), width);
    line.setCosmetic(true);
    for (const QPainterPath& path : m_contours) {
        painter.setPen(halo);
        painter.drawPath(path);
        painter.setPen(line);
        painter.drawPath(path);
    }
    painter.restore();
}

QImage OverlayView::grabImage(int scale) const
{
    if (m_composed.isNull())
        return {};
    scale = std::max(1, scale);
    QImage out = m_composed.scaled(m_composed.size() * scale, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    if (!m_contours.empty()) {
        QPainter painter(&out);
        paintContours(painter, QRectF(out.rect()));
    }
    return out;
}

void OverlayView::paintVeil(QPainter& painter, const QRectF& area)
{
    painter.save();
    QColor veil = palette().color(QPalette::Window);
    veil.setAlpha(170);
    painter.fillRect(area, veil);
    painter.setRenderHint(QPainter::Antialiasing, true);

    const QFontMetrics metrics = fontMetrics();
    const QString message = m_busyMessage.isEmpty() ? tr("Computing…") : m_busyMessage;
    const qreal radius = std::clamp(std::min(area.width(), area.height()) / 12.0, 6.0, 14.0);
    const QPointF centre(area.center().x(), area.center().y() - metrics.height() / 2.0);
    QColor accent = palette().color(QPalette::Highlight);
    for (int i = 0; i < 12; ++i) {
        // Twelve dots fading behind the leading one.
        const int age = (m_spinPhase - i + 12) % 12;
        accent.setAlphaF(std::max(0.15, 1.0 - age / 9.0));
        const double angle = i * std::numbers::pi / 6.0;
        const QPointF p(centre.x() + radius * std::sin(angle), centre.y() - radius * std::cos(angle));
        painter.setPen(Qt::NoPen);
        painter.setBrush(accent);
        painter.drawEllipse(p, radius / 6.0, radius / 6.0);
    }
    painter.setPen(palette().color(QPalette::WindowText));
    const QRectF textRect(area.left() + 4, centre.y() + radius + 4, area.width() - 8, metrics.height() * 2.5);
    painter.drawText(textRect, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, message);
    painter.restore();
}

void OverlayView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    const QRectF bounds = contentBounds();

    if (!m_title.isEmpty()) {
        painter.setPen(palette().color(QPalette::WindowText));
        const QRectF titleRect(kMargin, kMargin, width() - 2 * kMargin, fontMetrics().height());
        painter.drawText(titleRect, Qt::AlignHCenter | Qt::AlignVCenter,
                         fontMetrics().elidedText(m_title, Qt::ElideRight, static_cast<int>(titleRect.width())));
    }

    if (m_composed.isNull()) {
        painter.setRenderHint(QPainter::Antialiasing, true);
        QPen dashed(palette().color(QPalette::Mid), 1, Qt::DashLine);
        painter.setPen(dashed);
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(bounds.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(bounds.adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
    } else {
        const QRectF target = imageRect();
        painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
        painter.drawImage(target, m_composed);
        paintContours(painter, target);
        painter.setRenderHint(QPainter::Antialiasing, false);
        if (m_hoverPixel && !m_busy) {
            // A quiet outline around the map pixel under the mouse once pixels are large enough to aim at.
            const qreal cw = target.width() / m_composed.width(), ch = target.height() / m_composed.height();
            if (std::min(cw, ch) >= 6) {
                const QRectF cell(target.x() + m_hoverPixel->x() * cw, target.y() + m_hoverPixel->y() * ch, cw, ch);
                painter.setPen(QPen(QColor(0, 0, 0, 120), 0));
                painter.drawRect(cell.adjusted(-0.5, -0.5, 0.5, 0.5));
                painter.setPen(QPen(QColor(255, 255, 255, 200), 0));
                painter.drawRect(cell.adjusted(0.5, 0.5, -0.5, -0.5));
            }
        }
        QPen frame(palette().color(QPalette::Mid), 0);
        painter.setPen(frame);
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(target.adjusted(-0.5, -0.5, 0.5, 0.5));
    }

    if (m_busy)
        paintVeil(painter, bounds);
}

void OverlayView::mouseMoveEvent(QMouseEvent* event)
{
    const std::optional<QPoint> pixel = mapPixelAt(event->position());
    if (!pixel) {
        clearHover();
        return;
    }
    if (m_hoverPixel == pixel)
        return;
    m_hoverPixel = pixel;
    update();
    const bool hasValue = !m_map.isEmpty() && m_map.width == m_composed.width() && m_map.height == m_composed.height();
    const float value = hasValue ? m_map.at(pixel->x(), pixel->y()) : std::numeric_limits<float>::quiet_NaN();
    emit hovered(pixel->x(), pixel->y(), value);
    const QLocale locale;
    const QString text = hasValue ? tr("x %1, y %2: %3")
                                        .arg(locale.toString(pixel->x()), locale.toString(pixel->y()),
                                             locale.toString(static_cast<double>(value), 'g', 4))
                                  : tr("x %1, y %2").arg(locale.toString(pixel->x()), locale.toString(pixel->y()));
    QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

void OverlayView::clearHover()
{
    if (!m_hoverPixel)
        return;
    m_hoverPixel.reset();
    update();
    QToolTip::hideText();
    emit hoverLeft();
}

void OverlayView::leaveEvent(QEvent* event)
{
    clearHover();
    QWidget::leaveEvent(event);
}

void OverlayView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

QSize OverlayView::sizeHint() const
{
    const int titleHeight = m_title.isEmpty() ? 0 : fontMetrics().height() + kTitleGap;
    return {320, 320 + titleHeight};
}

QSize OverlayView::minimumSizeHint() const
{
    const int titleHeight = m_title.isEmpty() ? 0 : fontMetrics().height() + kTitleGap;
    return {64, 64 + titleHeight};
}

} // namespace lantern::widgets
