// Vector painters: colorbar, probability bars and class legend. Everything is drawn with QPainter primitives
// (gradients, rects, text) so SVG and PDF output stays vector.
#include "lantern/render/painters.h"

#include "lantern/render/colormap.h"
#include "painter_layout.h"

#include <QFontMetricsF>
#include <QLinearGradient>
#include <QLocale>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace lantern::render {

namespace {

/// Colours of the painters, derived from the text colour the caller set as the painter's pen (widgets: the
/// palette's WindowText, figures: black). Black text gives the classic light-theme slate palette exactly; any
/// other colour (e.g. light text on a dark palette) gives translucent tints of it, so lines, tracks and muted
/// labels stay visible on whatever background the caller paints on.
struct Colors {
    QColor text, muted, line, track, bar, accent, highlight;
};

QColor withAlpha(QColor c, double alpha)
{
    c.setAlphaF(static_cast<float>(std::clamp(alpha, 0.0, 1.0) * c.alphaF()));
    return c;
}

Colors colorsFor(const QPainter& painter)
{
    const QColor pen = painter.pen().style() == Qt::NoPen ? QColor(Qt::black) : painter.pen().color();
    if (pen.rgba() == qRgba(0, 0, 0, 255))
        return {QColor(0x2d, 0x37, 0x48), QColor(0x71, 0x80, 0x96), QColor(0xa0, 0xae, 0xc0), QColor(0xed, 0xf2, 0xf7),
                QColor(0xa0, 0xae, 0xc0), QColor(0x2b, 0x6c, 0xb0), QColor(0xeb, 0xf4, 0xff)};
    const bool lightText = pen.lightnessF() > 0.5; // i.e. a dark background
    const QColor accent = lightText ? QColor(0x63, 0xb3, 0xed) : QColor(0x2b, 0x6c, 0xb0);
    return {pen,
            withAlpha(pen, 0.65),
            withAlpha(pen, 0.4),
            withAlpha(pen, 0.08),
            withAlpha(pen, 0.4),
            accent,
            withAlpha(accent, lightText ? 0.22 : 0.09)};
}

QFontMetricsF metrics(const QPainter& painter, const QFont& font)
{
    return painter.device() ? QFontMetricsF(font, painter.device()) : QFontMetricsF(font);
}

} // namespace

QString fitText(const QFontMetricsF& fm, const QString& text, double width)
{
    // Widths computed from the same metrics may differ by rounding: only elide what clearly does not fit.
    if (fm.horizontalAdvance(text) <= width + fm.height() * 0.05)
        return text;
    return fm.elidedText(text, Qt::ElideRight, width);
}

QString tickText(double value)
{
    if (std::abs(value) < 1e-12)
        value = 0;
    QString text = QLocale().toString(value, 'g', 3);
    if (text.startsWith(QLatin1Char('-'))) // a typographic minus, as in print
        text.replace(0, 1, QChar(0x2212));
    return text;
}

std::vector<double> colorbarTicks(MapRange range)
{
    std::vector<double> ticks{range.lo};
    if (range.lo < 0 && range.hi > 0)
        ticks.push_back(0);
    if (range.hi != range.lo)
        ticks.push_back(range.hi);
    return ticks;
}

double colorbarWidth(const QFontMetricsF& fm, MapRange range, bool labelled)
{
    // Room for the widest tick text the 3-digit format gives in practice, whatever this range is: figure layouts do
    // not depend on the data, so a preview before the maps are computed has the final size.
    double labels = fm.horizontalAdvance(tickText(-0.000888));
    for (double t : colorbarTicks(range))
        labels = std::max(labels, fm.horizontalAdvance(tickText(t)));
    return fm.height() * (0.8 + 0.25 + 0.2) + labels + (labelled ? fm.height() * 1.25 : 0);
}

