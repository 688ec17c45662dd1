#pragma once
// Private to lantern_render: GeoMapRenderer's state (shared by geo_map.cpp, which sets it up, builds the
// projection's lookup and answers picks, and geo_map_paint.cpp, which paints maps and the globe's texture) and the
// land mask both use.

#include "lantern/render/colormap.h"
#include "lantern/render/geo_map.h"

#include <QImage>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

namespace lantern::render {

namespace detail {

constexpr int kLandMaskWidth = 4096;
/// Land as an equirectangular mask from -180 E and 90 N (1 = land), painted once from the 1:50m outlines.
const QImage& landMask();
bool isLand(double lon, double lat);
/// v at fractional index f, extrapolated linearly beyond the ends.
double interpolate(const std::vector<double>& v, double f);

} // namespace detail

using detail::interpolate;
using detail::isLand;
using detail::landMask;

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

} // namespace lantern::render
