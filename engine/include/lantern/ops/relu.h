#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

/// Element-wise max(x, 0). Backward reads only the output (dL/dx = dL/dy * (y > 0)), so an executor may
/// fuse the producer's output into it.
/// Any input rank; the output has the input's shape.
class Relu : public Op {
public:
    Relu();
    ~Relu() override;

    std::string type() const override { return "Relu"; }
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
