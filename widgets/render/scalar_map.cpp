// Explanation maps as 2-D scalar fields: reduction of a sample to (H, W), display ranges, colourisation,
// overlay composition and iso-lines (marching squares).
#include "lantern/render/scalar_map.h"

#include "lantern/error.h"
#include "lantern/render/colormap.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace lantern::render {

namespace {

/// Where element (c, y, x) of a sample lives: data[c * channelStride + (y * width + x) * pixelStride].
struct Planes {
    const float* data = nullptr;
    int channels = 1, height = 1, width = 1;
    int64_t channelStride = 0, pixelStride = 1;
    float at(int c, int y, int x) const
    {
        return data[c * channelStride + (static_cast<int64_t>(y) * width + x) * pixelStride];
    }
};

bool isOneD(const std::string& layout)
{
    return layout == "NC" || layout == "NCL" || layout == "NCW" || layout == "NWC" || layout == "NLC";
}

bool channelsLast(const std::string& layout)
{
    return layout == "NHWC" || layout == "NWC" || layout == "NLC";
}

Planes planes(const Tensor& sample, const std::string& layout)
{
    if (sample.isEmpty() || sample.size() == 0)
        throw ShapeError("explanation map: the sample is empty");
    Shape s = sample.shape();
    const bool oneD = isOneD(layout);
    const size_t maxRank = oneD ? 2 : 3;
    if (s.size() == maxRank + 1 && s[0] == 1)
        s.erase(s.begin());
    const bool last = channelsLast(layout);
    Planes p;
    p.data = sample.data();
    auto fail = [&] {
        throw ShapeError("explanation map: cannot draw a sample of shape " + shapeToString(sample.shape()) +
                         " with layout '" + layout + "'; expected (C, H, W), (H, W, C), (H, W), (L) or (C, L)" +
                         " with an optional leading batch of 1");
    };
    if (s.size() == 1) {
        p.width = static_cast<int>(s[0]);
    } else if (s.size() == 2 && oneD) { // (C, L) or (L, C)
        p.channels = static_cast<int>(last ? s[1] : s[0]);
        p.width = static_cast<int>(last ? s[0] : s[1]);
        p.channelStride = last ? 1 : p.width;
        p.pixelStride = last ? p.channels : 1;
    } else if (s.size() == 2) {
        p.height = static_cast<int>(s[0]);
        p.width = static_cast<int>(s[1]);
    } else if (s.size() == 3 && !oneD) {
        p.channels = static_cast<int>(last ? s[2] : s[0]);
        p.height = static_cast<int>(last ? s[0] : s[1]);
        p.width = static_cast<int>(last ? s[1] : s[2]);
        p.channelStride = last ? 1 : static_cast<int64_t>(p.height) * p.width;
        p.pixelStride = last ? p.channels : 1;
    } else {
        fail();
    }
    if (p.channels <= 0 || p.height <= 0 || p.width <= 0)
        fail();
    return p;
}

/// The values a sign shows, as magnitudes (NaN where not shown). `sign` is resolved (not Auto).
float shown(float v, Sign sign)
{
    if (!std::isfinite(v))
        return std::nanf("");
    switch (sign) {
    case Sign::Auto:
    case Sign::All:
    case Sign::Absolute:
        return std::abs(v);
    case Sign::Positive:
        return v > 0 ? v : std::nanf("");
    case Sign::Negative:
        return v < 0 ? -v : std::nanf("");
    }
    return std::nanf("");
}

/// The field whose iso-lines are drawn, in the units of the range.
float field(float v, Sign sign)
{
    switch (sign) {
    case Sign::Auto:
    case Sign::All:
        return v;
    case Sign::Absolute:
        return std::abs(v);
    case Sign::Positive:
        return v;
    case Sign::Negative:
        return -v;
    }
    return v;
}

float percentile(std::vector<float>& values, double pct)
{
    if (values.empty())
        return 0;
    pct = std::clamp(pct, 0.0, 100.0);
    const double pos = pct / 100.0 * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<size_t>(std::floor(pos));
    const double frac = pos - static_cast<double>(lo);
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lo), values.end());
    const float a = values[lo];
    if (frac <= 0 || lo + 1 >= values.size())
        return a;
    const float b = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(lo) + 1, values.end());
    return static_cast<float>(a + frac * (b - a));
}

} // namespace

QString signName(Sign sign)
{
    switch (sign) {
    case Sign::All:
        return QStringLiteral("all");
    case Sign::Positive:
        return QStringLiteral("positive");
    case Sign::Negative:
        return QStringLiteral("negative");
    case Sign::Absolute:
        return QStringLiteral("absolute");
    case Sign::Auto:
        return QStringLiteral("auto");
    }
    return {};
}

Sign signFromName(const QString& name)
{
    for (Sign s : {Sign::All, Sign::Positive, Sign::Negative, Sign::Absolute, Sign::Auto})
        if (signName(s) == name)
            return s;
    throw ArgumentError("unknown sign '" + name.toStdString() +
                        "'; expected auto, all, positive, negative or absolute");
}

Sign resolveSign(const std::vector<const ScalarMap*>& maps, Sign sign)
{
    if (sign != Sign::Auto)
        return sign;
    bool positive = false;
    for (const ScalarMap* m : maps)
        if (m)
            for (float v : m->values) {
                if (v < 0)
                    return Sign::All;
                positive = positive || v > 0;
            }
    return positive ? Sign::Positive : Sign::All;
}

Sign resolveSign(const ScalarMap& map, Sign sign)
{
    return resolveSign(std::vector<const ScalarMap*>{&map}, sign);
}

ScalarMap toScalarMap(const Tensor& sample, const std::string& layout)
{
    const Planes p = planes(sample, layout);
    ScalarMap map;
    map.width = p.width;
    map.height = p.height;
    map.values.assign(static_cast<size_t>(p.width) * p.height, 0.0f);
    for (int c = 0; c < p.channels; ++c)
        for (int y = 0; y < p.height; ++y)
            for (int x = 0; x < p.width; ++x)
                map.values[static_cast<size_t>(y) * p.width + x] += p.at(c, y, x);
    return map;
}

MapRange mapRange(const std::vector<const ScalarMap*>& maps, Sign sign, double clipPercentile)
{
    sign = resolveSign(maps, sign);
    std::vector<float> magnitudes;
    for (const ScalarMap* m : maps) {
        if (!m)
            continue;
        for (float v : m->values) {
            const float s = shown(v, sign);
            if (!std::isnan(s))
                magnitudes.push_back(s);
        }
    }
    float m = percentile(magnitudes, clipPercentile);
    if (!(m > 0) || !std::isfinite(m))
        m = 1;
    if (sign == Sign::All)
        return {-m, m};
    return {0, m};
}

MapRange mapRange(const ScalarMap& map, Sign sign, double clipPercentile)
{
    return mapRange(std::vector<const ScalarMap*>{&map}, sign, clipPercentile);
}

const Colormap& resolveColormap(const OverlayStyle& style, Sign resolvedSign)
{
    if (!style.colormap.isEmpty() && style.colormap != QLatin1String("auto"))
        return colormap(style.colormap);
    switch (resolvedSign) {
    case Sign::Auto:
    case Sign::All:
        return defaultColormap(true);
    case Sign::Negative:
        return colormap(QStringLiteral("Blues"));
    case Sign::Positive:
    case Sign::Absolute:
        break;
    }
    return defaultColormap(false);
}

const Colormap& resolveColormap(const OverlayStyle& style)
{
    return resolveColormap(style, style.sign);
}

QImage colorize(const ScalarMap& map, const Colormap& cmap, Sign sign, MapRange range, bool fade)
{
    sign = resolveSign(map, sign);
    const double limit = std::max(std::abs(static_cast<double>(range.lo)), std::abs(static_cast<double>(range.hi)));
    QImage image(std::max(map.width, 1), std::max(map.height, 1), QImage::Format_ARGB32);
    image.fill(Qt::transparent);
    if (map.isEmpty())
        return image;
    const double span = range.hi - range.lo;
    for (int y = 0; y < map.height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < map.width; ++x) {
            const float v = map.at(x, y);
            if (!std::isfinite(v))
                continue;
            double value = v;
            if (sign != Sign::All) {
                const float s = shown(v, sign);
                if (std::isnan(s))
                    continue;
                value = s;
            }
            const double t = span > 0 ? (value - range.lo) / span : 0.5;
            line[x] = cmap.map(t);
            if (fade) {
                const double m = sign == Sign::All ? (limit > 0 ? std::abs(value) / limit : 0.0)
                                                   : (span > 0 ? (value - range.lo) / span : 0.0);
                const int alpha = static_cast<int>(std::lround(255.0 * std::sqrt(std::clamp(m, 0.0, 1.0))));
                line[x] = qRgba(qRed(line[x]), qGreen(line[x]), qBlue(line[x]), alpha);
            }
        }
    }
    return image;
}

