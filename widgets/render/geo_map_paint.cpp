// GeoMapRenderer's painting: the map into any QPainter (widgets, PNG/SVG/PDF figures) and the globe's texture.
#include "geo_map_impl.h"

#include <QPaintDevice>

namespace lantern::render {

namespace {

QString latitudeLabel(double lat)
{
    if (std::abs(lat) < 1e-9)
        return QStringLiteral("0\u00b0");
    return QStringLiteral("%1\u00b0%2").arg(std::abs(lat)).arg(lat > 0 ? QStringLiteral("N") : QStringLiteral("S"));
}

QString longitudeLabel(double lon)
{
    double l = geo::wrapLongitude(lon, -180.0);
    if (std::abs(l + 180.0) < 1e-9)
        l = 180.0;
    if (std::abs(l) < 1e-9 || std::abs(l - 180.0) < 1e-9)
        return QStringLiteral("%1\u00b0").arg(std::abs(l));
    return QStringLiteral("%1\u00b0%2").arg(std::abs(l)).arg(l > 0 ? QStringLiteral("E") : QStringLiteral("W"));
}

} // namespace

void GeoMapRenderer::paint(QPainter& p, const QRectF& target, int maxRasterWidth)
{
    Impl& m = *d;
    if (target.isEmpty() || m.extent.isEmpty())
        return;
    const double aspect = aspectRatio();
    QRectF r = target;
    if (target.width() / target.height() > aspect)
        r.setWidth(target.height() * aspect);
    else
        r.setHeight(target.width() / aspect);
    r.moveCenter(target.center());
    m.painted = r;

    // raster: the field and land, one lookup per device pixel (capped)
    const QTransform wt = p.worldTransform();
    const double deviceScale = std::sqrt(std::abs(wt.determinant())) * (p.device() ? p.device()->devicePixelRatioF() : 1.0);
    const int rw = std::clamp(int(std::ceil(r.width() * deviceScale)), 16, std::max(16, maxRasterWidth));
    const int rh = std::max(8, int(std::lround(rw / aspect)));
    m.buildLut(QSize(rw, rh));
    QImage img(rw, rh, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    const Colormap* cmap = m.fill ? &colormap(m.fill->colormap) : nullptr;
    const MapRange range = m.range();
    const Colormap* ocmap = m.overlay ? &colormap(m.overlay->colormap) : nullptr;
    const MapRange orange = Impl::rangeOf(m.overlay);
    for (int j = 0; j < rh; ++j) {
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(j));
        for (int i = 0; i < rw; ++i) {
            const size_t k = size_t(j) * rw + i;
            if (m.cell[k] == -2)
                continue;
            line[i] = m.colourOf(m.cell[k], m.land[k], cmap, range, ocmap, orange);
        }
    }
    p.save();
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(r, img);

    // vector layers in target coordinates
    QTransform toTarget;
    toTarget.translate(r.left(), r.top());
    toTarget.scale(r.width() / m.extent.width(), -r.height() / m.extent.height());
    toTarget.translate(-m.extent.left(), -m.extent.bottom());
    // one typographic point in the painter's logical units
    const double pt = (p.device() ? p.device()->logicalDpiX() : 96) / 72.0 / std::max(1e-9, std::sqrt(std::abs(wt.determinant())));
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setClipPath(toTarget.map(m.outline), Qt::IntersectClip);

    const double step = m.graticuleStep();
    if (m.style.graticule) {
        QPainterPath g;
        for (double lon = -180.0; lon < 180.0 - 1e-9; lon += step) {
            QPolygonF line;
            for (double lat = -90.0; lat <= 90.0; lat += 1.0)
                line << QPointF(lon, lat);
            m.addLine(g, line, false);
        }
        for (double lat = -90.0 + step; lat < 90.0 - 1e-9; lat += step) {
            QPolygonF line;
            for (double k = 0; k <= 720; ++k)
                line << QPointF(m.view.centralLongitude - 180.0 + 1e-7 + k * (360.0 - 2e-7) / 720.0, lat);
            m.addLine(g, line, false);
        }
        p.setPen(QPen(m.style.graticuleColor, 0.4 * pt, Qt::DotLine));
        p.setBrush(Qt::NoBrush);
        p.drawPath(toTarget.map(g));
    }
    if (m.style.coastlines) {
        if (!m.coastBuilt) {
            const bool fine = m.view.region && std::abs(m.view.region->width()) < 200;
            for (const QPolygonF& ring : naturalEarthLand(fine)) {
                QPolygonF closed = ring;
                if (!closed.isEmpty() && closed.front() != closed.back())
                    closed << closed.front();
                m.addLine(m.coast, closed, true);
            }
            m.coastBuilt = true;
        }
        p.setPen(QPen(m.style.coastColor, m.style.coastWidth * pt));
        p.setBrush(Qt::NoBrush);
        p.drawPath(toTarget.map(m.coast));
    }
    if (m.contours && m.contours->values.size() == size_t(m.grid.rows * m.grid.cols)) {
        const std::vector<double> levels =
            m.contours->levels.empty() ? autoContourLevels(m.contours->values, m.contours->count) : m.contours->levels;
        for (double level : levels) {
            QPainterPath path;
            for (const QPolygonF& line : m.contourLines(level))
                m.addLine(path, line, false);
            QPen pen(m.contours->color, m.contours->width * pt, level < 0 ? Qt::DashLine : Qt::SolidLine);
            pen.setCapStyle(Qt::RoundCap);
            p.setPen(pen);
            p.setBrush(Qt::NoBrush);
            p.drawPath(toTarget.map(path));
        }
    }
    p.setClipping(false);
    p.setPen(QPen(QColor(40, 40, 40), 0.7 * pt));
    p.setBrush(Qt::NoBrush);
    p.drawPath(toTarget.map(m.outline));

    // graticule labels: parallels left of the map, meridians below it (along the equator's spacing)
    if (m.style.graticule && m.style.graticuleLabels && m.view.projection != geo::ProjectionKind::Orthographic) {
        QFont font = m.style.font;
        const double dpi = p.device() ? p.device()->logicalDpiY() : 72.0;
        font.setPointSizeF(m.style.font.pointSizeF() * pt * 72.0 / dpi); // points in the painter's units
        p.setFont(font);
        p.setPen(QColor(60, 60, 60));
        const QFontMetricsF fm(font, p.device());
        double west = m.view.centralLongitude - 180.0 + 1e-7, south = -90, north = 90, east = m.view.centralLongitude + 180.0 - 1e-7;
        if (m.view.region) {
            west = m.view.region->left();
            east = m.view.region->right();
            south = std::min(m.view.region->top(), m.view.region->bottom());
            north = std::max(m.view.region->top(), m.view.region->bottom());
        }
        for (double lat = -90.0 + step; lat < 90.0 - 1e-9; lat += step) {
            if (lat < south - 1e-9 || lat > north + 1e-9)
                continue;
            double x = west, y = lat;
            m.proj->forward(x, y, x, y);
            if (!std::isfinite(x))
                continue;
            const QPointF at = toTarget.map(QPointF(x, y));
            const QString text = latitudeLabel(lat);
            p.drawText(QRectF(at.x() - fm.horizontalAdvance(text) - 3 * pt, at.y() - fm.height() / 2,
                              fm.horizontalAdvance(text) + pt, fm.height()),
                       Qt::AlignRight | Qt::AlignVCenter, text);
        }
        const double labelLat = m.view.region ? south : 0.0;
        const double labelStep = m.view.region ? step : 2 * step; // world maps: every other meridian
        double first = std::ceil(west / labelStep) * labelStep;
        for (double lon = first; lon <= east + 1e-9; lon += labelStep) {
            double x = lon, y = labelLat;
            m.proj->forward(x, y, x, y);
            if (!std::isfinite(x))
                continue;
            const QPointF at = toTarget.map(QPointF(x, y));
            if (at.x() < r.left() - 1 || at.x() > r.right() + 1)
                continue;
            const QString text = longitudeLabel(lon);
            const double tw = fm.horizontalAdvance(text);
            p.drawText(QRectF(at.x() - tw / 2 - pt, r.bottom() + 2 * pt, tw + 2 * pt, fm.height()), Qt::AlignCenter, text);
        }
    }
    p.restore();
}

QImage GeoMapRenderer::equirectangular(int width)
{
    Impl& m = *d;
    const int w = std::max(16, width), h = w / 2;
    QImage img(w, h, QImage::Format_ARGB32_Premultiplied);
    const Colormap* cmap = m.fill ? &colormap(m.fill->colormap) : nullptr;
    const MapRange range = m.range();
    const Colormap* ocmap = m.overlay ? &colormap(m.overlay->colormap) : nullptr;
    const MapRange orange = Impl::rangeOf(m.overlay);
    // separable lookups: the grid row and land-mask row per image row, the grid column and land-mask column per
    // image column (8 M pixels for a 4096-wide texture: no per-pixel search)
    const QImage& mask = landMask();
    std::vector<int32_t> column(static_cast<size_t>(w)), maskColumn(static_cast<size_t>(w));
    for (int i = 0; i < w; ++i) {
        const double lon = -180.0 + (i + 0.5) * 360.0 / w;
        const int32_t c = m.cellAt(lon, m.grid.lat.empty() ? 0.0 : m.grid.lat[m.grid.lat.size() / 2]);
        column[size_t(i)] = c < 0 ? -1 : int32_t(c % std::max<int64_t>(1, m.grid.cols));
        maskColumn[size_t(i)] = std::clamp(int((lon + 180.0) / 360.0 * mask.width()), 0, mask.width() - 1);
    }
    for (int j = 0; j < h; ++j) {
        const double lat = 90.0 - (j + 0.5) * 180.0 / h;
        int64_t row = -1;
        if (m.grid.rows > 0 && lat <= m.grid.latEdges.front() && lat >= m.grid.latEdges.back())
            row = std::upper_bound(m.grid.latEdges.begin(), m.grid.latEdges.end(), lat, std::greater<double>()) -
                  m.grid.latEdges.begin() - 1;
        if (row >= m.grid.rows)
            row = -1;
        const uchar* maskLine = mask.constScanLine(std::clamp(int((90.0 - lat) / 180.0 * mask.height()), 0, mask.height() - 1));
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(j));
        for (int i = 0; i < w; ++i) {
            const int32_t c = row >= 0 && column[size_t(i)] >= 0 ? int32_t(row * m.grid.cols + column[size_t(i)]) : -1;
            line[i] = m.colourOf(c, maskLine[maskColumn[size_t(i)]] > 127, cmap, range, ocmap, orange);
        }
    }
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing, true);
    const double s = w / 360.0;
    auto toImage = [&](const QPolygonF& line, bool skipCuts, QPainterPath& path) {
        bool pen = false;
        QPointF prev;
        for (qsizetype i = 0; i < line.size(); ++i) {
            const QPointF q(geo::wrapLongitude(line[i].x(), -180.0), line[i].y());
            bool cut = i > 0 && std::abs(q.x() - prev.x()) > 180.0;
            if (skipCuts && i > 0)
                cut |= (std::abs(q.x()) >= 179.99 && std::abs(prev.x()) >= 179.99) || (q.y() <= -89.99 && prev.y() <= -89.99);
            const QPointF px((q.x() + 180.0) * s, (90.0 - q.y()) * s);
            if (pen && !cut)
                path.lineTo(px);
            else
                path.moveTo(px);
            pen = true;
            prev = q;
        }
    };
    if (m.style.graticule) {
        const double step = m.style.graticuleStep > 0 ? m.style.graticuleStep : 30.0;
        QPainterPath g;
        for (double lon = -180.0 + step; lon < 180.0 - 1e-9; lon += step) {
            g.moveTo((lon + 180.0) * s, 0);
            g.lineTo((lon + 180.0) * s, h);
        }
        for (double lat = -90.0 + step; lat < 90.0 - 1e-9; lat += step) {
            g.moveTo(0, (90.0 - lat) * s);
            g.lineTo(w, (90.0 - lat) * s);
        }
        p.setPen(QPen(m.style.graticuleColor, std::max(1.0, w / 4096.0), Qt::DotLine));
        p.drawPath(g);
    }
    if (m.style.coastlines) {
        QPainterPath path;
        for (const QPolygonF& ring : naturalEarthLand(w > 6000)) {
            QPolygonF closed = ring;
            if (!closed.isEmpty() && closed.front() != closed.back())
                closed << closed.front();
            toImage(closed, true, path);
        }
        p.setPen(QPen(m.style.coastColor, std::max(1.0, w / 2048.0)));
        p.drawPath(path);
    }
    if (m.contours && m.contours->values.size() == size_t(m.grid.rows * m.grid.cols)) {
        const std::vector<double> levels =
            m.contours->levels.empty() ? autoContourLevels(m.contours->values, m.contours->count) : m.contours->levels;
        for (double level : levels) {
            QPainterPath path;
            for (const QPolygonF& line : m.contourLines(level))
                toImage(line, false, path);
            p.setPen(QPen(m.contours->color, std::max(1.5, w / 1200.0), level < 0 ? Qt::DashLine : Qt::SolidLine));
            p.drawPath(path);
        }
    }
    return img;
}

} // namespace lantern::render
