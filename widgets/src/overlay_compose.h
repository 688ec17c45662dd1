#pragma once
// Private helpers shared by OverlayView and MapGrid: composing a cached overlay image and fitting an image
// aspect-correct into a rectangle.

#include "lantern/render/scalar_map.h"

#include <QImage>
#include <QRectF>

namespace lantern::widgets::detail {

/// What one view shows: the base image with either a scalar map (colourised with `style` over `range`) or a
/// finished categorical image at style.opacity, or the base alone. Returns a null image when all are empty.
/// The result has the map's size (or the categorical image's, or the base's).
QImage composeView(const QImage& base, const render::ScalarMap& map, const QImage& categorical,
                   const render::OverlayStyle& style, render::MapRange range);

/// Largest rect with the aspect ratio of `size` centred in `bounds`, edges snapped to device pixels.
QRectF fitRect(const QSize& size, const QRectF& bounds, qreal devicePixelRatio);

} // namespace lantern::widgets::detail
