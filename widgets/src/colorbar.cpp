#include "lantern/widgets/colorbar.h"

#include "lantern/render/painters.h"

#include <QEvent>
#include <QLocale>
#include <QPainter>

#include <algorithm>

namespace lantern::widgets {

namespace {
constexpr int kMargin = 4;
} // namespace

ColorBar::ColorBar(Qt::Orientation orientation, QWidget* parent) : QWidget(parent), m_orientation(orientation)
{
    if (orientation == Qt::Vertical)
        setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
    else
        setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void ColorBar::setColormap(const render::Colormap& cmap)
{
    m_cmap = cmap;
    update();
}

void ColorBar::setColormapName(const QString& name)
{
    if (name == QLatin1String("auto"))
        m_cmap.reset();
    else
        m_cmap = render::colormap(name);
    update();
}

const render::Colormap& ColorBar::colormap() const
{
    return m_cmap ? *m_cmap : render::defaultColormap(m_range.lo < 0);
}

void ColorBar::setRange(render::MapRange range)
{
    m_range = range;
    updateGeometry();
    update();
}

void ColorBar::setLabel(const QString& label)
{
    m_label = label;
    updateGeometry();
    update();
}

void ColorBar::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.setPen(palette().color(QPalette::WindowText));
    const QRectF area = QRectF(rect()).adjusted(kMargin, kMargin, -kMargin, -kMargin);
    if (area.width() <= 0 || area.height() <= 0)
        return;
    render::paintColorbar(painter, area, colormap(), m_range, m_label, m_orientation, font());
}

void ColorBar::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

QSize ColorBar::sizeHint() const
{
    const QFontMetrics metrics = fontMetrics();
    const QLocale locale;
    const int tickWidth = std::max({metrics.horizontalAdvance(locale.toString(static_cast<double>(m_range.lo), 'g', 3)),
                                    metrics.horizontalAdvance(locale.toString(static_cast<double>(m_range.hi), 'g', 3)),
                                    metrics.horizontalAdvance(QStringLiteral("-0.000"))});
    const int labelExtent = m_label.isEmpty() ? 0 : metrics.height() + 4;
    if (m_orientation == Qt::Vertical)
        return {2 * kMargin + 14 + 6 + tickWidth + labelExtent, 220};
    return {240, 2 * kMargin + 12 + 4 + metrics.height() + labelExtent};
}

QSize ColorBar::minimumSizeHint() const
{
    const QSize hint = sizeHint();
    if (m_orientation == Qt::Vertical)
        return {hint.width(), 80};
    return {80, hint.height()};
}

} // namespace lantern::widgets
