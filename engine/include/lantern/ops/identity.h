#pragma once

#include "lantern/op.h"

namespace lantern {

/// Passes its input through unchanged (ONNX Identity). The output is a view sharing the input's storage;
/// backward passes the output gradient through the same way.
class Identity : public Op {
public:
    std::string type() const override { return "Identity"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
};

} // namespace lantern
