#pragma once
// A 2-D scalar field drawn over an image: an explanation map of one sample reduced to (H, W), the value
// range to show (sign and percentile clipping) and its colourisation.

#include "lantern/tensor.h"

#include <QImage>
#include <QPainterPath>
#include <QPolygonF>
#include <QString>

#include <string>
#include <vector>

namespace lantern::render {

class Colormap;

struct ScalarMap {
    int width = 0, height = 0;
    std::vector<float> values; ///< row-major, width * height
    bool isEmpty() const { return values.empty(); }
    float at(int x, int y) const { return values[static_cast<size_t>(y) * width + x]; }
};

/// Which part of a signed map to show. All: both signs on a diverging map, range symmetric about 0.
/// Positive / Negative: only that sign (others transparent), as magnitude on a sequential map. Absolute: |v|.
/// Auto: Positive for a map without negative values (Grad-CAM, attentive-response sums, positive relevance), All
/// otherwise; resolved per map (or per set of maps sharing a range) by resolveSign.
enum class Sign { All, Positive, Negative, Absolute, Auto };
QString signName(Sign sign);   ///< "all", "positive", "negative", "absolute", "auto"
Sign signFromName(const QString& name); ///< throws lantern::ArgumentError

struct MapRange {
    float lo = 0, hi = 1;
};

struct OverlayStyle {
    QString colormap = QStringLiteral("auto"); ///< "auto": defaultColormap of the resolved sign
    double opacity = 0.65;        ///< of the map over the base image, 0..1
    Sign sign = Sign::Auto;
    double clipPercentile = 99.5; ///< range limit as a percentile of |v| (100: the maximum)
    int contourLevels = 0;        ///< iso-lines drawn over the map (0: none)
    /// Weak values fade out (alpha = sqrt of the magnitude relative to the range limit), so the input shows
    /// through where the map is near zero; off (the default): every shown value has the same opacity, so a map of
    /// many small values never disappears.
    bool fade = false;
    /// The input is drawn in grey (levels 32..208) under the map, so the map's colours, white at zero included,
    /// read on any input (RGB images, fingerprints, fields); off: the input keeps its colours.
    bool greyBase = true;
};

/// The concrete sign a style's sign means for these maps (Auto → Positive when no finite value is negative and one
/// is positive, else All); other signs are returned unchanged.
Sign resolveSign(const std::vector<const ScalarMap*>& maps, Sign sign);
Sign resolveSign(const ScalarMap& map, Sign sign);

/// One sample of an explanation or input, shaped (C, H, W), (H, W, C) when layout is "NHWC", (H, W) or (L) /
/// (C, L) for 1-D data (drawn as a 1-pixel-high strip), reduced to 2-D by summing channels. A leading batch
/// dimension of 1 is accepted. Throws lantern::ShapeError for other shapes.
ScalarMap toScalarMap(const Tensor& sample, const std::string& layout);

/// Range for a map: All → [-m, m]; Positive/Negative/Absolute → [0, m], where m is the clipPercentile
/// percentile of the shown magnitudes (never 0: an all-zero map gets [0, 1]).
MapRange mapRange(const ScalarMap& map, Sign sign, double clipPercentile);
/// Range over several maps (shared colorbar).
MapRange mapRange(const std::vector<const ScalarMap*>& maps, Sign sign, double clipPercentile);

/// The style's colormap for a resolved sign ("auto": defaultColormap(sign)). Without a sign, Auto counts as All.
const Colormap& resolveColormap(const OverlayStyle& style, Sign resolvedSign);
const Colormap& resolveColormap(const OverlayStyle& style);

/// ARGB32 image of the map (map's size). Values outside the sign are fully transparent; alpha elsewhere is
/// 255, or with `fade` sqrt(|v| / range limit) (the caller applies opacity).
QImage colorize(const ScalarMap& map, const Colormap& cmap, Sign sign, MapRange range, bool fade = false);

/// The input sample as an image: one channel → grey, three → RGB (others: channel sum as grey), min-max
/// scaled to 0..255. Same shape rules as toScalarMap.
QImage sampleImage(const Tensor& sample, const std::string& layout);

/// Base image (scaled to the map's size, nearest; in grey with style.greyBase) with the colourised map on top at
/// style.opacity. A null base gives the map alone on white. Contours are not drawn here (see contourPaths) so they stay vector.
QImage composeOverlay(const QImage& base, const ScalarMap& map, const OverlayStyle& style, MapRange range);

/// Iso-lines at `levels` evenly spaced values inside the shown range (marching squares), in map pixel
/// coordinates (pixel centres at x + 0.5). One path per level.
std::vector<QPainterPath> contourPaths(const ScalarMap& map, Sign sign, MapRange range, int levels);
/// Iso-lines of `map` at `level` (marching squares, saddles by the cell centre) as polylines in cell coordinates:
/// (x + 0.5, y + 0.5) is the centre of cell (x, y). Cells with a non-finite corner have none (lines end at missing
/// data). A closed line repeats its first point at the end.
std::vector<QPolygonF> isoLines(const ScalarMap& map, double level);

} // namespace lantern::render
