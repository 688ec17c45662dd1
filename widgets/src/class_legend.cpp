#include "lantern/widgets/class_legend.h"

#include "lantern/render/painters.h"

#include <QLocale>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace lantern::widgets {

namespace {
constexpr int kMargin = 4;
} // namespace

ClassLegend::ClassLegend(QWidget* parent) : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void ClassLegend::setClasses(const std::vector<QColor>& colors, const QStringList& labels)
{
    m_colors = colors;
    m_labels = labels;
    const QLocale locale;
    while (m_labels.size() < static_cast<qsizetype>(m_colors.size()))
        m_labels.push_back(locale.toString(m_labels.size()));
    m_labels = m_labels.mid(0, static_cast<qsizetype>(m_colors.size()));
    updateGeometry();
    update();
}

int ClassLegend::itemWidth() const
{
    const QFontMetricsF metrics(font());
    qreal text = 0;
    for (const QString& label : m_labels)
        text = std::max(text, metrics.horizontalAdvance(label));
    return static_cast<int>(std::ceil(metrics.height() * 1.1 + text)); // swatch, gap, label
}

int ClassLegend::rowCount(int width) const
{
    // The same flow as render::paintClassLegend: items of natural width, one line-height apart.
    const QFontMetricsF metrics(font());
    const qreal available = width - 2 * kMargin, spacing = metrics.height();
    int rows = m_colors.empty() ? 0 : 1;
    qreal x = 0;
    for (const QString& label : m_labels) {
        const qreal w = std::min(metrics.height() * 1.1 + metrics.horizontalAdvance(label), available);
        if (x > 0 && x + w > available) {
            ++rows;
            x = 0;
        }
        x += w + spacing;
    }
    return rows;
}

int ClassLegend::heightForWidth(int width) const
{
    const int rows = rowCount(width);
    if (rows == 0)
        return 0;
    const qreal line = QFontMetricsF(font()).height();
    return 2 * kMargin + static_cast<int>(std::ceil((rows - 1) * line * 1.3 + line));
}

QSize ClassLegend::sizeHint() const
{
    const int count = static_cast<int>(m_colors.size());
    const int spacing = fontMetrics().height();
    const int width = 2 * kMargin + std::min(count, 6) * (itemWidth() + spacing) - spacing;
    return {std::max(width, 120), heightForWidth(std::max(width, 120))};
}

QSize ClassLegend::minimumSizeHint() const
{
    return {std::min(itemWidth() + 2 * kMargin, 160), m_colors.empty() ? 0 : fontMetrics().height() + 6};
}

void ClassLegend::paintEvent(QPaintEvent*)
{
    if (m_colors.empty())
        return;
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(palette().color(QPalette::WindowText));
    render::paintClassLegend(painter, QRectF(rect()).adjusted(kMargin, kMargin, -kMargin, -kMargin), m_colors, m_labels,
                             font());
}

} // namespace lantern::widgets