void paintColorbar(QPainter& painter, const QRectF& rect, const Colormap& cmap, MapRange range, const QString& label,
                   Qt::Orientation orientation, const QFont& font)
{
    const Colors colors = colorsFor(painter);
    painter.save();
    painter.setFont(font);
    const QFontMetricsF fm = metrics(painter, font);
    const double line = fm.height() / 16.0, tickLen = fm.height() * 0.25, gap = fm.height() * 0.2;
    const double span = range.hi - range.lo;
    QGradientStops stops = cmap.gradientStops(64);
    const bool vertical = orientation == Qt::Vertical;
    QRectF bar;
    if (vertical) {
        bar = QRectF(rect.left(), rect.top(), std::min(fm.height() * 0.8, rect.width() * 0.35), rect.height());
        QLinearGradient gradient(bar.bottomLeft(), bar.topLeft());
        gradient.setStops(stops);
        painter.fillRect(bar, gradient);
    } else {
        bar = QRectF(rect.left(), rect.top(), rect.width(), std::min(fm.height() * 0.8, rect.height() * 0.35));
        QLinearGradient gradient(bar.topLeft(), bar.topRight());
        gradient.setStops(stops);
        painter.fillRect(bar, gradient);
    }
    painter.setPen(QPen(colors.line, line));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(bar);

    painter.setPen(QPen(colors.text, line));
    double labelsExtent = 0;
    for (double t : colorbarTicks(range)) {
        const double f = span != 0 ? (t - range.lo) / span : 0;
        const QString text = tickText(t);
        const double tw = fm.horizontalAdvance(text);
        labelsExtent = std::max(labelsExtent, vertical ? tw : fm.height());
        if (vertical) {
            const double y = bar.bottom() - f * bar.height();
            painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + tickLen, y));
            double top = y - fm.height() / 2;
            top = std::clamp(top, rect.top() - fm.height() * 0.25, rect.bottom() - fm.height() * 0.75);
            painter.drawText(QRectF(bar.right() + tickLen + gap, top, tw + 1, fm.height()),
                             Qt::AlignLeft | Qt::AlignVCenter, text);
        } else {
            const double x = bar.left() + f * bar.width();
            painter.drawLine(QPointF(x, bar.bottom()), QPointF(x, bar.bottom() + tickLen));
            double left = std::clamp(x - tw / 2, rect.left(), rect.right() - tw);
            painter.drawText(QRectF(left, bar.bottom() + tickLen + gap * 0.5, tw + 1, fm.height()),
                             Qt::AlignLeft | Qt::AlignTop, text);
        }
    }
    if (!label.isEmpty()) {
        painter.setPen(colors.muted);
        if (vertical) {
            const double x = bar.right() + tickLen + gap + labelsExtent + fm.height() * 0.25;
            painter.save();
            painter.translate(x, rect.center().y());
            painter.rotate(-90);
            painter.drawText(QRectF(-rect.height() / 2, 0, rect.height(), fm.height()), Qt::AlignCenter,
                             fitText(fm, label, rect.height()));
            painter.restore();
        } else {
            const double y = bar.bottom() + tickLen + gap * 0.5 + fm.height();
            painter.drawText(QRectF(rect.left(), y, rect.width(), fm.height()), Qt::AlignHCenter | Qt::AlignTop,
                             fitText(fm, label, rect.width()));
        }
    }
    painter.restore();
}

