#include "explain_png.h"

#include "lantern/error.h"

#include <QImage>
#include <QString>

#include <algorithm>
#include <cmath>
#include <vector>

namespace lantern::cli {

namespace {

/// Per pixel sum over channels (map) or mean (input) of one sample; returns H, W.
std::vector<float> perPixel(const Tensor& t, const std::string& layout, bool mean, int64_t& h, int64_t& w)
{
    int64_t c = 1;
    bool channelsLast = false;
    if (t.rank() == 2) {
        h = t.dim(0);
        w = t.dim(1);
    } else if (t.rank() == 3) {
        channelsLast = layout == "NHWC";
        c = channelsLast ? t.dim(2) : t.dim(0);
        h = channelsLast ? t.dim(0) : t.dim(1);
        w = channelsLast ? t.dim(1) : t.dim(2);
    } else {
        throw ShapeError("--png needs image samples (C, H, W) or (H, W, C); a sample has shape " +
                         shapeToString(t.shape()));
    }
    std::vector<float> out(static_cast<size_t>(h * w), 0.f);
    for (int64_t y = 0; y < h; ++y)
        for (int64_t x = 0; x < w; ++x) {
            float s = 0;
            for (int64_t k = 0; k < c; ++k)
                s += channelsLast ? t[(y * w + x) * c + k] : t[(k * h + y) * w + x];
            out[static_cast<size_t>(y * w + x)] = mean ? s / static_cast<float>(c) : s;
        }
    return out;
}

/// Enlarges small images (nearest neighbour) to at least 112 pixels on the shorter side and saves them.
void saveEnlarged(QImage img, const std::string& path)
{
    const int shorter = std::min(img.width(), img.height());
    if (shorter > 0 && shorter < 112) {
        const int f = (112 + shorter - 1) / shorter;
        img = img.scaled(img.width() * f, img.height() * f, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    }
    if (!img.save(QString::fromStdString(path), "PNG"))
        throw IoError(path + ": cannot write the PNG");
}

} // namespace

void writeImagePng(const std::string& path, const Tensor& image, const std::string& layout)
{
    int64_t h = 0, w = 0;
    const std::vector<float> g = perPixel(image, layout, true, h, w);
    const auto [gmin, gmax] = std::minmax_element(g.begin(), g.end());
    const float grange = *gmax - *gmin > 0 ? *gmax - *gmin : 1.f;
    QImage img(static_cast<int>(w), static_cast<int>(h), QImage::Format_Grayscale8);
    for (int64_t y = 0; y < h; ++y)
        for (int64_t x = 0; x < w; ++x)
            img.scanLine(static_cast<int>(y))[x] =
                static_cast<uchar>(std::lround(255.f * (g[static_cast<size_t>(y * w + x)] - *gmin) / grange));
    saveEnlarged(img, path);
}

void writeOverlayPng(const std::string& path, const Tensor& input, const Tensor& map, const std::string& layout)
{
    int64_t h = 0, w = 0, h2 = 0, w2 = 0;
    const std::vector<float> m = perPixel(map, layout, false, h, w);
    const std::vector<float> g = perPixel(input, layout, true, h2, w2);
    std::vector<float> mags(m.size());
    std::transform(m.begin(), m.end(), mags.begin(), [](float v) { return std::abs(v); });
    const size_t at = std::min(mags.size() - 1, static_cast<size_t>(std::ceil(0.995 * double(mags.size() - 1))));
    std::nth_element(mags.begin(), mags.begin() + static_cast<std::ptrdiff_t>(at), mags.end());
    const float clip = mags[at] > 0 ? mags[at] : 1.f;
    const auto [gmin, gmax] = std::minmax_element(g.begin(), g.end());
    const float grange = *gmax - *gmin > 0 ? *gmax - *gmin : 1.f;

    QImage img(static_cast<int>(w), static_cast<int>(h), QImage::Format_RGB32);
    for (int64_t y = 0; y < h; ++y)
        for (int64_t x = 0; x < w; ++x) {
            const size_t i = static_cast<size_t>(y * w + x);
            const float v = std::clamp(m[i] / clip, -1.f, 1.f);
            const float grey = (g[i] - *gmin) / grange;
            // diverging colormap: blue (-1) - white (0) - red (+1)
            const float r = v < 0 ? 1.f + v : 1.f, gg = 1.f - std::abs(v), b = v > 0 ? 1.f - v : 1.f;
            const float a = 0.3f + 0.7f * std::abs(v);
            auto mix = [&](float c) { return static_cast<int>(std::lround(255.f * ((1 - a) * grey + a * c))); };
            img.setPixel(static_cast<int>(x), static_cast<int>(y), qRgb(mix(r), mix(gg), mix(b)));
        }
    saveEnlarged(img, path);
}

} // namespace lantern::cli
