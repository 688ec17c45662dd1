#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

/// Element-wise tanh(x). Backward reads only the output (dy/dx = 1 - y^2).
/// Any input rank; the output has the input's shape.
class Tanh : public Op {
public:
    Tanh();
    ~Tanh() override;

    std::string type() const override { return "Tanh"; }
    bool isActivation() const override { return true; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    bool backwardNeedsOutputs() const override { return true; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern
