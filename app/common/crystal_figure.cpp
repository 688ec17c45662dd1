#include "common/crystal_figure.h"

#include "lantern/error.h"
#include "lantern/render/colormap.h"
#include "lantern/render/figure.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace lantern::app {

namespace {

int planeSize(const Tensor& t, int& h, int& w)
{
    if (t.rank() != 3 || t.dim(0) != 3)
        throw ArgumentError("expected a (3, H, W) map, got " + shapeToString(t.shape()));
    h = int(t.dim(1));
    w = int(t.dim(2));
    return h * w;
}

} // namespace

QImage fingerprintImage(const Tensor& fingerprint)
{
    int h = 0, w = 0;
    const int plane = planeSize(fingerprint, h, w);
    QImage image(w, h, QImage::Format_RGB888);
    for (int row = 0; row < h; ++row) {
        uchar* line = image.scanLine(row);
        for (int col = 0; col < w; ++col)
            for (int c = 0; c < 3; ++c)
                line[3 * col + c] = uchar(std::lround(std::clamp(fingerprint[c * plane + row * w + col], 0.f, 1.f) * 255.f));
    }
    return image;
}

QImage fingerprintChannelImage(const Tensor& fingerprint, int channel)
{
    int h = 0, w = 0;
    const int plane = planeSize(fingerprint, h, w);
    const render::Colormap& cmap = render::colormap(QStringLiteral("magma"));
    QImage image(w, h, QImage::Format_RGB32);
    for (int row = 0; row < h; ++row) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(row));
        for (int col = 0; col < w; ++col)
            line[col] = cmap.map(fingerprint[channel * plane + row * w + col]);
    }
    return image;
}

float responseRange(const Tensor& map)
{
    float top = 0;
    for (int64_t i = 0; i < map.size(); ++i)
        top = std::max(top, std::abs(map[i]));
    return top > 0 ? top : 1.f;
}

QImage responseChannelImage(const Tensor& map, int channel, float range)
{
    int h = 0, w = 0;
    const int plane = planeSize(map, h, w);
    const render::Colormap& cmap = render::colormap(QStringLiteral("RdBu_r"));
    QImage image(w, h, QImage::Format_RGB32);
    for (int row = 0; row < h; ++row) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(row));
        for (int col = 0; col < w; ++col)
            line[col] = cmap.map(0.5 + 0.5 * map[channel * plane + row * w + col] / range);
    }
    return image;
}

QImage dominantChannelImage(const Tensor& dominant, const Tensor& sum, int channel, int filters)
{
    int h = 0, w = 0;
    const int plane = planeSize(dominant, h, w);
    const std::vector<QColor> colors = render::classColors(std::max(filters, 1));
    const float floor = 0.02f * responseRange(sum); // where the maps say next to nothing, no filter dominates
    QImage image(w, h, QImage::Format_RGB32);
    for (int row = 0; row < h; ++row) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(row));
        for (int col = 0; col < w; ++col) {
            const int i = channel * plane + row * w + col;
            const int k = int(std::lround(dominant[i]));
            line[col] = std::abs(sum[i]) <= floor || k < 0 || k >= int(colors.size()) ? qRgb(255, 255, 255) : colors[std::size_t(k)].rgb();
        }
    }
    return image;
}

namespace {
constexpr double kTile = 0.42, kGap = 0.03, kGroupGap = 0.14, kLabel = 0.62, kHeader = 0.5, kFooter = 0.28, kRight = 0.25;
}

QSizeF responseFigureInches(const studies::CrystalAnalysis& a)
{
    int tiles = 2; // input and the last layer's sum
    for (const auto& l : a.layers)
        tiles += int(l.maps.size());
    const int groups = int(a.layers.size()) + 2;
    return {kLabel + tiles * (kTile + kGap) + groups * kGroupGap + kRight, kHeader + 3 * (kTile + kGap) + kFooter};
}

void paintResponseFigure(QPainter& p, const QRectF& target, const studies::CrystalAnalysis& a, const ResponseFigureText& text)
{
    const QSizeF inches = responseFigureInches(a);
    // layout in inches, drawn in device units (no painter scaling: fonts keep their hinting)
    const double s = std::min(target.width() / inches.width(), target.height() / inches.height());
    const double dpi = p.device()->logicalDpiY();
    const auto R = [&](double x, double y, double w, double h) {
        return QRectF(target.left() + x * s, target.top() + y * s, w * s, h * s);
    };
    const auto drawText = [&](const QRectF& r, int flags, const QString& t, double points) {
        QFont f = p.font();
        f.setPointSizeF(points * s / dpi);
        p.setFont(f);
        p.drawText(r, flags, t);
    };
    p.save();
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.setPen(Qt::black);
    drawText(R(0, 0.02, inches.width(), 0.2), Qt::AlignCenter, text.title, 8.5);
    double x = kLabel;
    for (int c = 0; c < 3; ++c)
        drawText(R(0, kHeader + c * (kTile + kGap), kLabel - 0.04, kTile), Qt::AlignRight | Qt::AlignVCenter,
                 c < text.channelNames.size() ? text.channelNames[c] : QString::number(c), 6.5);
    const auto tile = [&](const QImage& image, double tx, int row) {
        p.drawImage(R(tx, kHeader + row * (kTile + kGap), kTile, kTile), image);
    };
    const auto group = [&](const QString& header, int count) {
        drawText(R(x, 0.24, count * (kTile + kGap) - kGap, 0.12), Qt::AlignCenter, header, 6.5);
    };
    group(QStringLiteral("input"), 1);
    for (int c = 0; c < 3; ++c)
        tile(fingerprintChannelImage(a.fingerprint, c), x, c);
    x += kTile + kGap + kGroupGap;
    for (const auto& l : a.layers) {
        group(QString::fromStdString(l.layer), int(l.maps.size()));
        for (std::size_t k = 0; k < l.maps.size(); ++k) {
            const float range = responseRange(l.maps[k]);
            drawText(R(x, 0.36, kTile, 0.12), Qt::AlignCenter, QStringLiteral("#%1").arg(l.filters[k]), 5.5);
            for (int c = 0; c < 3; ++c)
                tile(responseChannelImage(l.maps[k], c, range), x, c);
            x += kTile + kGap;
        }
        x += kGroupGap;
    }
    if (!a.layers.empty()) {
        const auto& last = a.layers.back();
        drawText(R(x - kGroupGap, 0.24, kTile + 2 * kGroupGap, 0.12), Qt::AlignCenter,
                 QStringLiteral("sum %1").arg(QString::fromStdString(last.layer)), 6.5);
        const float range = responseRange(last.sum);
        for (int c = 0; c < 3; ++c)
            tile(responseChannelImage(last.sum, c, range), x, c);
    }
    drawText(R(0, inches.height() - kFooter + 0.06, inches.width(), 0.18), Qt::AlignCenter,
             QStringLiteral("Attentive response maps after ai4materials (A. Ziletti, D. Kumar): each map scaled to its own "
                            "largest |value|, red positive, blue negative; input: the fingerprint channel"),
             5.5);
    p.restore();
}

void writeResponseFigure(const studies::CrystalAnalysis& a, const ResponseFigureText& text, const QString& path)
{
    render::writePainted(path, responseFigureInches(a), 300, text.title,
                         [&](QPainter& p, const QRectF& r) { paintResponseFigure(p, r, a, text); });
}

} // namespace lantern::app
