#pragma once
// Vector painters shared by widgets and exported figures (so SVG/PDF keep vector colorbars, bars and text).
// Text colour: each painter takes it from the painter's current pen (widgets set their palette's WindowText,
// figures black) and derives the muted, line and track colours from it; black gives the classic light look.

#include "lantern/render/scalar_map.h"

#include <QColor>
#include <QFont>
#include <QPainter>
#include <QRectF>
#include <QStringList>

#include <vector>

namespace lantern::render {

/// Gradient bar plus ticks (lo, 0 where inside, hi) and an optional label, inside `rect`.
void paintColorbar(QPainter& painter, const QRectF& rect, const Colormap& cmap, MapRange range, const QString& label,
                   Qt::Orientation orientation, const QFont& font);

struct ProbabilityBars {
    std::vector<float> probabilities;                     ///< per class, 0..1
    QStringList labels;                                   ///< class names (indices when empty)
    int predicted = -1, trueLabel = -1, highlighted = -1; ///< -1: none
};
/// Horizontal bars, one row per class, value printed at the bar end; the predicted class in the accent colour,
/// the true label marked. Returns the rect of each row (for hit testing in widgets).
std::vector<QRectF> paintProbabilityBars(QPainter& painter, const QRectF& rect, const ProbabilityBars& bars,
                                         const QFont& font);

/// Colour swatches with labels in rows.
void paintClassLegend(QPainter& painter, const QRectF& rect, const std::vector<QColor>& colors,
                      const QStringList& labels, const QFont& font);

} // namespace lantern::render
