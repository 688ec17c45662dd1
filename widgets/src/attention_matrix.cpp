#include "lantern/widgets/attention_matrix.h"

#include "lantern/error.h"
#include "lantern/render/attention.h"

#include <QEvent>
#include <QHelpEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace lantern::widgets {


AttentionMatrix::AttentionMatrix(QWidget* parent) : QWidget(parent), m_cmap(render::attentionColormap())
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

void AttentionMatrix::setFrame(const Tensor& values, const QStringList& symbols, const std::vector<float>& fractions)
{
    Tensor v = values;
    if (v.rank() == 2)
        v = v.reshaped({1, v.dim(0), v.dim(1)});
    if (v.rank() != 3 || v.dim(1) != v.dim(2) || v.dim(1) != symbols.size())
        throw ShapeError("AttentionMatrix: values " + shapeToString(values.shape()) + " do not fit " +
                         std::to_string(symbols.size()) + " element symbols (heads, n, n)");
    if (!fractions.empty() && int64_t(fractions.size()) != v.dim(1))
        throw ShapeError("AttentionMatrix: " + std::to_string(fractions.size()) + " fractions for " +
                         std::to_string(v.dim(1)) + " elements");
    m_values = v.clone();
    m_symbols = symbols;
    m_fractions = fractions;
    if (m_head >= heads())
        m_head = -1;
    updateGeometry();
    update();
}

void AttentionMatrix::setTitle(const QString& title)
{
    m_title = title;
    update();
}

void AttentionMatrix::setHead(int head)
{
    m_head = head >= 0 && head < heads() ? head : -1;
    update();
}

int AttentionMatrix::heads() const
{
    return m_values.isEmpty() ? 0 : int(m_values.dim(0));
}

QColor AttentionMatrix::maskColor()
{
    return render::attentionMaskColor();
}

QColor AttentionMatrix::hatchColor()
{
    return render::attentionHatchColor();
}

QColor AttentionMatrix::colorFor(float v) const
{
    if (std::isnan(v))
        return maskColor();
    return render::attentionColor(v);
}

std::vector<int> AttentionMatrix::shownHeads() const
{
    if (m_head >= 0)
        return {m_head};
    std::vector<int> all(static_cast<size_t>(heads()));
    for (int h = 0; h < heads(); ++h)
        all[size_t(h)] = h;
    return all;
}

float AttentionMatrix::value(int head, int row, int column) const
{
    const int n = elements();
    return m_values[(int64_t(head) * n + row) * n + column];
}

QString AttentionMatrix::headTitle(int head) const
{
    return tr("Head %1").arg(head + 1);
}

render::AttentionPlot AttentionMatrix::plot() const
{
    render::AttentionPlot p{m_values, m_symbols, m_fractions, m_title, shownHeads(), {}};
    for (int h : p.heads)
        p.headTitles << headTitle(h);
    return p;
}

render::AttentionLayout AttentionMatrix::layout() const
{
    return render::attentionLayout(QRectF(rect()), plot(), font());
}

QRectF AttentionMatrix::cellRect(int head, int row, int column) const
{
    const render::AttentionLayout l = layout();
    const std::vector<int> shown = shownHeads();
    const auto it = std::find(shown.begin(), shown.end(), head);
    if (it == shown.end() || row < 0 || column < 0 || row >= elements() || column >= elements())
        return {};
    const QRectF& panel = l.panels[size_t(it - shown.begin())];
    return QRectF(panel.left() + column * l.cell, panel.top() + row * l.cell, l.cell, l.cell);
}

QString AttentionMatrix::toolTipAt(const QPoint& pos) const
{
    const render::AttentionLayout l = layout();
    const std::vector<int> shown = shownHeads();
    for (size_t i = 0; i < l.panels.size(); ++i) {
        const QRectF& panel = l.panels[i];
        if (!panel.contains(pos))
            continue;
        const int column = std::clamp(int((pos.x() - panel.left()) / l.cell), 0, elements() - 1);
        const int row = std::clamp(int((pos.y() - panel.top()) / l.cell), 0, elements() - 1);
        const float v = value(shown[i], row, column);
        const QString head = headTitle(shown[i]);
        if (std::isnan(v))
            return tr("%1: %2 → %3: absent pair").arg(head, m_symbols[row], m_symbols[column]);
        return tr("%1: %2 attends to %3: %4").arg(head, m_symbols[row], m_symbols[column]).arg(double(v), 0, 'f', 4);
    }
    return {};
}

QSize AttentionMatrix::sizeHint() const
{
    const int n = std::max(elements(), 2);
    const int panels = std::max(int(shownHeads().size()), 1);
    return QSize(int(2 * 8 + 56 + panels * (n * 34 + 40 + 18)), n * 34 + 100); // margins, colorbar, gaps of render::attentionLayout
}

QSize AttentionMatrix::minimumSizeHint() const
{
    return QSize(200, 120);
}

bool AttentionMatrix::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), text, this);
        }
        return true;
    }
    return QWidget::event(event);
}

void AttentionMatrix::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().window());
    if (layout().panels.empty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No attention frame"));
        return;
    }
    render::paintAttention(painter, QRectF(rect()), plot(), font(), palette().color(QPalette::WindowText),
                           tr("attention"));
}

} // namespace lantern::widgets
