#pragma once
// Internal to the ONNX importer: load-time evaluation of nodes whose inputs are all constants (the shape
// computations exporters emit: Shape -> Gather -> Unsqueeze -> Concat -> Reshape, Cast, ConstantOfShape, Range,
// Slice...).

#include "onnx_context.h"
#include "onnx_shape_rules.h"

#include <optional>
#include <string>
#include <vector>

namespace lantern::formats::onnximport {

/// Whether a node of this type is evaluated at load time when all its inputs are constants.
bool isFoldable(const std::string& opType);
/// Evaluates a node whose present inputs are all constants (`inputs[i]` nullptr when absent). Returns the values
/// of the outputs it computes (the first ones; e.g. Dropout's mask is not computed).
std::vector<ConstTensor> foldNode(const NodeContext& c, const std::vector<const ConstTensor*>& inputs);

} // namespace lantern::formats::onnximport