QImage sampleImage(const Tensor& sample, const std::string& layout)
{
    const Planes p = planes(sample, layout);
    const bool rgb = p.channels == 3;
    const int planesOut = rgb ? 3 : 1;
    std::vector<float> v(static_cast<size_t>(planesOut) * p.width * p.height, 0.0f);
    for (int c = 0; c < p.channels; ++c)
        for (int y = 0; y < p.height; ++y)
            for (int x = 0; x < p.width; ++x)
                v[(static_cast<size_t>(rgb ? c : 0) * p.height + y) * p.width + x] += p.at(c, y, x);
    float lo = INFINITY, hi = -INFINITY;
    for (float f : v)
        if (std::isfinite(f)) {
            lo = std::min(lo, f);
            hi = std::max(hi, f);
        }
    const float span = hi - lo;
    auto byte = [&](float f) {
        if (!std::isfinite(f) || !(span > 0))
            return 128;
        return std::clamp(static_cast<int>(std::lround((f - lo) / span * 255.0f)), 0, 255);
    };
    QImage image(p.width, p.height, QImage::Format_RGB32);
    const size_t plane = static_cast<size_t>(p.width) * p.height;
    for (int y = 0; y < p.height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < p.width; ++x) {
            const size_t i = static_cast<size_t>(y) * p.width + x;
            if (rgb)
                line[x] = qRgb(byte(v[i]), byte(v[plane + i]), byte(v[2 * plane + i]));
            else
                line[x] = qRgb(byte(v[i]), byte(v[i]), byte(v[i]));
        }
    }
    return image;
}

QImage composeOverlay(const QImage& base, const ScalarMap& map, const OverlayStyle& style, MapRange range)
{
    if (map.isEmpty()) {
        if (base.isNull())
            return {};
        return base.convertToFormat(QImage::Format_RGB32);
    }
    QImage out(map.width, map.height, QImage::Format_RGB32);
    if (base.isNull()) {
        out.fill(Qt::white);
    } else {
        QImage scaled =
            base.size() == out.size() ? base : base.scaled(out.size(), Qt::IgnoreAspectRatio, Qt::FastTransformation);
        // Transparent parts of the base show white underneath.
        scaled = scaled.convertToFormat(QImage::Format_ARGB32);
        for (int y = 0; y < out.height(); ++y) {
            const auto* src = reinterpret_cast<const QRgb*>(scaled.constScanLine(y));
            auto* dst = reinterpret_cast<QRgb*>(out.scanLine(y));
            for (int x = 0; x < out.width(); ++x) {
                const int a = qAlpha(src[x]);
                auto ch = [&](int c) { return (c * a + 255 * (255 - a) + 127) / 255; };
                if (style.greyBase) { // grey in 32..208: the map's white (zero) and strong colours both stand out
                    const int g = 32 + (ch(qGray(src[x])) * 176 + 127) / 255;
                    dst[x] = qRgb(g, g, g);
                } else {
                    dst[x] = qRgb(ch(qRed(src[x])), ch(qGreen(src[x])), ch(qBlue(src[x])));
                }
            }
        }
    }
    const Sign sign = resolveSign(map, style.sign);
    const QImage colors = colorize(map, resolveColormap(style, sign), sign, range, style.fade);
    const double opacity = std::clamp(style.opacity, 0.0, 1.0);
    for (int y = 0; y < out.height(); ++y) {
        const auto* src = reinterpret_cast<const QRgb*>(colors.constScanLine(y));
        auto* dst = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < out.width(); ++x) {
            const double a = opacity * qAlpha(src[x]) / 255.0;
            if (a <= 0)
                continue;
            auto mix = [&](int under, int over) { return static_cast<int>(std::lround(under + a * (over - under))); };
            dst[x] = qRgb(mix(qRed(dst[x]), qRed(src[x])), mix(qGreen(dst[x]), qGreen(src[x])),
                          mix(qBlue(dst[x]), qBlue(src[x])));
        }
    }
    return out;
}

