#pragma once
// CrabNet-style attention matrices painted with QPainter, shared by the AttentionMatrix widget and the headless video
// export (lantern-cli render-video): every shown head's n × n matrix side by side, rows the attending (query) element
// and columns the attended (key) element, element symbols on the left and on top, the fractions under the bottom row,
// matplotlib's magma reversed over 0..1 with a colorbar, absent pairs (NaN) light grey and hatched.

#include "lantern/render/colormap.h"
#include "lantern/tensor.h"

#include <QColor>
#include <QFont>
#include <QPainter>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <vector>

namespace lantern::render {

struct AttentionPlot {
    Tensor values;                ///< (heads, n, n), NaN where a pair is absent
    QStringList symbols;          ///< n
    std::vector<float> fractions; ///< n or empty
    QString title;
    std::vector<int> heads;       ///< the heads to draw, in order
    QStringList headTitles;       ///< one per entry of `heads`
};

struct AttentionLayout {
    double cell = 0;
    std::vector<QRectF> panels; ///< matrix rect per shown head
    QRectF colorbar;
    double titleHeight = 0;
};

/// Where everything goes inside `area` for this plot and font.
AttentionLayout attentionLayout(const QRectF& area, const AttentionPlot& plot, const QFont& font);
/// Draws the plot into `area` (text in `text`); `placeholder` when there is no frame.
void paintAttention(QPainter& painter, const QRectF& area, const AttentionPlot& plot, const QFont& font,
                    const QColor& text, const QString& colorbarLabel);

/// CrabNet's colormap (matplotlib magma reversed).
const Colormap& attentionColormap();
QColor attentionMaskColor();  ///< matplotlib "lightgray", CrabNet's cmap.set_bad colour
QColor attentionHatchColor();
QColor attentionColor(float value); ///< on 0..1; the mask colour for NaN

} // namespace lantern::render
