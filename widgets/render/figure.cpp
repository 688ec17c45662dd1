// Multi-panel publication figures. The layout is computed in points (1/72 inch) and painted through a scale
// transform, so the same code gives identical proportions on screen, in PNG at any DPI, in SVG and in PDF.
#include "lantern/render/figure.h"

#include "lantern/error.h"
#include "lantern/render/colormap.h"
#include "lantern/render/painters.h"
#include "painter_layout.h"

#include <QFileInfo>

#include <functional>
#include <QFontMetricsF>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace lantern::render {

namespace {

constexpr double kPointsPerInch = 72.0;
const QColor kText(0x1a, 0x20, 0x2c);
const QColor kFrame(0xa0, 0xae, 0xc0);

/// A 72-dpi device: font metrics measured on it are in points.
const QPaintDevice* pointDevice()
{
    static const QImage device = [] {
        QImage image(1, 1, QImage::Format_RGB32);
        const int dpm = static_cast<int>(std::lround(kPointsPerInch / 0.0254));
        image.setDotsPerMeterX(dpm);
        image.setDotsPerMeterY(dpm);
        return image;
    }();
    return &device;
}

/// A font of `points` size in the figure's point coordinates, on a device of `dpi` logical resolution.
QFont figureFont(double points, double dpi, bool bold = false)
{
    QFont font;
    font.setPointSizeF(points * kPointsPerInch / dpi);
    font.setBold(bold);
    font.setHintingPreference(QFont::PreferNoHinting);
    return font;
}

struct Fonts {
    QFont title, label, tick;
};

Fonts fonts(const Figure& fig, double dpi)
{
    return {figureFont(fig.fontPoints * 1.25, dpi, true), figureFont(fig.fontPoints, dpi),
            figureFont(fig.fontPoints * 0.85, dpi)};
}

bool hasMap(const FigurePanel& p)
{
    return !p.map.isEmpty();
}

/// A row label's lines ("sample 3\ntrue: Bag\ntarget: Bag", see app/common/figure_job.cpp).
QStringList labelLines(const QString& label)
{
    return label.split(QLatin1Char('\n'));
}

/// Geometry of a figure in points.
struct Layout {
    double width = 0, height = 0;
    double margin = 0, titleH = 0, columnLabelH = 0, panelTitleH = 0, rowLabelW = 0, rowLabelGap = 0;
    double imageW = 0, imageH = 0, rowGap = 0;
    double sharedColorbarW = 0, legendH = 0, gridW = 0, gridH = 0;
    std::vector<double> columnLeft;      ///< per column, relative to the grid's left edge
    std::vector<double> columnColorbarW; ///< per column: 0 where no panel of the column has a map
    std::vector<MapRange> ranges;        ///< per panel
    MapRange shared;
    double gridLeft() const { return margin + rowLabelW; }
    double gridTop() const { return margin + titleH + columnLabelH; }
    QRectF imageRect(int r, int c) const
    {
        return {gridLeft() + columnLeft[static_cast<size_t>(c)],
                gridTop() + r * (panelTitleH + imageH + rowGap) + panelTitleH, imageW, imageH};
    }
};

Layout layout(const Figure& fig)
{
    Layout l;
    const double f = fig.fontPoints;
    const Fonts fn = fonts(fig, kPointsPerInch);
    const QFontMetricsF fmTitle(fn.title, pointDevice()), fmLabel(fn.label, pointDevice()),
        fmTick(fn.tick, pointDevice());
    const int count = fig.rows * fig.columns;
    const int present = std::min<int>(count, static_cast<int>(fig.panels.size()));
    l.margin = f * 0.8;
    l.titleH = fig.title.isEmpty() ? 0 : fmTitle.height() * 1.5;
    l.columnLabelH = fig.columnLabels.isEmpty() ? 0 : fmLabel.height() * 1.4;
    bool panelTitles = false, anyMap = false;
    double aspect = 0;
    std::vector<const ScalarMap*> maps;
    for (int i = 0; i < present; ++i) {
        const FigurePanel& p = fig.panels[i];
        panelTitles |= !p.title.isEmpty();
        anyMap |= hasMap(p);
        if (hasMap(p))
            maps.push_back(&p.map);
        QSize size = hasMap(p)          ? QSize(p.map.width, p.map.height)
                     : !p.base.isNull() ? p.base.size()
                                        : p.categorical.size();
        if (size.width() > 0 && size.height() > 0)
            aspect = std::max(aspect, static_cast<double>(size.height()) / size.width());
    }
    aspect = aspect > 0 ? std::clamp(aspect, 0.2, 2.5) : 1.0;
    l.panelTitleH = panelTitles ? fmLabel.height() * 1.3 : 0;
    l.imageW = fig.panelInches * kPointsPerInch;
    l.imageH = l.imageW * aspect;
    // Row labels: horizontal, one text line per "\n"-separated part, in a column as wide as the longest line
    // (at most kRowLabelMaxEm × the font size; longer lines are elided).
    constexpr double kRowLabelMaxEm = 16;
    double rowLabelText = 0;
    for (const QStringList* texts : {&fig.rowLabels, &fig.rowLabelReserve})
        for (const QString& s : *texts)
            for (const QString& line : labelLines(s))
                rowLabelText = std::max(rowLabelText, fmLabel.horizontalAdvance(line));
    if (!fig.rowLabels.isEmpty()) {
        l.rowLabelGap = f * 0.6;
        l.rowLabelW = std::min(rowLabelText, f * kRowLabelMaxEm) + l.rowLabelGap;
    }

    l.ranges.resize(count);
    for (int i = 0; i < present; ++i)
        if (hasMap(fig.panels[i]))
            l.ranges[i] = mapRange(fig.panels[i].map, fig.style.sign, fig.style.clipPercentile);
    l.shared = mapRange(maps, fig.style.sign, fig.style.clipPercentile);
    const bool labelled = !fig.colorbarLabel.isEmpty();
    // Per-column colorbars: only columns with a map reserve room (not e.g. the input column).
    l.columnColorbarW.assign(static_cast<size_t>(std::max(0, fig.columns)), 0.0);
    if (fig.colorbar && anyMap && !fig.sharedRange)
        for (int i = 0; i < present; ++i)
            if (hasMap(fig.panels[i])) {
                double& w = l.columnColorbarW[static_cast<size_t>(i % fig.columns)];
                w = std::max(w, f * 0.5 + colorbarWidth(fmTick, l.ranges[i], labelled));
            }
    if (fig.colorbar && anyMap && fig.sharedRange)
        l.sharedColorbarW = f * 1.0 + colorbarWidth(fmTick, l.shared, labelled);
    l.columnLeft.assign(static_cast<size_t>(std::max(0, fig.columns)), 0.0);
    double x = 0;
    for (size_t c = 0; c < l.columnLeft.size(); ++c) {
        if (c > 0)
            x += f * (l.columnColorbarW[c - 1] > 0 ? 1.0 : 0.6);
        l.columnLeft[c] = x;
        x += l.imageW + l.columnColorbarW[c];
    }
    l.rowGap = f * 0.6;
    l.gridW = x;
    l.gridH = fig.rows * (l.panelTitleH + l.imageH) + std::max(0, fig.rows - 1) * l.rowGap;
    if (!fig.legendColors.empty()) {
        const auto items =
            legendItemRects(fmLabel, l.gridW, fig.legendLabels, static_cast<int>(fig.legendColors.size()));
        double bottom = 0;
        for (const QRectF& r : items)
            bottom = std::max(bottom, r.bottom());
        l.legendH = f * 1.0 + bottom;
    }
    l.width = 2 * l.margin + l.rowLabelW + l.gridW + l.sharedColorbarW;
    l.height = 2 * l.margin + l.titleH + l.columnLabelH + l.gridH + l.legendH;
    // Whole hundredths of an inch (the rest widens the right/bottom margin by < 0.01 in): pixel sizes at 100, 200,
    // 300 or 600 dpi are then exact, and a figure at twice the DPI is exactly twice as large.
    const double hundredth = kPointsPerInch / 100;
    l.width = std::ceil(l.width / hundredth - 1e-6) * hundredth;
    l.height = std::ceil(l.height / hundredth - 1e-6) * hundredth;
    return l;
}

/// The panel's picture: the map over the base, the class image over the base, or the base alone.
QImage panelImage(const FigurePanel& p, const OverlayStyle& style, MapRange range)
{
    if (hasMap(p))
        return composeOverlay(p.base, p.map, style, range);
    if (!p.categorical.isNull()) {
        QImage out(p.categorical.size(), QImage::Format_RGB32);
        out.fill(Qt::white);
        QPainter painter(&out);
        if (!p.base.isNull())
            painter.drawImage(out.rect(), p.base);
        painter.setOpacity(std::clamp(style.opacity, 0.0, 1.0));
        painter.drawImage(out.rect(), p.categorical);
        return out;
    }
    return p.base;
}

/// Draws an image crisply: small images are first enlarged by an integer factor (nearest neighbour) so that
/// even SVG/PDF viewers, which smooth embedded images, show sharp pixels.
/// A panel's pixels at their native resolution, scaled by the device without smoothing: PNG gets nearest-neighbour
/// pixels; PDF embeds the small image once, losslessly (Flate, not JPEG), without /Interpolate; SVG marks it
/// image-rendering="optimizeSpeed" (crisp in browsers and Inkscape). A 28 x 28 map stays a 28 x 28 image.
void drawPixels(QPainter& painter, const QRectF& rect, const QImage& image)
{
    if (image.isNull())
        return;
    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.setRenderHint(QPainter::LosslessImageRendering, true);
    painter.drawImage(rect, image);
    painter.restore();
}

QRectF fitted(const QRectF& cell, QSize size)
{
    if (size.isEmpty())
        return cell;
    const double a = static_cast<double>(size.height()) / size.width();
    if (a < 0.2 || a > 2.5) // strips (1-D data): fill the cell
        return cell;
    QSizeF s(cell.width(), cell.width() * a);
    if (s.height() > cell.height())
        s = QSizeF(cell.height() / a, cell.height());
    return {cell.left() + (cell.width() - s.width()) / 2, cell.top() + (cell.height() - s.height()) / 2, s.width(),
            s.height()};
}

void drawText(QPainter& painter, const QRectF& rect, int flags, const QString& text, const QFont& font)
{
    painter.setFont(font);
    painter.setPen(kText);
    const QFontMetricsF fm(font, painter.device());
    painter.drawText(rect, flags, fitText(fm, text, rect.width()));
}

} // namespace

QSizeF figureSizeInches(const Figure& figure)
{
    const Layout l = layout(figure);
    return {l.width / kPointsPerInch, l.height / kPointsPerInch};
}

void paintFigure(QPainter& painter, const QRectF& target, const Figure& fig)
{
    const Layout l = layout(fig);
    if (l.width <= 0 || l.height <= 0 || target.isEmpty())
        return;
    painter.save();
    const double scale = std::min(target.width() / l.width, target.height() / l.height);
    painter.translate(target.center().x() - l.width * scale / 2, target.center().y() - l.height * scale / 2);
    painter.scale(scale, scale);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.fillRect(QRectF(0, 0, l.width, l.height), Qt::white);
    const double dpi = painter.device() ? painter.device()->logicalDpiY() : kPointsPerInch;
    const Fonts fn = fonts(fig, dpi);
    const double f = fig.fontPoints;
    painter.setPen(kText);

    if (!fig.title.isEmpty())
        drawText(painter, QRectF(l.margin, l.margin, l.width - 2 * l.margin, l.titleH), Qt::AlignHCenter | Qt::AlignTop,
                 fig.title, fn.title);
    for (int c = 0; c < std::min<int>(fig.columns, static_cast<int>(fig.columnLabels.size())); ++c) {
        const QRectF img = l.imageRect(0, c);
        drawText(painter, QRectF(img.left(), l.margin + l.titleH, img.width(), l.columnLabelH),
                 Qt::AlignHCenter | Qt::AlignVCenter, fig.columnLabels[c], fn.label);
    }
    for (int r = 0; r < std::min<int>(fig.rows, static_cast<int>(fig.rowLabels.size())); ++r) {
        const QRectF img = l.imageRect(r, 0);
        const QStringList lines = labelLines(fig.rowLabels[r]);
        const double lineH = QFontMetricsF(fn.label, painter.device()).lineSpacing(); // fonts are sized for the device
        const double top = img.center().y() - lineH * static_cast<double>(lines.size()) / 2;
        for (qsizetype k = 0; k < lines.size(); ++k)
            drawText(painter,
                     QRectF(l.margin, top + static_cast<double>(k) * lineH, l.rowLabelW - l.rowLabelGap, lineH),
                     Qt::AlignRight | Qt::AlignVCenter, lines[k], fn.label);
    }

    // Sign::Auto resolves per panel, or over all panels when they share one range and colorbar.
    std::vector<const ScalarMap*> all;
    for (const FigurePanel& p : fig.panels)
        if (hasMap(p))
            all.push_back(&p.map);
    const Sign sharedSign = resolveSign(all, fig.style.sign);
    const Colormap& sharedCmap = resolveColormap(fig.style, sharedSign);
    for (int r = 0; r < fig.rows; ++r) {
        for (int c = 0; c < fig.columns; ++c) {
            const size_t i = static_cast<size_t>(r) * fig.columns + c;
            if (i >= fig.panels.size())
                continue;
            const FigurePanel& p = fig.panels[i];
            const QRectF cell = l.imageRect(r, c);
            const MapRange range = fig.sharedRange ? l.shared : l.ranges[i];
            OverlayStyle style = fig.style;
            style.sign = fig.sharedRange || !hasMap(p) ? sharedSign : resolveSign(p.map, fig.style.sign);
            const Colormap& cmap = resolveColormap(style, style.sign);
            if (!p.title.isEmpty())
                drawText(painter, QRectF(cell.left(), cell.top() - l.panelTitleH, cell.width(), l.panelTitleH),
                         Qt::AlignHCenter | Qt::AlignVCenter, p.title, fn.label);
            const QImage image = panelImage(p, style, range);
            const QRectF rect = fitted(cell, image.size());
            drawPixels(painter, rect, image);
            if (hasMap(p) && fig.style.contourLevels > 0) {
                QTransform toRect;
                toRect.translate(rect.left(), rect.top());
                toRect.scale(rect.width() / p.map.width, rect.height() / p.map.height);
                painter.save();
                painter.setClipRect(rect);
                painter.setPen(QPen(QColor(26, 32, 44, 200), f / 16.0));
                painter.setBrush(Qt::NoBrush);
                for (const QPainterPath& path : contourPaths(p.map, style.sign, range, fig.style.contourLevels))
                    painter.drawPath(toRect.map(path));
                painter.restore();
            }
            if (!image.isNull()) {
                painter.setPen(QPen(kFrame, f / 16.0));
                painter.setBrush(Qt::NoBrush);
                painter.drawRect(rect);
            }
            const double barW = l.columnColorbarW[static_cast<size_t>(c)];
            painter.setPen(Qt::black); // the painters' text colour: black → the light print palette
            if (hasMap(p) && barW > 0)
                paintColorbar(painter, QRectF(cell.right() + f * 0.5, rect.top(), barW - f * 0.5, rect.height()), cmap,
                              range, fig.colorbarLabel, Qt::Vertical, fn.tick);
        }
    }
    if (l.sharedColorbarW > 0) {
        const QRectF top = l.imageRect(0, 0), bottom = l.imageRect(fig.rows - 1, 0);
        const double x = l.gridLeft() + l.gridW + f * 1.0;
        painter.setPen(Qt::black);
        paintColorbar(painter, QRectF(x, top.top(), l.sharedColorbarW - f * 1.0, bottom.bottom() - top.top()),
                      sharedCmap, l.shared, fig.colorbarLabel, Qt::Vertical, fn.tick);
    }
    painter.setPen(Qt::black);
    if (!fig.legendColors.empty())
        paintClassLegend(painter, QRectF(l.gridLeft(), l.gridTop() + l.gridH + f * 1.0, l.gridW, l.legendH - f),
                         fig.legendColors, fig.legendLabels, fn.label);
    painter.restore();
}

