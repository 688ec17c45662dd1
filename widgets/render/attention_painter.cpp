#include "lantern/render/attention.h"

#include "lantern/render/painters.h"

#include <algorithm>
#include <cmath>

namespace lantern::render {

namespace {

constexpr double kMargin = 8, kGap = 18, kColorbarWidth = 14, kColorbarSpace = 56, kMinCell = 8;

/// CrabNet's tick label of a fraction: 3 significant digits, "0." shortened to "." (f'{i:.3g}'.replace('0.', '.')).
QString fractionLabel(float f)
{
    QString s = QString::number(double(f), 'g', 3);
    const int at = s.indexOf(QStringLiteral("0."));
    if (at >= 0)
        s.replace(at, 2, QStringLiteral("."));
    return s;
}

} // namespace

const Colormap& attentionColormap()
{
    static const Colormap cmap = [] {
        const Colormap& magma = colormap(QStringLiteral("magma"));
        std::vector<QRgb> lut(magma.lut().rbegin(), magma.lut().rend());
        return Colormap(QStringLiteral("magma_r"), magma.family(), false, std::move(lut));
    }();
    return cmap;
}

QColor attentionMaskColor()
{
    return QColor(211, 211, 211);
}

QColor attentionHatchColor()
{
    return QColor(168, 168, 168);
}

QColor attentionColor(float v)
{
    if (std::isnan(v))
        return attentionMaskColor();
    return QColor(attentionColormap().map(std::clamp(double(v), 0.0, 1.0)));
}

AttentionLayout attentionLayout(const QRectF& area, const AttentionPlot& plot, const QFont& font)
{
    AttentionLayout l;
    const int n = int(plot.symbols.size());
    if (n == 0 || plot.heads.empty())
        return l;
    const QFontMetricsF fm(font);
    double labelWidth = 0;
    for (const QString& s : plot.symbols)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(s));
    labelWidth += 6;
    const double line = fm.height();
    l.titleHeight = plot.title.isEmpty() ? 0 : line + 4;
    const double top = area.top() + kMargin + l.titleHeight + line + 2 /*head title*/ + line + 2 /*column symbols*/;
    const double bottom = kMargin + (plot.fractions.empty() ? 0 : line + 2);
    const double p = double(plot.heads.size());
    const double widthForCells = (area.width() - 2 * kMargin - kColorbarSpace - p * (labelWidth + kGap)) / p;
    const double heightForCells = area.bottom() - top - bottom;
    l.cell = std::max(kMinCell, std::floor(std::min(widthForCells, heightForCells) / n));
    const double side = l.cell * n;
    double x = area.left() + kMargin;
    for (size_t i = 0; i < plot.heads.size(); ++i) {
        x += labelWidth;
        l.panels.emplace_back(x, top, side, side);
        x += side + kGap;
    }
    l.colorbar = QRectF(x, top, kColorbarWidth, side);
    return l;
}

void paintAttention(QPainter& painter, const QRectF& area, const AttentionPlot& plot, const QFont& font,
                    const QColor& text, const QString& colorbarLabel)
{
    const AttentionLayout l = attentionLayout(area, plot, font);
    if (l.panels.empty())
        return;
    painter.save();
    painter.setFont(font);
    const QFontMetricsF fm(font);
    const double line = fm.height();
    painter.setPen(text);
    if (!plot.title.isEmpty())
        painter.drawText(QRectF(area.left() + kMargin, area.top() + kMargin, area.width() - 2 * kMargin, line),
                         Qt::AlignLeft | Qt::AlignVCenter, plot.title);
    const int n = int(plot.symbols.size());
    for (size_t i = 0; i < l.panels.size(); ++i) {
        const QRectF& panel = l.panels[i];
        const int h = plot.heads[i];
        painter.setPen(text);
        painter.drawText(QRectF(panel.left(), panel.top() - 2 * line - 4, panel.width(), line), Qt::AlignCenter,
                         plot.headTitles.value(int(i)));
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) {
                const QRectF cell(panel.left() + c * l.cell, panel.top() + r * l.cell, l.cell, l.cell);
                const float v = plot.values[(int64_t(h) * n + r) * n + c];
                if (std::isnan(v)) {
                    painter.fillRect(cell, attentionMaskColor());
                    painter.fillRect(cell, QBrush(attentionHatchColor(), Qt::BDiagPattern));
                } else {
                    painter.fillRect(cell, attentionColor(v));
                }
            }
        // grid between cells, as CrabNet's minor grid
        painter.setPen(QPen(QColor(169, 169, 169), 1));
        for (int k = 0; k <= n; ++k) {
            painter.drawLine(QPointF(panel.left() + k * l.cell, panel.top()), QPointF(panel.left() + k * l.cell, panel.bottom()));
            painter.drawLine(QPointF(panel.left(), panel.top() + k * l.cell), QPointF(panel.right(), panel.top() + k * l.cell));
        }
        painter.setPen(text);
        for (int k = 0; k < n; ++k) {
            const double at = k * l.cell;
            painter.drawText(QRectF(panel.left() - 200 - 4, panel.top() + at, 200, l.cell), Qt::AlignRight | Qt::AlignVCenter,
                             plot.symbols[k]);
            painter.drawText(QRectF(panel.left() + at, panel.top() - line - 2, l.cell, line), Qt::AlignCenter, plot.symbols[k]);
            if (!plot.fractions.empty() && plot.fractions[size_t(k)] > 0)
                painter.drawText(QRectF(panel.left() + at - 10, panel.bottom() + 2, l.cell + 20, line), Qt::AlignCenter,
                                 fractionLabel(plot.fractions[size_t(k)]));
        }
    }
    QRectF bar = l.colorbar;
    bar.setWidth(kColorbarSpace - 4);
    painter.setPen(text);
    paintColorbar(painter, bar, attentionColormap(), MapRange{0, 1}, colorbarLabel, Qt::Vertical, font);
    painter.restore();
}

} // namespace lantern::render
