#pragma once
// Pictures of the materials chain shared by the explorer's materials workspace and lantern-cli: the fingerprint as
// an RGB image, one channel of a signed response map, the dominant-filter map, and the figure ai4materials' example
// draws (input | the top-4 maps of every conv layer | the sum of the last conv layer, one row per fingerprint
// channel), written as PNG, SVG or PDF.

#include "lantern/studies/crystal_analysis.h"

#include <QImage>
#include <QSizeF>
#include <QStringList>

class QPainter;
class QRectF;

namespace lantern::app {

/// (3, H, W) in [0, 1] -> RGB (channel c = colour c).
QImage fingerprintImage(const Tensor& fingerprint);
/// One channel of a (3, H, W) fingerprint in a sequential colormap (magma), 0..1.
QImage fingerprintChannelImage(const Tensor& fingerprint, int channel);
/// One channel of a signed (3, H, W) map, RdBu_r from -range (blue) through white to +range (red).
QImage responseChannelImage(const Tensor& map, int channel, float range);
/// Largest |value| of a (3, H, W) map (1 when all zero).
float responseRange(const Tensor& map);
/// One channel of a dominant-filter map (indices into the layer's filters) in the class colours, white where the
/// summed response is below 2 % of its largest |value|.
QImage dominantChannelImage(const Tensor& dominant, const Tensor& sum, int channel, int filters);

struct ResponseFigureText {
    QString title;           ///< the structure and prediction
    QStringList channelNames; ///< three row labels
};
QSizeF responseFigureInches(const studies::CrystalAnalysis& analysis);
void paintResponseFigure(QPainter& painter, const QRectF& target, const studies::CrystalAnalysis& analysis,
                         const ResponseFigureText& text);
/// PNG (300 dpi), SVG or PDF by the suffix; atomic; IoError naming the path.
void writeResponseFigure(const studies::CrystalAnalysis& analysis, const ResponseFigureText& text, const QString& path);

} // namespace lantern::app
