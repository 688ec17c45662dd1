#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

struct GeluParams {
    /// false: x·Φ(x) with the exact normal CDF (ONNX approximate="none", PyTorch's default); true: the tanh
    /// approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
    bool tanhApproximation = false;
};

/// Element-wise Gaussian error linear unit (ONNX Gelu, opset 20). Backward reads the input.
/// Any input rank; the output has the input's shape.
class Gelu : public Op {
public:
    explicit Gelu(const GeluParams& params = {});
    ~Gelu() override;

    std::string type() const override { return "Gelu"; }
    bool isActivation() const override { return true; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    std::string describe() const override;

    const GeluParams& params() const { return m_params; }

private:
    struct Impl;
    GeluParams m_params;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern
