#include "lantern/render/geo_figure.h"

#include "lantern/error.h"
#include "lantern/render/colormap.h"
#include "lantern/render/figure.h"
#include "lantern/render/painters.h"


#include <algorithm>
#include <cmath>

namespace lantern::render {

namespace {

constexpr double kPoints = 72.0;

struct Layout {
    double margin, titleH, panelTitleH, mapW, mapH, labelH, barH, noteH, gap, width, height;
    int rows, columns;
    QRectF panelRect(int i) const
    {
        const int r = i / columns, c = i % columns;
        const double cellH = panelTitleH + mapH + labelH + barH + noteH;
        return QRectF(margin + c * (mapW + gap), margin + titleH + r * (cellH + gap), mapW, cellH);
    }
};

double aspectOf(const GeoPanel& p)
{
    GeoMapRenderer r;
    r.setView(p.view);
    return r.aspectRatio();
}

Layout layoutOf(const GeoFigure& f)
{
    Layout l{};
    const double pt = f.fontPoints;
    l.columns = std::max(1, std::min<int>(f.columns, int(std::max<size_t>(1, f.panels.size()))));
    l.rows = int((f.panels.size() + size_t(l.columns) - 1) / size_t(l.columns));
    l.margin = 0.6 * pt + 2.5 * pt; // room for latitude labels
    l.titleH = f.title.isEmpty() ? 0 : 2.0 * pt;
    l.panelTitleH = 1.8 * pt;
    l.mapW = f.panelInches * kPoints;
    double aspect = 2.0;
    for (const GeoPanel& p : f.panels)
        aspect = std::max(1e-3, aspectOf(p));
    l.mapH = l.mapW / aspect;
    l.labelH = 1.6 * pt;
    l.barH = 3.2 * pt;
    l.noteH = 1.5 * pt;
    l.gap = 2.5 * pt;
    l.width = 2 * l.margin + l.columns * l.mapW + (l.columns - 1) * l.gap;
    const double cellH = l.panelTitleH + l.mapH + l.labelH + l.barH + l.noteH;
    l.height = 2 * l.margin + l.titleH + l.rows * cellH + (l.rows - 1) * l.gap;
    return l;
}

QFont pointFont(double points, double dpi, bool bold = false)
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(points * kPoints / dpi);
    font.setBold(bold);
    font.setHintingPreference(QFont::PreferNoHinting);
    return font;
}

} // namespace

QSizeF geoFigureSizeInches(const GeoFigure& figure)
{
    const Layout l = layoutOf(figure);
    return QSizeF(l.width / kPoints, l.height / kPoints);
}

void paintGeoFigure(QPainter& painter, const QRectF& target, const GeoFigure& f)
{
    const Layout l = layoutOf(f);
    painter.save();
    const double scale = std::min(target.width() / l.width, target.height() / l.height);
    painter.translate(target.center().x() - l.width * scale / 2, target.center().y() - l.height * scale / 2);
    painter.scale(scale, scale);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.fillRect(QRectF(0, 0, l.width, l.height), Qt::white);
    const double dpi = painter.device() ? painter.device()->logicalDpiY() : kPoints;
    painter.setPen(Qt::black);
    if (!f.title.isEmpty()) {
        painter.setFont(pointFont(f.fontPoints * 1.25, dpi, true));
        painter.drawText(QRectF(l.margin, l.margin * 0.5, l.width - 2 * l.margin, l.titleH), Qt::AlignCenter, f.title);
    }
    for (size_t i = 0; i < f.panels.size(); ++i) {
        const GeoPanel& p = f.panels[i];
        const QRectF cell = l.panelRect(int(i));
        painter.setPen(Qt::black);
        painter.setFont(pointFont(f.fontPoints, dpi, true));
        painter.drawText(QRectF(cell.left(), cell.top(), cell.width(), l.panelTitleH), Qt::AlignHCenter | Qt::AlignTop,
                         p.title);
        GeoMapRenderer map;
        map.setView(p.view);
        map.setGrid(p.grid);
        GeoStyle style = p.style;
        style.font.setPointSizeF(f.fontPoints * 0.8);
        map.setStyle(style);
        map.setFill(p.fill);
        map.setContours(p.contours);
        map.setOverlayFill(p.overlay, p.overlayOpacity);
        const QRectF mapRect(cell.left(), cell.top() + l.panelTitleH, l.mapW, l.mapH);
        map.paint(painter, mapRect, 1600);
        if (p.fill) {
            const QRectF bar(cell.left() + 0.15 * l.mapW, mapRect.bottom() + l.labelH, 0.7 * l.mapW, l.barH);
            painter.setPen(Qt::black);
            paintColorbar(painter, bar, colormap(p.fill->colormap), map.fillRange(), p.fill->label, Qt::Horizontal,
                          pointFont(f.fontPoints * 0.8, dpi));
        }
        if (!p.note.isEmpty()) {
            painter.setPen(QColor(60, 60, 60));
            painter.setFont(pointFont(f.fontPoints * 0.8, dpi));
            painter.drawText(QRectF(cell.left(), mapRect.bottom() + l.labelH + l.barH, cell.width(), l.noteH),
                             Qt::AlignHCenter | Qt::AlignVCenter, p.note);
        }
    }
    painter.restore();
}

void writeGeoFigure(const GeoFigure& figure, const QString& path, int dpi)
{
    writePainted(path, geoFigureSizeInches(figure), dpi, figure.title,
                 [&](QPainter& painter, const QRectF& target) { paintGeoFigure(painter, target, figure); });
}

} // namespace lantern::render
