#include "lantern/render/geo_map.h"

#include "lantern/render/colormap.h"

#include <QPainterPath>
#include <QPaintDevice>

#include <algorithm>
#include <cmath>
#include <mutex>

namespace lantern::render {

namespace {

constexpr int kLandMaskWidth = 4096;

/// Land as an equirectangular mask from -180 E and 90 N (1 = land), painted once from the 1:50m outlines.
const QImage& landMask()
{
    static std::once_flag once;
    static QImage mask;
    std::call_once(once, [] {
        mask = QImage(kLandMaskWidth, kLandMaskWidth / 2, QImage::Format_Grayscale8);
        mask.fill(0);
        QPainter p(&mask);
        p.setRenderHint(QPainter::Antialiasing, false);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(255, 255, 255));
        const double s = kLandMaskWidth / 360.0;
        QPainterPath path;
        path.setFillRule(Qt::OddEvenFill);
        for (const QPolygonF& ring : naturalEarthLand(true)) {
            // Natural Earth's rings may cross the antimeridian (Chukotka, Fiji) or circle a pole (Antarctica):
            // unwrap the longitudes, close a pole-circling ring along its pole, and paint it shifted by -360, 0, 360
            QPolygonF px;
            px.reserve(ring.size() + 2);
            double lon = ring.front().x(), sumLat = 0;
            for (qsizetype i = 0; i < ring.size(); ++i) {
                if (i > 0) {
                    double dl = ring[i].x() - ring[i - 1].x();
                    dl -= 360.0 * std::round(dl / 360.0);
                    lon += dl;
                }
                px << QPointF(lon, ring[i].y());
                sumLat += ring[i].y();
            }
            const double winding = px.back().x() - px.front().x();
            if (std::abs(winding) > 180.0) {
                const double pole = sumLat < 0 ? -90.0 : 90.0;
                px << QPointF(px.back().x(), pole) << QPointF(px.front().x(), pole);
            }
            for (double shift : {-360.0, 0.0, 360.0}) {
                QPolygonF shifted;
                shifted.reserve(px.size());
                for (const QPointF& q : px)
                    shifted << QPointF((q.x() + shift + 180.0) * s, (90.0 - q.y()) * s);
                path.addPolygon(shifted);
                path.closeSubpath();
            }
        }
        p.drawPath(path);
    });
    return mask;
}

bool isLand(double lon, double lat)
{
    const QImage& m = landMask();
    const int x = std::clamp(int((geo::wrapLongitude(lon, -180.0) + 180.0) / 360.0 * m.width()), 0, m.width() - 1);
    const int y = std::clamp(int((90.0 - lat) / 180.0 * m.height()), 0, m.height() - 1);
    return m.constScanLine(y)[x] > 127;
}

double interpolate(const std::vector<double>& v, double f)
{
    if (v.empty())
        return NAN;
    if (f <= 0)
        return v.front() + f * (v.size() > 1 ? v[1] - v[0] : 0.0);
    const size_t i = std::min(size_t(f), v.size() - 1);
    if (i + 1 >= v.size())
        return v.back() + (f - double(v.size() - 1)) * (v.size() > 1 ? v.back() - v[v.size() - 2] : 0.0);
    return v[i] + (f - double(i)) * (v[i + 1] - v[i]);
}

} // namespace

GeoGrid GeoGrid::from(const geo::DisplayGrid& g)
{
    GeoGrid out;
    out.rows = g.rows;
    out.cols = g.cols;
    out.lat = g.lat;
    out.lon = g.lon;
    out.latEdges = g.latEdges;
    out.lonEdges = g.lonEdges;
    out.cyclic = g.cyclic;
    return out;
}

GeoFill defaultFieldFill(std::vector<float> values, const QString& label)
{
    float lo = INFINITY, hi = -INFINITY;
    for (float v : values)
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    GeoFill f;
    f.label = label;
    if (lo < 0 && hi > 0) {
        f.colormap = QStringLiteral("balance");
    } else if (std::isfinite(lo) && hi > lo) {
        f.colormap = QStringLiteral("thermal");
        f.range = MapRange{lo, hi};
    } else {
        f.colormap = QStringLiteral("balance");
    }
    f.values = std::move(values);
    return f;
}

