#pragma once
// Gridded fields on map projections (Robinson, Plate Carree, Mollweide, orthographic through PROJ), painted with
// QPainter so the same code draws the map view, PNG, SVG and PDF figures and the globe's texture:
//  - raster layers: the field as filled cells (colormap, masked cells shown as masked) and land shading (Natural
//    Earth, embedded), resampled per output pixel through the projection's inverse (cached per size and view);
//  - vector layers: coastlines, contours of a second field (solid positive, dashed negative), the graticule with
//    labels and the map outline, projected point by point and cut where they cross the map's seam.

#include "lantern/geo/grid.h"
#include "lantern/geo/projection.h"
#include "lantern/render/scalar_map.h"

#include <QColor>
#include <QFont>
#include <QImage>
#include <QPainter>
#include <QPolygonF>
#include <QRectF>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace lantern::render {

/// Natural Earth land rings (lon, lat in degrees, cut at the antimeridian), from Lantern's compact format
/// (scripts/convert-land.py). `fine`: the 1:50m outlines, else 1:110m. Cached; embedded in the library.
const std::vector<QPolygonF>& naturalEarthLand(bool fine);
/// Parses the compact format; lantern::IoError naming `name` when malformed.
std::vector<QPolygonF> parseLand(const QByteArray& bytes, const QString& name);

/// The display grid a map draws on (north-up rows, west-to-east columns; see geo::DisplayGrid).
struct GeoGrid {
    int64_t rows = 0, cols = 0;
    std::vector<double> lat, lon, latEdges, lonEdges;
    bool cyclic = false;
    static GeoGrid from(const geo::DisplayGrid& g);
};

struct GeoFill {
    std::vector<float> values;                ///< rows * cols in display order; NaN: masked
    QString colormap = QStringLiteral("balance");
    std::optional<MapRange> range;            ///< default: symmetric about 0 at the largest |value|
    QString label;                            ///< colorbar label ("SST anomaly (K)")
};

struct GeoContours {
    std::vector<float> values;   ///< rows * cols in display order
    std::vector<double> levels;  ///< empty: `count` levels per sign, evenly spaced up to the largest |value|
    int count = 4;
    QColor color = QColor(20, 20, 20);
    double width = 0.9;          ///< points
};

/// The fill a field gets by default: an anomaly (values on both sides of 0) on cmocean's balance, symmetric about
/// 0; a one-signed field (temperatures in K, precipitation) on cmocean's thermal from its minimum to its maximum.
GeoFill defaultFieldFill(std::vector<float> values, const QString& label);

/// Evenly spaced levels up to the largest |value|, `count` per sign present (no zero level).
std::vector<double> autoContourLevels(const std::vector<float>& values, int count);

struct GeoView {
    geo::ProjectionKind projection = geo::ProjectionKind::Robinson;
    double centralLongitude = 225.0, centralLatitude = 0.0;
    /// Region in degrees (west, south, east, north; east may exceed 360 or be below west + 360 to cross 0 E), e.g.
    /// the tropical Pacific (105, -22.5, 290, 22.5). Empty: the whole globe.
    std::optional<QRectF> region;
};

struct GeoStyle {
    bool land = true;
    QColor landColor = QColor(190, 190, 190);
    bool landOverField = false;   ///< shade land over field values too (default: only where the field has none)
    bool coastlines = true;
    QColor coastColor = QColor(70, 70, 70);
    double coastWidth = 0.5;      ///< points
    QColor ocean = Qt::white;     ///< where there is no field at all
    QColor masked = QColor(235, 235, 235); ///< field cells that are masked (not on land)
    bool graticule = true;
    double graticuleStep = 30.0;  ///< degrees; 0 = automatic (30 for the globe, finer for regions)
    bool graticuleLabels = true;
    QColor graticuleColor = QColor(150, 150, 150);
    QFont font = QFont(QStringLiteral("DejaVu Sans"), 7);
};

class GeoMapRenderer {
public:
    GeoMapRenderer();
    ~GeoMapRenderer();
    GeoMapRenderer(const GeoMapRenderer&) = delete;
    GeoMapRenderer& operator=(const GeoMapRenderer&) = delete;

    void setView(const GeoView& view);
    void setGrid(const GeoGrid& grid);
    void setFill(std::optional<GeoFill> fill);
    void setContours(std::optional<GeoContours> contours);
    /// A second field blended over the first at `opacity` (an explanation as a semi-transparent fill); cells whose
    /// value is 0 or NaN leave the field below visible.
    void setOverlayFill(std::optional<GeoFill> overlay, double opacity = 0.6);
    const std::optional<GeoFill>& overlayFill() const;
    MapRange overlayRange() const;
    void setStyle(const GeoStyle& style);
    const GeoView& view() const;
    const GeoStyle& style() const;
    const std::optional<GeoFill>& fill() const;
    const std::optional<GeoContours>& contours() const;
    /// The range the fill is drawn with (its own, or the automatic one).
    MapRange fillRange() const;

    /// Width / height of the projected extent (the whole map or the region).
    double aspectRatio() const;
    /// Paints the map into `target` (the extent fitted and centred; the raster at most `maxRasterWidth` pixels wide
    /// in device pixels; vector layers at full resolution).
    void paint(QPainter& painter, const QRectF& target, int maxRasterWidth = 2400);
    /// Longitude, latitude and field value (NaN: none or masked) at a point of the last painted target; false when
    /// the point is off the map.
    bool pick(const QPointF& point, double& lon, double& lat, float& value) const;
    /// The display cell at a longitude/latitude (-1 outside the grid).
    int64_t cellAt(double lon, double lat) const;
    /// Field, land, coastlines and contours in Plate Carree from -180 E (for a globe's texture), width x width/2.
    QImage equirectangular(int width);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace lantern::render
