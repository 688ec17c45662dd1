#include "geo_map_impl.h"

#include <QPaintDevice>

#include <mutex>

namespace lantern::render {

namespace detail {

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

} // namespace detail

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

} // namespace lantern::render
