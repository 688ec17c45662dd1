#pragma once
// PNG overlays of explanation maps for `lantern-cli explain --png`.

#include "lantern/tensor.h"

#include <string>

namespace lantern::cli {

/// Writes `map` (one sample, shaped like `input`: (C, H, W) or (H, W, C) per `layout`, or (H, W)) as a PNG:
/// the map summed over channels, divided by the 99.5th percentile of its absolute values and clipped to
/// [-1, 1], coloured blue (negative) - white (0) - red (positive) and blended over the input in grey
/// (channel mean, min-max scaled) with opacity 0.3 + 0.7|v|. Small images are enlarged (nearest neighbour)
/// to at least 112 pixels on their shorter side. Throws IoError when the file cannot be written and
/// ShapeError when the sample is not an image.
/// Writes one sample that is itself an image (e.g. an optimal input) in grey (channel mean, min-max scaled),
/// enlarged like the overlays.
void writeImagePng(const std::string& path, const Tensor& image, const std::string& layout);

void writeOverlayPng(const std::string& path, const Tensor& input, const Tensor& map, const std::string& layout);

} // namespace lantern::cli
