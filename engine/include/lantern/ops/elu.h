#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

struct EluParams {
    float alpha = 1.0f;
};

/// Element-wise x for x > 0, alpha * (exp(x) - 1) otherwise (ONNX Elu). Backward reads only the output
/// when alpha >= 0, else the input.
/// Any input rank; the output has the input's shape.
class Elu : public Op {
public:
    explicit Elu(const EluParams& params = {});
    ~Elu() override;

    std::string type() const override { return "Elu"; }
    bool isActivation() const override { return true; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    bool backwardNeedsOutputs() const override { return m_params.alpha >= 0.f; }
    std::string describe() const override;

    const EluParams& params() const { return m_params; }

private:
    struct Impl;
    EluParams m_params;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern
