// Colormap lookup tables (generated into colormap_data.cpp) and the class colour palette.
#include "lantern/render/colormap.h"

#include "colormap_data.h"
#include "lantern/error.h"

#include <QColor>

#include <algorithm>
#include <cmath>

namespace lantern::render {

Colormap::Colormap(QString name, QString family, bool diverging, std::vector<QRgb> lut)
    : m_name(std::move(name)), m_family(std::move(family)), m_diverging(diverging), m_lut(std::move(lut))
{}

QRgb Colormap::map(double t) const
{
    if (m_lut.empty())
        return qRgb(0, 0, 0);
    if (std::isnan(t))
        t = 0;
    t = std::clamp(t, 0.0, 1.0);
    const auto last = static_cast<double>(m_lut.size() - 1);
    return m_lut[static_cast<size_t>(std::lround(t * last))];
}

QGradientStops Colormap::gradientStops(int n) const
{
    n = std::max(n, 2);
    QGradientStops stops;
    stops.reserve(n);
    for (int i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) / (n - 1);
        stops.append({t, QColor::fromRgb(map(t))});
    }
    return stops;
}

const std::vector<Colormap>& colormaps()
{
    static const std::vector<Colormap> all = [] {
        std::vector<Colormap> maps;
        maps.reserve(detail::kColormapCount);
        for (int i = 0; i < detail::kColormapCount; ++i) {
            const auto& d = detail::kColormapData[i];
            std::vector<QRgb> lut(256);
            for (int j = 0; j < 256; ++j)
                lut[j] = 0xff000000u | d.rgb[j];
            maps.emplace_back(QString::fromLatin1(d.name), QString::fromLatin1(d.family), d.diverging, std::move(lut));
        }
        return maps;
    }();
    return all;
}

const Colormap& colormap(const QString& name)
{
    const auto& all = colormaps();
    for (const auto& c : all)
        if (c.name() == name)
            return c;
    QStringList names;
    for (const auto& c : all)
        names << c.name();
    throw ArgumentError("unknown colormap '" + name.toStdString() +
                        "'; available: " + names.join(QStringLiteral(", ")).toStdString());
}

const Colormap& defaultColormap(bool diverging)
{
    return colormap(diverging ? QStringLiteral("RdBu_r") : QStringLiteral("Reds"));
}

std::vector<QColor> classColors(int count)
{
    static const QRgb tab10[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};
    static const QRgb tab20[] = {0x1f77b4, 0xaec7e8, 0xff7f0e, 0xffbb78, 0x2ca02c, 0x98df8a, 0xd62728,
                                 0xff9896, 0x9467bd, 0xc5b0d5, 0x8c564b, 0xc49c94, 0xe377c2, 0xf7b6d2,
                                 0x7f7f7f, 0xc7c7c7, 0xbcbd22, 0xdbdb8d, 0x17becf, 0x9edae5};
    std::vector<QColor> colors;
    if (count <= 0)
        return colors;
    colors.reserve(count);
    for (int i = 0; i < count; ++i)
        colors.push_back(QColor::fromRgb(count <= 10 ? tab10[i] : tab20[i % 20]));
    return colors;
}

} // namespace lantern::render
