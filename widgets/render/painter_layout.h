#pragma once
// Measurements shared by the painters and the figure layout (private to lantern_render).

#include "lantern/render/scalar_map.h"

#include <QFontMetricsF>
#include <QRectF>
#include <QStringList>

#include <vector>

namespace lantern::render {

/// `text`, elided at the right only when it does not fit `width`.
QString fitText(const QFontMetricsF& fm, const QString& text, double width);
/// A colorbar tick label: 3 significant digits in the current locale.
QString tickText(double value);
/// lo, 0 when strictly inside, hi.
std::vector<double> colorbarTicks(MapRange range);
/// Width paintColorbar needs for a vertical colorbar with this font (bar, ticks, labels, optional title).
double colorbarWidth(const QFontMetricsF& fm, MapRange range, bool labelled);
/// Item rects (swatch + label) of a class legend flowed into rows of `width`, relative to the legend's origin.
std::vector<QRectF> legendItemRects(const QFontMetricsF& fm, double width, const QStringList& labels, int count);

} // namespace lantern::render
