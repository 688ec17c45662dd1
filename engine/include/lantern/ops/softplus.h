#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

/// Element-wise log(1 + exp(x)) (ONNX Softplus). Backward reads the input (dy/dx = sigmoid(x)).
/// Any input rank; the output has the input's shape.
class Softplus : public Op {
public:
    Softplus();
    ~Softplus() override;

    std::string type() const override { return "Softplus"; }
    bool isActivation() const override { return true; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern
