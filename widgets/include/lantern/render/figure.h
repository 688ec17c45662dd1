#pragma once
// Publication figures: a grid of panels (e.g. samples × methods), each an input image with a map overlaid,
// with titles, row/column labels, vector colorbars and an optional class legend. Painted with QPainter so the
// same code renders on screen, to PNG at a chosen DPI, to SVG and to PDF (text and colorbars stay vector).

#include "lantern/render/scalar_map.h"

#include <QColor>
#include <QImage>
#include <QPainter>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace lantern::render {

struct FigurePanel {
    QString title;      ///< drawn above the panel (may be empty)
    QImage base;        ///< input drawn underneath (may be null)
    ScalarMap map;      ///< overlaid with Figure::style (may be empty: base only)
    QImage categorical; ///< instead of a map: a finished image (class map of CLEAR / dominant) at style.opacity
};

struct Figure {
    QString title;
    int rows = 1, columns = 1;
    std::vector<FigurePanel> panels; ///< rows * columns, row-major; missing panels stay blank
    QStringList rowLabels, columnLabels; ///< optional, drawn left of rows / above columns
    /// Texts the row-label column is made wide enough for besides the labels (e.g. every "target: class" line), so
    /// a layout made before the maps are computed has the size of the final figure.
    QStringList rowLabelReserve;
    OverlayStyle style;
    bool colorbar = true;      ///< a vertical colorbar right of each panel with a map, or one for all (sharedRange)
    bool sharedRange = false;  ///< one range over all maps
    QString colorbarLabel;     ///< e.g. "relevance"
    std::vector<QColor> legendColors; ///< class legend below the grid (CLEAR / dominant views)
    QStringList legendLabels;
    double panelInches = 1.6;  ///< width of one panel's image
    double fontPoints = 8;
};

/// Size of the whole figure in inches (panels, labels, colorbars, legend, margins).
QSizeF figureSizeInches(const Figure& figure);
/// Paints the figure into `target` (device units), scaled uniformly to fit.
void paintFigure(QPainter& painter, const QRectF& target, const Figure& figure);
/// Raster rendering at `dpi` (size = figureSizeInches × dpi), white background, DPI stored in the image.
QImage renderFigure(const Figure& figure, int dpi);
/// Writes by suffix: .png (at dpi), .svg, .pdf (vector text and colorbars). Atomic (QSaveFile); throws
/// lantern::IoError naming the path for unknown suffixes or write failures.
void writeFigure(const Figure& figure, const QString& path, int dpi = 300);
/// The writer behind writeFigure and writeGeoFigure: PNG (white, at dpi), SVG (points) or PDF (1200 dpi) by suffix,
/// `paint` drawing the figure into the given target rectangle; atomic; IoError naming the path.
void writePainted(const QString& path, QSizeF inches, int dpi, const QString& title,
                  const std::function<void(QPainter&, const QRectF&)>& paint);

} // namespace lantern::render
