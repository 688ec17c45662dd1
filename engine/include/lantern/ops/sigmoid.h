#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

/// Element-wise 1 / (1 + exp(-x)). Backward reads only the output (dy/dx = y * (1 - y)).
/// Any input rank; the output has the input's shape.
class Sigmoid : public Op {
public:
    Sigmoid();
    ~Sigmoid() override;

    std::string type() const override { return "Sigmoid"; }
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