QImage renderFigure(const Figure& figure, int dpi)
{
    const QSizeF inches = figureSizeInches(figure);
    const QSize px(std::max(1, static_cast<int>(std::lround(inches.width() * dpi))),
                   std::max(1, static_cast<int>(std::lround(inches.height() * dpi))));
    QImage image(px, QImage::Format_ARGB32_Premultiplied);
    const int dpm = static_cast<int>(std::lround(dpi / 0.0254));
    image.setDotsPerMeterX(dpm);
    image.setDotsPerMeterY(dpm);
    image.fill(Qt::white);
    QPainter painter(&image);
    paintFigure(painter, QRectF(QPointF(0, 0), QSizeF(px)), figure);
    painter.end();
    return image;
}

void writePainted(const QString& path, QSizeF inches, int dpi, const QString& title,
                  const std::function<void(QPainter&, const QRectF&)>& paint)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    const std::string where = "cannot write figure '" + path.toStdString() + "': ";
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") && suffix != QLatin1String("pdf"))
        throw IoError(where + "unknown format '." + suffix.toStdString() + "' (use .png, .svg or .pdf)");
    if (dpi <= 0)
        throw IoError(where + "resolution must be positive, got " + std::to_string(dpi) + " dpi");
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw IoError(where + file.errorString().toStdString());
    bool ok = true;
    if (suffix == QLatin1String("png")) {
        const QSize px(std::max(1, static_cast<int>(std::lround(inches.width() * dpi))),
                       std::max(1, static_cast<int>(std::lround(inches.height() * dpi))));
        QImage image(px, QImage::Format_ARGB32_Premultiplied);
        const int dpm = static_cast<int>(std::lround(dpi / 0.0254));
        image.setDotsPerMeterX(dpm);
        image.setDotsPerMeterY(dpm);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            paint(painter, QRectF(QPointF(0, 0), QSizeF(px)));
        }
        ok = image.save(&file, "PNG");
    } else if (suffix == QLatin1String("svg")) {
        const QSizeF points = inches * kPointsPerInch;
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setResolution(static_cast<int>(kPointsPerInch));
        svg.setSize(points.toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), points));
        svg.setTitle(title);
        QPainter painter;
        ok = painter.begin(&svg);
        if (ok) {
            paint(painter, QRectF(QPointF(0, 0), points));
            ok = painter.end();
        }
    } else {
        QPdfWriter pdf(&file);
        pdf.setResolution(1200);
        pdf.setPageSize(QPageSize(inches, QPageSize::Inch, QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle(title);
        pdf.setCreator(QStringLiteral("Lantern"));
        QPainter painter;
        ok = painter.begin(&pdf);
        if (ok) {
            paint(painter, QRectF(QPointF(0, 0), inches * pdf.resolution()));
            ok = painter.end();
        }
    }
    if (!ok)
        throw IoError(where + "rendering failed (" + file.errorString().toStdString() + ")");
    if (!file.commit())
        throw IoError(where + file.errorString().toStdString());
}

void writeFigure(const Figure& figure, const QString& path, int dpi)
{
    writePainted(path, figureSizeInches(figure), dpi, figure.title,
                 [&](QPainter& painter, const QRectF& target) { paintFigure(painter, target, figure); });
}

} // namespace lantern::render
