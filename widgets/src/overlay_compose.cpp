#include "overlay_compose.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace lantern::widgets::detail {

QImage composeView(const QImage& base, const render::ScalarMap& map, const QImage& categorical,
                   const render::OverlayStyle& style, render::MapRange range)
{
    if (!map.isEmpty())
        return render::composeOverlay(base, map, style, range);
    if (!categorical.isNull()) {
        QImage out(categorical.size(), QImage::Format_ARGB32);
        out.fill(Qt::white);
        QPainter painter(&out);
        if (!base.isNull())
            painter.drawImage(out.rect(),
                              base.scaled(categorical.size(), Qt::IgnoreAspectRatio, Qt::FastTransformation));
        painter.setOpacity(std::clamp(style.opacity, 0.0, 1.0));
        painter.drawImage(0, 0, categorical);
        painter.end();
        return out;
    }
    if (!base.isNull())
        return base.convertToFormat(QImage::Format_ARGB32);
    return {};
}

QRectF fitRect(const QSize& size, const QRectF& bounds, qreal devicePixelRatio)
{
    if (size.isEmpty() || bounds.width() <= 0 || bounds.height() <= 0)
        return {};
    const double scale = std::min(bounds.width() / size.width(), bounds.height() / size.height());
    const double dpr = devicePixelRatio > 0 ? devicePixelRatio : 1.0;
    // Snap to whole device pixels so the nearest-neighbour upscale keeps crisp pixel edges.
    const double w = std::max(1.0, std::floor(size.width() * scale * dpr)) / dpr;
    const double h = std::max(1.0, std::floor(size.height() * scale * dpr)) / dpr;
    const double x = std::round((bounds.x() + (bounds.width() - w) / 2) * dpr) / dpr;
    const double y = std::round((bounds.y() + (bounds.height() - h) / 2) * dpr) / dpr;
    return {x, y, w, h};
}

} // namespace lantern::widgets::detail
