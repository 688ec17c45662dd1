#pragma once

#include "lantern/op.h"

namespace lantern {

/// Maximum over all spatial axes, like ONNX GlobalMaxPool: (N, C, d1, ..., dk) -> (N, C, 1, ..., 1) for input
/// rank 3 to 5. Backward routes each gradient to the winning element (the first maximum in row-major order).
class GlobalMaxPool : public Op {
public:
    std::string type() const override { return "GlobalMaxPool"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;

    /// The switches of a forward pass run with keepForBackward: a tensor of the output's shape whose element
    /// is the flat row-major index, within its (n, c) spatial block, of the winning input element, stored
    /// exactly as float. Throws ArgumentError when state is null or not from a GlobalMaxPool.
    static Tensor switches(const OpState* state);
};

} // namespace lantern