std::vector<QRectF> paintProbabilityBars(QPainter& painter, const QRectF& rect, const ProbabilityBars& bars,
                                         const QFont& font)
{
    std::vector<QRectF> rows;
    const int n = static_cast<int>(bars.probabilities.size());
    if (n == 0 || rect.isEmpty())
        return rows;
    const Colors colors = colorsFor(painter);
    painter.save();
    QFont bold = font;
    bold.setBold(true);
    const QFontMetricsF fm = metrics(painter, font), fmBold = metrics(painter, bold);
    const double line = fm.height() / 16.0;
    const double rowH = std::min(rect.height() / n, fm.height() * 1.6);
    auto labelOf = [&](int i) { return i < bars.labels.size() ? bars.labels[i] : QLocale().toString(i); };
    double labelW = 0;
    for (int i = 0; i < n; ++i)
        labelW = std::max(labelW, fmBold.horizontalAdvance(labelOf(i)));
    const double marker = fm.height() * 0.6;
    labelW = std::min(labelW, rect.width() * 0.4);
    const double valueW = fm.horizontalAdvance(QLocale().toString(1.0, 'f', 3)) + fm.height() * 0.3;
    const double barLeft = rect.left() + marker + labelW + fm.height() * 0.4;
    const double barMax = std::max(0.0, rect.right() - valueW - barLeft);
    for (int i = 0; i < n; ++i) {
        const QRectF row(rect.left(), rect.top() + i * rowH, rect.width(), rowH);
        rows.push_back(row);
        if (i == bars.highlighted)
            painter.fillRect(row, colors.highlight);
        const bool isTrue = i == bars.trueLabel, isPred = i == bars.predicted;
        if (isTrue) { // small triangle pointing at the label
            const double cy = row.center().y(), s = marker * 0.45;
            QPainterPath tri;
            tri.moveTo(row.left() + marker * 0.15, cy - s);
            tri.lineTo(row.left() + marker * 0.15 + s * 1.5, cy);
            tri.lineTo(row.left() + marker * 0.15, cy + s);
            tri.closeSubpath();
            painter.fillPath(tri, colors.text);
        }
        painter.setFont(isTrue ? bold : font);
        painter.setPen(isPred ? colors.accent : colors.text);
        const QFontMetricsF& lfm = isTrue ? fmBold : fm;
        painter.drawText(QRectF(row.left() + marker, row.top(), labelW, rowH), Qt::AlignRight | Qt::AlignVCenter,
                         fitText(lfm, labelOf(i), labelW));
        const double p = std::clamp(static_cast<double>(bars.probabilities[i]), 0.0, 1.0);
        const double barH = rowH * 0.6;
        const QRectF track(barLeft, row.center().y() - barH / 2, barMax, barH);
        painter.fillRect(track, colors.track);
        painter.fillRect(QRectF(track.left(), track.top(), barMax * p, barH), isPred ? colors.accent : colors.bar);
        painter.setFont(font);
        painter.setPen(isPred ? colors.accent : colors.muted);
        painter.drawText(QRectF(track.left() + barMax * p + fm.height() * 0.2, row.top(), valueW, rowH),
                         Qt::AlignLeft | Qt::AlignVCenter, QLocale().toString(p, 'f', 3));
    }
    painter.setPen(QPen(colors.line, line));
    painter.drawLine(QPointF(barLeft, rect.top()), QPointF(barLeft, rect.top() + n * rowH));
    painter.restore();
    return rows;
}

std::vector<QRectF> legendItemRects(const QFontMetricsF& fm, double width, const QStringList& labels, int count)
{
    std::vector<QRectF> items;
    const double swatch = fm.height() * 0.75, pad = fm.height() * 0.35, spacing = fm.height() * 1.0;
    double x = 0, y = 0;
    std::vector<size_t> rowStart{0};
    std::vector<double> rowWidth;
    for (int i = 0; i < count; ++i) {
        const QString text = i < labels.size() ? labels[i] : QLocale().toString(i);
        const double w = std::min(swatch + pad + fm.horizontalAdvance(text), width);
        if (x > 0 && x + w > width) {
            rowWidth.push_back(x - spacing);
            rowStart.push_back(items.size());
            x = 0;
            y += fm.height() * 1.3;
        }
        items.emplace_back(x, y, w, fm.height());
        x += w + spacing;
    }
    rowWidth.push_back(x - spacing);
    for (size_t r = 0; r < rowStart.size(); ++r) { // centre each row
        const size_t end = r + 1 < rowStart.size() ? rowStart[r + 1] : items.size();
        const double shift = std::max(0.0, (width - rowWidth[r]) / 2);
        for (size_t i = rowStart[r]; i < end; ++i)
            items[i].translate(shift, 0);
    }
    return items;
}

void paintClassLegend(QPainter& painter, const QRectF& rect, const std::vector<QColor>& colors,
                      const QStringList& labels, const QFont& font)
{
    const QColor text = colorsFor(painter).text;
    painter.save();
    painter.setFont(font);
    const QFontMetricsF fm = metrics(painter, font);
    const int count = static_cast<int>(colors.size());
    const auto items = legendItemRects(fm, rect.width(), labels, count);
    const double swatch = fm.height() * 0.75, pad = fm.height() * 0.35;
    for (int i = 0; i < count; ++i) {
        const QRectF item = items[i].translated(rect.topLeft());
        const QRectF sw(item.left(), item.center().y() - swatch / 2, swatch, swatch);
        painter.setPen(QPen(colors[i].darker(130), fm.height() / 20.0));
        painter.setBrush(colors[i]);
        painter.drawRect(sw);
        painter.setPen(text);
        const QString label = i < labels.size() ? labels[i] : QLocale().toString(i);
        const QRectF tr(sw.right() + pad, item.top(), item.right() - sw.right() - pad, item.height());
        painter.drawText(tr, Qt::AlignLeft | Qt::AlignVCenter, fitText(fm, label, tr.width()));
    }
    painter.restore();
}

} // namespace lantern::render
