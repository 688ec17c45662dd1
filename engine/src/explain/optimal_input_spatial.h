#pragma once
// Internal: spatial helpers for optimal-input (shift, total variation, Gaussian blur) on tensors whose two
// spatial axes are adjacent: (N, C, H, W) seen as outer=N*C, inner=1; (N, H, W, C) as outer=N, inner=C;
// (N, H, W) as outer=N, inner=1.

#include "lantern/tensor.h"

#include <string>

namespace lantern::explain {

struct SpatialAxes {
    int64_t outer = 0, height = 0, width = 0, inner = 0;
    bool valid = false; ///< false for inputs without a 2-D spatial map
};

SpatialAxes spatialAxes(const Shape& shape, const std::string& layout);
/// Circular shift by (dy, dx) pixels. ArgumentError without spatial axes.
Tensor roll(const Tensor& x, const SpatialAxes& axes, int64_t dy, int64_t dx);
/// g -= weight * d/dx sum((x[y+1]-x[y])^2 + (x[x+1]-x[x])^2).
void addTotalVariationGradient(const Tensor& x, const SpatialAxes& axes, float weight, Tensor& g);
/// Separable Gaussian blur (radius ceil(3 sigma), edges clamped).
Tensor gaussianBlur(const Tensor& x, const SpatialAxes& axes, float sigma);

} // namespace lantern::explain