std::vector<double> autoContourLevels(const std::vector<float>& values, int count)
{
    double hi = 0, lo = 0;
    for (float v : values)
        if (std::isfinite(v)) {
            hi = std::max(hi, double(v));
            lo = std::min(lo, double(v));
        }
    const double top = std::max(hi, -lo);
    std::vector<double> levels;
    if (!(top > 0) || count < 1)
        return levels;
    const double step = top / (count + 1);
    for (int i = count; i >= 1; --i)
        if (-i * step > lo)
            levels.push_back(-i * step);
    for (int i = 1; i <= count; ++i)
        if (i * step < hi)
            levels.push_back(i * step);
    return levels;
}

struct GeoMapRenderer::Impl {
    GeoView view;
    GeoGrid grid;
    std::optional<GeoFill> fill;
    std::optional<GeoContours> contours;
    std::optional<GeoFill> overlay;
    double overlayOpacity = 0.6;
    GeoStyle style;
    std::unique_ptr<geo::Projection> proj;
    QRectF extent;         ///< projected metres, y up
    QPainterPath outline;  ///< projected metres
    QPainterPath coast;    ///< projected metres, built on first use per view
    bool coastBuilt = false;
    // raster lookup, per raster size
    QSize lutSize;
    std::vector<int32_t> cell; ///< -2 off the map, -1 no cell, else display cell index
    std::vector<uint8_t> land;
    // last painted geometry, for pick()
    QRectF painted;        ///< target rectangle of the extent (device units)

    void rebuildProjection()
    {
        proj = std::make_unique<geo::Projection>(view.projection, view.centralLongitude, view.centralLatitude);
        lutSize = QSize();
        outline = QPainterPath();
        coast = QPainterPath();
        coastBuilt = false;
        if (view.projection == geo::ProjectionKind::Orthographic && !view.region) {
            const double r = 6371000.0;
            outline.addEllipse(QPointF(0, 0), r, r);
            extent = QRectF(-r, -r, 2 * r, 2 * r);
            return;
        }
        // the boundary: the region's edges, or the meridians just inside the seam and the poles
        std::vector<QPointF> ring;
        double w, s, e, n;
        if (view.region) {
            w = view.region->left();
            s = view.region->top();
            e = view.region->right();
            n = view.region->bottom();
            if (s > n)
                std::swap(s, n);
        } else {
            w = view.centralLongitude - 180.0 + 1e-7;
            e = view.centralLongitude + 180.0 - 1e-7;
            s = -90.0;
            n = 90.0;
        }
        const int steps = 720;
        for (int i = 0; i <= steps; ++i)
            ring.emplace_back(w, s + (n - s) * i / steps);
        for (int i = 0; i <= steps; ++i)
            ring.emplace_back(w + (e - w) * i / steps, n);
        for (int i = 0; i <= steps; ++i)
            ring.emplace_back(e, n - (n - s) * i / steps);
        for (int i = 0; i <= steps; ++i)
            ring.emplace_back(e - (e - w) * i / steps, s);
        QPolygonF poly;
        for (const QPointF& q : ring) {
            double x = q.x(), y = q.y();
            proj->forward(x, y, x, y);
            if (std::isfinite(x))
                poly << QPointF(x, y);
        }
        outline.addPolygon(poly);
        outline.closeSubpath();
        extent = poly.boundingRect();
    }

    /// Display cell of a longitude/latitude, -1 when outside the grid.
    int32_t cellAt(double lon, double lat) const
    {
        if (grid.rows < 1 || grid.cols < 1)
            return -1;
        const auto& le = grid.latEdges; // descending
        if (lat > le.front() || lat < le.back())
            return -1;
        const auto r = std::upper_bound(le.begin(), le.end(), lat, std::greater<double>()) - le.begin() - 1;
        const auto& oe = grid.lonEdges; // ascending
        const double l = geo::wrapLongitude(lon, oe.front());
        const auto c = std::upper_bound(oe.begin(), oe.end(), l) - oe.begin() - 1;
        if (c < 0 || c >= grid.cols || r < 0 || r >= grid.rows)
            return -1;
        return int32_t(r * grid.cols + c);
    }

    bool inRegion(double lon, double lat) const
    {
        if (!view.region)
            return true;
        double s = view.region->top(), n = view.region->bottom();
        if (s > n)
            std::swap(s, n);
        const double l = geo::wrapLongitude(lon, view.region->left());
        return lat >= s - 1e-9 && lat <= n + 1e-9 && l <= view.region->right() + 1e-9;
    }

    /// Projected metres -> lon/lat of the map, false when off the map.
    bool unproject(double x, double y, double& lon, double& lat) const
    {
        double ix = x, iy = y;
        proj->inverse(&ix, &iy, 1);
        if (!std::isfinite(ix))
            return false;
        double fx = ix, fy = iy;
        proj->forward(&fx, &fy, 1);
        const double tol = 1e-4 * extent.width();
        if (!std::isfinite(fx) || std::abs(fx - x) > tol || std::abs(fy - y) > tol)
            return false;
        lon = ix;
        lat = iy;
        return inRegion(lon, lat);
    }

    void buildLut(QSize size)
    {
        if (size == lutSize)
            return;
        lutSize = size;
        const size_t n = size_t(size.width()) * size_t(size.height());
        std::vector<double> xs(n), ys(n);
        for (int j = 0; j < size.height(); ++j)
            for (int i = 0; i < size.width(); ++i) {
                xs[size_t(j) * size.width() + i] = extent.left() + (i + 0.5) / size.width() * extent.width();
                ys[size_t(j) * size.width() + i] = extent.bottom() - (j + 0.5) / size.height() * extent.height();
            }
        std::vector<double> lon = xs, lat = ys;
        proj->inverse(lon.data(), lat.data(), n);
        std::vector<double> fx = lon, fy = lat;
        for (size_t k = 0; k < n; ++k)
            if (!std::isfinite(fx[k]))
                fx[k] = fy[k] = 0;
        proj->forward(fx.data(), fy.data(), n);
        const double tol = 1e-4 * extent.width();
        cell.assign(n, -2);
        land.assign(n, 0);
        for (size_t k = 0; k < n; ++k) {
            if (!std::isfinite(lon[k]) || !std::isfinite(fx[k]) || std::abs(fx[k] - xs[k]) > tol ||
                std::abs(fy[k] - ys[k]) > tol || !inRegion(lon[k], lat[k]))
                continue;
            cell[k] = cellAt(lon[k], lat[k]);
            land[k] = isLand(lon[k], lat[k]);
        }
    }

    static MapRange rangeOf(const std::optional<GeoFill>& f)
    {
        if (!f)
            return {};
        if (f->range)
            return *f->range;
        float top = 0, lo = 0;
        for (float v : f->values)
            if (std::isfinite(v)) {
                top = std::max(top, std::abs(v));
                lo = std::min(lo, v);
            }
        if (!(top > 0))
            top = 1;
        // a non-negative layer on a sequential colormap starts at 0
        return lo >= 0 && !colormap(f->colormap).isDiverging() ? MapRange{0.f, top} : MapRange{-top, top};
    }
    MapRange range() const { return rangeOf(fill); }

    QRgb colourOf(int32_t c, bool onLand, const Colormap* cmap, MapRange r, const Colormap* ocmap = nullptr,
                  MapRange orange = {}) const
    {
        const bool hasValue = c >= 0 && fill && c < int32_t(fill->values.size()) && std::isfinite(fill->values[size_t(c)]);
        QRgb base;
        if (style.land && onLand && (!hasValue || style.landOverField))
            return style.landColor.rgb();
        if (hasValue)
            base = cmap->map((fill->values[size_t(c)] - r.lo) / std::max(1e-30f, r.hi - r.lo));
        else if (c >= 0 && fill)
            base = style.masked.rgb();
        else
            base = style.ocean.rgb();
        if (ocmap && c >= 0 && c < int32_t(overlay->values.size())) {
            const float v = overlay->values[size_t(c)];
            if (std::isfinite(v) && v != 0.f) {
                const QRgb o = ocmap->map((v - orange.lo) / std::max(1e-30f, orange.hi - orange.lo));
                // stronger values more opaque, up to overlayOpacity
                const double a = overlayOpacity * std::min(1.0, std::abs(double(v)) / std::max(1e-30, double(std::max(std::abs(orange.lo), std::abs(orange.hi)))));
                auto mix = [a](int x, int y) { return int(std::lround(x * (1 - a) + y * a)); };
                base = qRgb(mix(qRed(base), qRed(o)), mix(qGreen(base), qGreen(o)), mix(qBlue(base), qBlue(o)));
            }
        }
        return base;
    }

    /// Lon/lat polylines projected into metres, cut at the seam, at unprojectable points and (for coastlines)
    /// along the artificial edges of Natural Earth's cut polygons.
    void addLine(QPainterPath& path, const QPolygonF& line, bool skipCuts) const
    {
        bool pen = false;
        double prevRel = 0;
        QPointF prev;
        for (qsizetype i = 0; i < line.size(); ++i) {
            const QPointF q = line[i];
            if (skipCuts && i > 0) {
                const bool cut = (std::abs(q.x()) >= 179.99 && std::abs(prev.x()) >= 179.99 && q.x() * prev.x() > 0) ||
                                 (q.y() <= -89.99 && prev.y() <= -89.99);
                if (cut)
                    pen = false;
            }
            prev = q;
            const double rel = geo::wrapLongitude(q.x() - view.centralLongitude, -180.0);
            double x = q.x(), y = q.y();
            proj->forward(x, y, x, y);
            if (!std::isfinite(x)) {
                pen = false;
                continue;
            }
            if (pen && std::abs(rel - prevRel) > 180.0)
                pen = false;
            if (pen)
                path.lineTo(x, y);
            else
                path.moveTo(x, y);
            pen = true;
            prevRel = rel;
        }
    }

