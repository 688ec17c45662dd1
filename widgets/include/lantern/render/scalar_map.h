#pragma once
// A 2-D scalar field drawn over an image: an explanation map of one sample reduced to (H, W), the value
// range to show (sign and percentile clipping) and its colourisation.

#include "lantern/tensor.h"

#include <QImage>
#include <QPainterPath>
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
enum class Sign { All, Positive, Negative, Absolute };
QString signName(Sign sign);   ///< "all", "positive", "negative", "absolute"
Sign signFromName(const QString& name); ///< throws lantern::ArgumentError

struct MapRange {
    float lo = 0, hi = 1;
};

struct OverlayStyle {
    QString colormap = QStringLiteral("auto"); ///< "auto": defaultColormap(sign == All)
    double opacity = 0.65;        ///< of the map over the base image, 0..1
    Sign sign = Sign::All;
    double clipPercentile = 99.5; ///< range limit as a percentile of |v| (100: the maximum)
    int contourLevels = 0;        ///< iso-lines drawn over the map (0: none)
    /// Weak values fade out (alpha = sqrt of the magnitude relative to the range limit), so the input shows
    /// through where the map is near zero; off: every shown value is opaque.
    bool fade = true;
};

/// One sample of an explanation or input, shaped (C, H, W), (H, W, C) when layout is "NHWC", (H, W) or (L) /
/// (C, L) for 1-D data (drawn as a 1-pixel-high strip), reduced to 2-D by summing channels. A leading batch
/// dimension of 1 is accepted. Throws lantern::ShapeError for other shapes.
ScalarMap toScalarMap(const Tensor& sample, const std::string& layout);

/// Range for a map: All → [-m, m]; Positive/Negative/Absolute → [0, m], where m is the clipPercentile
/// percentile of the shown magnitudes (never 0: an all-zero map gets [0, 1]).
MapRange mapRange(const ScalarMap& map, Sign sign, double clipPercentile);
/// Range over several maps (shared colorbar).
MapRange mapRange(const std::vector<const ScalarMap*>& maps, Sign sign, double clipPercentile);

const Colormap& resolveColormap(const OverlayStyle& style);

/// ARGB32 image of the map (map's size). Values outside the sign are fully transparent; alpha elsewhere is
/// 255, or with `fade` sqrt(|v| / range limit) (the caller applies opacity).
QImage colorize(const ScalarMap& map, const Colormap& cmap, Sign sign, MapRange range, bool fade = false);

/// The input sample as an image: one channel → grey, three → RGB (others: channel sum as grey), min-max
/// scaled to 0..255. Same shape rules as toScalarMap.
QImage sampleImage(const Tensor& sample, const std::string& layout);

/// Base image (scaled to the map's size, nearest) with the colourised map on top at style.opacity. A null base
/// gives the map alone on white. Contours are not drawn here (see contourPaths) so they stay vector.
QImage composeOverlay(const QImage& base, const ScalarMap& map, const OverlayStyle& style, MapRange range);

/// Iso-lines at `levels` evenly spaced values inside the shown range (marching squares), in map pixel
/// coordinates (pixel centres at x + 0.5). One path per level.
std::vector<QPainterPath> contourPaths(const ScalarMap& map, Sign sign, MapRange range, int levels);

} // namespace lantern::render
