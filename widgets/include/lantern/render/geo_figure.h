#pragma once
// Publication figures of map panels side by side (the El Niño study's optimal input | composite | one month),
// each with its title and a horizontal colorbar, painted in points so PNG, SVG and PDF come from the same code
// (maps' fields and land raster, everything else vector).

#include "lantern/render/geo_map.h"

#include <QString>

#include <memory>
#include <vector>

namespace lantern::render {

struct GeoPanel {
    QString title;
    GeoGrid grid;
    GeoView view;
    GeoStyle style;
    std::optional<GeoFill> fill;
    std::optional<GeoContours> contours;
    std::optional<GeoFill> overlay; ///< an explanation blended over the fill (GeoMapRenderer::setOverlayFill)
    double overlayOpacity = 0.65;
    QString note; ///< a line under the colorbar (e.g. "contours: deep-Taylor relevance")
};

struct GeoFigure {
    QString title;
    std::vector<GeoPanel> panels;
    int columns = 3;
    double panelInches = 3.4; ///< width of one map
    double fontPoints = 8;
};

QSizeF geoFigureSizeInches(const GeoFigure& figure);
void paintGeoFigure(QPainter& painter, const QRectF& target, const GeoFigure& figure);
/// PNG (at dpi), SVG or PDF by suffix; atomic; lantern::IoError naming the path on failure.
void writeGeoFigure(const GeoFigure& figure, const QString& path, int dpi = 200);

} // namespace lantern::render