    std::vector<QPolygonF> contourLines(double level) const
    {
        ScalarMap m;
        const int64_t cols = grid.cols + (grid.cyclic ? 1 : 0);
        m.width = int(cols);
        m.height = int(grid.rows);
        m.values.resize(size_t(cols * grid.rows));
        for (int64_t r = 0; r < grid.rows; ++r)
            for (int64_t c = 0; c < cols; ++c)
                m.values[size_t(r * cols + c)] = contours->values[size_t(r * grid.cols + c % grid.cols)];
        std::vector<double> lonExt = grid.lon;
        if (grid.cyclic)
            lonExt.push_back(grid.lon.front() + 360.0);
        std::vector<QPolygonF> out;
        for (const QPolygonF& line : isoLines(m, level)) {
            QPolygonF ll;
            for (const QPointF& p : line)
                ll << QPointF(interpolate(lonExt, p.x() - 0.5), interpolate(grid.lat, p.y() - 0.5));
            out.push_back(ll);
        }
        return out;
    }

    double graticuleStep() const
    {
        if (style.graticuleStep > 0)
            return style.graticuleStep;
        if (!view.region)
            return 30.0;
        const double span = std::max(std::abs(view.region->width()), std::abs(view.region->height()));
        for (double s : {5.0, 10.0, 15.0, 20.0, 30.0})
            if (span / s <= 8)
                return s;
        return 30.0;
    }
};

GeoMapRenderer::GeoMapRenderer() : d(std::make_unique<Impl>())
{
    d->rebuildProjection();
}

GeoMapRenderer::~GeoMapRenderer() = default;

void GeoMapRenderer::setView(const GeoView& view)
{
    d->view = view;
    d->rebuildProjection();
}

void GeoMapRenderer::setGrid(const GeoGrid& grid)
{
    d->grid = grid;
    d->lutSize = QSize();
}

void GeoMapRenderer::setFill(std::optional<GeoFill> fill) { d->fill = std::move(fill); }
void GeoMapRenderer::setContours(std::optional<GeoContours> contours) { d->contours = std::move(contours); }
void GeoMapRenderer::setOverlayFill(std::optional<GeoFill> overlay, double opacity)
{
    d->overlay = std::move(overlay);
    d->overlayOpacity = std::clamp(opacity, 0.0, 1.0);
}
const std::optional<GeoFill>& GeoMapRenderer::overlayFill() const { return d->overlay; }
MapRange GeoMapRenderer::overlayRange() const { return Impl::rangeOf(d->overlay); }
void GeoMapRenderer::setStyle(const GeoStyle& style) { d->style = style; }
const GeoView& GeoMapRenderer::view() const { return d->view; }
const GeoStyle& GeoMapRenderer::style() const { return d->style; }
const std::optional<GeoFill>& GeoMapRenderer::fill() const { return d->fill; }
const std::optional<GeoContours>& GeoMapRenderer::contours() const { return d->contours; }
MapRange GeoMapRenderer::fillRange() const { return d->range(); }

double GeoMapRenderer::aspectRatio() const
{
    return d->extent.height() > 0 ? d->extent.width() / d->extent.height() : 2.0;
}

int64_t GeoMapRenderer::cellAt(double lon, double lat) const
{
    return d->cellAt(lon, lat);
}

bool GeoMapRenderer::pick(const QPointF& point, double& lon, double& lat, float& value) const
{
    const QRectF& t = d->painted;
    if (t.isEmpty() || !t.contains(point))
        return false;
    const double x = d->extent.left() + (point.x() - t.left()) / t.width() * d->extent.width();
    const double y = d->extent.bottom() - (point.y() - t.top()) / t.height() * d->extent.height();
    if (!d->unproject(x, y, lon, lat))
        return false;
    const int32_t c = d->cellAt(lon, lat);
    value = c >= 0 && d->fill && c < int32_t(d->fill->values.size()) ? d->fill->values[size_t(c)] : NAN;
    return true;
}

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
