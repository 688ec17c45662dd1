#pragma once
// Fitting sample arrays to what a model's input expects: batch dimension added when missing, size-1
// dimensions (a single channel) inserted where the samples leave them out.

#include "lantern/tensor.h"

#include <string>

namespace lantern::data {

/// Returns `samples` viewed with the model input's rank: (N, ...) where "..." equals the model input shape
/// without its batch dimension. Accepts exactly that, a single sample without batch dimension, and either of
/// those with the model's size-1 dimensions left out (e.g. (N, 28, 28) or (28, 28) for a (N, 1, 28, 28)
/// model). Dimensions the model leaves free (-1, other than the batch) take the samples' size. Throws
/// ShapeError naming `source` and both shapes otherwise. No copy is made.
Tensor fitToModelInput(const Tensor& samples, const Shape& modelInputShape, const std::string& source);
/// The shape fitToModelInput gives samples of shape `samples` (same rules and errors), without any data: for
/// readers that fit an array batch by batch. Its leading dimension equals samples[0] when the samples' rows are
/// the samples, 1 when the whole array is one sample.
Shape fitShapeToModelInput(const Shape& samples, const Shape& modelInputShape, const std::string& source);

/// Human-readable shape with the batch dimension shown as "N" where it is free: "(N, 1, 28, 28)".
std::string modelShapeToString(const Shape& shape);

} // namespace lantern::data