std::vector<QPolygonF> isoLines(const ScalarMap& map, double level)
{
    std::vector<QPolygonF> lines;
    if (map.isEmpty() || map.width < 2 || map.height < 2)
        return lines;
    const int w = map.width, h = map.height;
    auto value = [&](int x, int y) {
        const float f = map.at(x, y);
        return std::isfinite(f) ? static_cast<double>(f) : -INFINITY;
    };
    // Edge ids: horizontal edge from node (x, y) to (x + 1, y) is 2 * (y * w + x), vertical to (x, y + 1) is +1.
    auto hEdge = [&](int x, int y) { return 2 * (y * w + x); };
    auto vEdge = [&](int x, int y) { return 2 * (y * w + x) + 1; };
    QHash<int, QPointF> points;   // crossing on each edge
    QHash<int, QList<int>> links; // edge -> edges joined by a segment
    auto crossing = [&](int id, int x0, int y0, int x1, int y1) {
        const double a = value(x0, y0), b = value(x1, y1);
        if ((a >= level) == (b >= level))
            return false;
        if (!points.contains(id)) {
            double t = std::isfinite(a) && std::isfinite(b) ? (level - a) / (b - a) : 0.5;
            t = std::clamp(t, 0.0, 1.0);
            points.insert(id, QPointF(x0 + 0.5 + t * (x1 - x0), y0 + 0.5 + t * (y1 - y0)));
        }
        return true;
    };
    auto link = [&](int a, int b) {
        links[a].append(b);
        links[b].append(a);
    };
    for (int y = 0; y + 1 < h; ++y) {
        for (int x = 0; x + 1 < w; ++x) {
            // a cell touching missing data has no contour: lines end at the mask instead of tracing its edge
            if (!std::isfinite(value(x, y)) || !std::isfinite(value(x + 1, y)) || !std::isfinite(value(x, y + 1)) ||
                !std::isfinite(value(x + 1, y + 1)))
                continue;
            const int top = hEdge(x, y), bottom = hEdge(x, y + 1), left = vEdge(x, y), right = vEdge(x + 1, y);
            const bool ct = crossing(top, x, y, x + 1, y), cb = crossing(bottom, x, y + 1, x + 1, y + 1);
            const bool cl = crossing(left, x, y, x, y + 1), cr = crossing(right, x + 1, y, x + 1, y + 1);
            if (ct && cb && cl && cr) { // saddle: decide by the cell centre
                const double centre = (value(x, y) + value(x + 1, y) + value(x, y + 1) + value(x + 1, y + 1)) / 4;
                if ((centre >= level) == (value(x, y) >= level)) {
                    link(top, right);
                    link(left, bottom);
                } else {
                    link(top, left);
                    link(right, bottom);
                }
                continue;
            }
            std::vector<int> crossed;
            if (ct)
                crossed.push_back(top);
            if (cr)
                crossed.push_back(right);
            if (cb)
                crossed.push_back(bottom);
            if (cl)
                crossed.push_back(left);
            if (crossed.size() == 2)
                link(crossed[0], crossed[1]);
        }
    }
    // Chain segments into polylines: open ones start at an edge with one link, the rest are closed loops (their
    // first point repeated at the end).
    QSet<int> used;
    auto walk = [&](int start) {
        QPolygonF line;
        line << points.value(start);
        used.insert(start);
        int current = start, previous = -1;
        for (;;) {
            int next = -1;
            for (int n : links.value(current))
                if (n != previous && (!used.contains(n) || (n == start && previous != -1))) {
                    next = n;
                    break;
                }
            if (next < 0)
                break;
            line << points.value(next);
            if (next == start)
                break;
            used.insert(next);
            previous = current;
            current = next;
        }
        lines.push_back(line);
    };
    QList<int> keys = links.keys();
    std::sort(keys.begin(), keys.end());
    for (int id : keys)
        if (!used.contains(id) && links.value(id).size() == 1)
            walk(id);
    for (int id : keys)
        if (!used.contains(id))
            walk(id);
    return lines;
}

std::vector<QPainterPath> contourPaths(const ScalarMap& map, Sign sign, MapRange range, int levels)
{
    sign = resolveSign(map, sign);
    std::vector<QPainterPath> paths;
    if (map.isEmpty() || levels <= 0 || map.width < 2 || map.height < 2)
        return paths;
    ScalarMap shown = map;
    for (float& v : shown.values)
        v = field(v, sign);
    for (int l = 0; l < levels; ++l) {
        const double level = range.lo + (l + 1) * (static_cast<double>(range.hi) - range.lo) / (levels + 1);
        QPainterPath path;
        for (const QPolygonF& line : isoLines(shown, level)) {
            const bool closed = line.size() > 2 && line.front() == line.back();
            path.moveTo(line.front());
            for (qsizetype i = 1; i < line.size() - (closed ? 1 : 0); ++i)
                path.lineTo(line[i]);
            if (closed)
                path.closeSubpath();
        }
        paths.push_back(path);
    }
    return paths;
}

} // namespace lantern::render
