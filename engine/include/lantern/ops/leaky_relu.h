#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

struct LeakyReluParams {
    float alpha = 0.01f;
};

/// Element-wise x for x > 0, alpha * x otherwise (ONNX LeakyRelu). Backward reads only the output
/// when alpha >= 0, else the input.
/// Any input rank; the output has the input's shape.
class LeakyRelu : public Op {
public:
    explicit LeakyRelu(const LeakyReluParams& params = {});
    ~LeakyRelu() override;

    std::string type() const override { return "LeakyRelu"; }
    bool isActivation() const override { return true; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    bool backwardNeedsOutputs() const override { return m_params.alpha >= 0.f; }
    std::string describe() const override;

    const LeakyReluParams& params() const { return m_params; }

private:
    struct Impl;
    LeakyReluParams m_params;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern
