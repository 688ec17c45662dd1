#include "explain/optimal_input_spatial.h"

#include "lantern/error.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace lantern::explain {

namespace {

void requireSpatial(const SpatialAxes& axes, const char* what)
{
    if (!axes.valid)
        throw ArgumentError(std::string("optimal-input: ") + what + " needs an input with a 2-D spatial map");
}

int64_t wrap(int64_t i, int64_t n)
{
    return ((i % n) + n) % n;
}

} // namespace

SpatialAxes spatialAxes(const Shape& shape, const std::string& layout)
{
    SpatialAxes a;
    if (shape.size() == 4) {
        a.valid = true;
        if (layout == "NHWC") {
            a.outer = shape[0];
            a.height = shape[1];
            a.width = shape[2];
            a.inner = shape[3];
        } else {
            a.outer = shape[0] * shape[1];
            a.height = shape[2];
            a.width = shape[3];
            a.inner = 1;
        }
    } else if (shape.size() == 3) {
        a.valid = true;
        a.outer = shape[0];
        a.height = shape[1];
        a.width = shape[2];
        a.inner = 1;
    }
    return a;
}

Tensor roll(const Tensor& x, const SpatialAxes& a, int64_t dy, int64_t dx)
{
    requireSpatial(a, "jitter");
    Tensor out(x.shape());
    for (int64_t o = 0; o < a.outer; ++o)
        for (int64_t y = 0; y < a.height; ++y)
            for (int64_t xx = 0; xx < a.width; ++xx) {
                const int64_t sy = wrap(y - dy, a.height), sx = wrap(xx - dx, a.width);
                const float* src = x.data() + ((o * a.height + sy) * a.width + sx) * a.inner;
                float* dst = out.data() + ((o * a.height + y) * a.width + xx) * a.inner;
                for (int64_t i = 0; i < a.inner; ++i)
                    dst[i] = src[i];
            }
    return out;
}

void addTotalVariationGradient(const Tensor& x, const SpatialAxes& a, float weight, Tensor& g)
{
    requireSpatial(a, "tv");
    auto at = [&](int64_t o, int64_t y, int64_t xx, int64_t i) {
        return ((o * a.height + y) * a.width + xx) * a.inner + i;
    };
    for (int64_t o = 0; o < a.outer; ++o)
        for (int64_t y = 0; y < a.height; ++y)
            for (int64_t xx = 0; xx < a.width; ++xx)
                for (int64_t i = 0; i < a.inner; ++i) {
                    const float c = x[at(o, y, xx, i)];
                    float d = 0;
                    if (y + 1 < a.height)
                        d += 2 * (c - x[at(o, y + 1, xx, i)]);
                    if (y > 0)
                        d += 2 * (c - x[at(o, y - 1, xx, i)]);
                    if (xx + 1 < a.width)
                        d += 2 * (c - x[at(o, y, xx + 1, i)]);
                    if (xx > 0)
                        d += 2 * (c - x[at(o, y, xx - 1, i)]);
                    g[at(o, y, xx, i)] -= weight * d;
                }
}

Tensor gaussianBlur(const Tensor& x, const SpatialAxes& a, float sigma)
{
    requireSpatial(a, "blur");
    const int64_t radius = static_cast<int64_t>(std::ceil(3 * sigma));
    std::vector<float> k(static_cast<size_t>(2 * radius + 1));
    float sum = 0;
    for (int64_t i = -radius; i <= radius; ++i)
        sum += (k[static_cast<size_t>(i + radius)] = std::exp(-0.5f * static_cast<float>(i * i) / (sigma * sigma)));
    for (float& v : k)
        v /= sum;
    auto at = [&](int64_t o, int64_t y, int64_t xx, int64_t i) {
        return ((o * a.height + y) * a.width + xx) * a.inner + i;
    };
    Tensor tmp(x.shape()), out(x.shape());
    for (int64_t o = 0; o < a.outer; ++o)
        for (int64_t y = 0; y < a.height; ++y)
            for (int64_t xx = 0; xx < a.width; ++xx)
                for (int64_t i = 0; i < a.inner; ++i) {
                    float s = 0;
                    for (int64_t d = -radius; d <= radius; ++d)
                        s += k[static_cast<size_t>(d + radius)] *
                             x[at(o, y, std::clamp<int64_t>(xx + d, 0, a.width - 1), i)];
                    tmp[at(o, y, xx, i)] = s;
                }
    for (int64_t o = 0; o < a.outer; ++o)
        for (int64_t y = 0; y < a.height; ++y)
            for (int64_t xx = 0; xx < a.width; ++xx)
                for (int64_t i = 0; i < a.inner; ++i) {
                    float s = 0;
                    for (int64_t d = -radius; d <= radius; ++d)
                        s += k[static_cast<size_t>(d + radius)] *
                             tmp[at(o, std::clamp<int64_t>(y + d, 0, a.height - 1), xx, i)];
                    out[at(o, y, xx, i)] = s;
                }
    return out;
}

} // namespace lantern::explain
