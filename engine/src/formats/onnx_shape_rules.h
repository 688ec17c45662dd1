#pragma once
// Internal to the ONNX importer: ONNX shape rules shared by constant folding and the op mappings.

#include "onnx_context.h"

#include <optional>
#include <vector>

namespace lantern::formats::onnximport {

/// numpy broadcasting of several shapes (ShapeError naming the node when they do not broadcast).
Shape broadcastShapes(const NodeContext& c, const std::vector<Shape>& shapes);

/// ONNX Reshape: 0 copies the input dimension (unless allowZero), one -1 is inferred.
Shape reshapeShape(const NodeContext& c, const Shape& in, const std::vector<int64_t>& target, bool allowZero);
/// ONNX Unsqueeze: inserts 1s at `axes` (of the output rank).
Shape unsqueezeShape(const NodeContext& c, const Shape& in, const std::vector<int64_t>& axes);
/// ONNX Squeeze: removes the 1s at `axes`, or every static 1 when absent.
Shape squeezeShape(const NodeContext& c, const Shape& in, const std::optional<std::vector<int64_t>>& axes);
/// The axes of a Squeeze/Unsqueeze node: the attribute before opset 13, the (optional) input 1 from opset 13.
std::optional<std::vector<int64_t>> squeezeAxes(const NodeContext& c, const ConstTensor* axesInput);

} // namespace lantern::formats::onnximport
