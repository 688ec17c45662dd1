#include "lantern/widgets/probability_chart.h"

#include <QImage>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <numeric>

namespace lantern::widgets {

namespace {
constexpr int kMargin = 4;
} // namespace

ProbabilityChart::ProbabilityChart(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void ProbabilityChart::setData(const render::ProbabilityBars& bars)
{
    m_bars = bars;
    rebuild();
}

void ProbabilityChart::clear()
{
    m_bars = {};
    rebuild();
}

void ProbabilityChart::rebuild()
{
    const int count = static_cast<int>(m_bars.probabilities.size());
    m_shown.resize(count);
    std::iota(m_shown.begin(), m_shown.end(), 0);
    if (count > kMaxRows) {
        // Most probable first; ties keep class order.
        std::stable_sort(m_shown.begin(), m_shown.end(),
                         [&](int a, int b) { return m_bars.probabilities[a] > m_bars.probabilities[b]; });
        m_shown.resize(kTopClasses);
        const int truth = m_bars.trueLabel;
        if (truth >= 0 && truth < count && std::find(m_shown.begin(), m_shown.end(), truth) == m_shown.end())
            m_shown.push_back(truth);
    }
    m_hoverRow = -1;
    m_layoutValid = false;
    updateGeometry();
    update();
}

int ProbabilityChart::hiddenCount() const
{
    return static_cast<int>(m_bars.probabilities.size() - m_shown.size());
}

int ProbabilityChart::rowHeight() const
{
    return fontMetrics().height() + 6;
}

QRectF ProbabilityChart::barsRect() const
{
    QRectF area = QRectF(rect()).adjusted(kMargin, kMargin, -kMargin, -kMargin);
    if (hiddenCount() > 0)
        area.setBottom(area.bottom() - rowHeight());
    return area;
}

render::ProbabilityBars ProbabilityChart::shownBars() const
{
    render::ProbabilityBars shown;
    auto position = [&](int classIndex) {
        const auto it = std::find(m_shown.begin(), m_shown.end(), classIndex);
        return it == m_shown.end() ? -1 : static_cast<int>(it - m_shown.begin());
    };
    for (int c : m_shown) {
        shown.probabilities.push_back(m_bars.probabilities[c]);
        shown.labels.push_back(c < m_bars.labels.size() ? m_bars.labels[c] : QLocale().toString(c));
    }
    shown.predicted = position(m_bars.predicted);
    shown.trueLabel = position(m_bars.trueLabel);
    shown.highlighted = m_hoverRow >= 0 ? m_hoverRow : position(m_bars.highlighted);
    return shown;
}

void ProbabilityChart::ensureLayout() const
{
    if (m_layoutValid)
        return;
    m_rowRects.clear();
    if (!m_shown.empty() && !rect().isEmpty()) {
        // Paint once off-screen to learn the row geometry the painter uses.
        QImage scratch(size(), QImage::Format_ARGB32_Premultiplied);
        QPainter painter(&scratch);
        painter.setFont(font());
        m_rowRects = render::paintProbabilityBars(painter, barsRect(), shownBars(), font());
    }
    m_layoutValid = true;
}

QRectF ProbabilityChart::rowRect(int classIndex) const
{
    ensureLayout();
    const auto it = std::find(m_shown.begin(), m_shown.end(), classIndex);
    const size_t row = static_cast<size_t>(it - m_shown.begin());
    if (it == m_shown.end() || row >= m_rowRects.size())
        return {};
    return m_rowRects[row];
}

int ProbabilityChart::classAt(const QPointF& pos) const
{
    ensureLayout();
    for (size_t row = 0; row < m_rowRects.size() && row < m_shown.size(); ++row)
        if (m_rowRects[row].contains(pos))
            return m_shown[row];
    return -1;
}

void ProbabilityChart::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(palette().color(QPalette::WindowText));
    if (m_shown.empty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No prediction"));
        return;
    }
    m_rowRects = render::paintProbabilityBars(painter, barsRect(), shownBars(), font());
    m_layoutValid = true;
    if (hiddenCount() > 0) {
        const QRectF more(kMargin, barsRect().bottom(), width() - 2 * kMargin, rowHeight());
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(more, Qt::AlignLeft | Qt::AlignVCenter, tr("… %n more classes", nullptr, hiddenCount()));
    }
}

void ProbabilityChart::setHoverRow(int row)
{
    if (row == m_hoverRow)
        return;
    m_hoverRow = row;
    setCursor(row >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    update();
}

void ProbabilityChart::mouseMoveEvent(QMouseEvent* event)
{
    const int classIndex = classAt(event->position());
    const auto it = std::find(m_shown.begin(), m_shown.end(), classIndex);
    setHoverRow(classIndex >= 0 && it != m_shown.end() ? static_cast<int>(it - m_shown.begin()) : -1);
}

void ProbabilityChart::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return;
    const int classIndex = classAt(event->position());
    if (classIndex >= 0)
        emit classClicked(classIndex);
}

void ProbabilityChart::leaveEvent(QEvent* event)
{
    setHoverRow(-1);
    QWidget::leaveEvent(event);
}

void ProbabilityChart::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange) {
        m_layoutValid = false;
        updateGeometry();
    }
    QWidget::changeEvent(event);
}

void ProbabilityChart::resizeEvent(QResizeEvent* event)
{
    m_layoutValid = false;
    QWidget::resizeEvent(event);
}

QSize ProbabilityChart::sizeHint() const
{
    const int rows = std::max<int>(1, static_cast<int>(m_shown.size()) + (hiddenCount() > 0 ? 1 : 0));
    return {260, 2 * kMargin + rows * rowHeight()};
}

QSize ProbabilityChart::minimumSizeHint() const
{
    return {120, sizeHint().height()};
}

} // namespace lantern::widgets
