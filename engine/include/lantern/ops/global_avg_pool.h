#pragma once

#include "lantern/op.h"

namespace lantern {

/// Mean over all spatial axes, like ONNX GlobalAveragePool: (N, C, d1, ..., dk) -> (N, C, 1, ..., 1) for input
/// rank 3 to 5 (NCHW gives (N, C, 1, 1)).
class GlobalAvgPool : public Op {
public:
    std::string type() const override { return "GlobalAvgPool"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
};

} // namespace lantern
