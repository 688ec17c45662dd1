#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

struct SoftmaxParams {
    int axis = -1; ///< negative counts from the end
};

/// exp(x_i) / sum_j exp(x_j) along one axis (ONNX Softmax, opset >= 13), computed stably.
/// Input rank 1..5; the output has the input's shape. Backward reads only the output.
class Softmax : public Op {
public:
    explicit Softmax(const SoftmaxParams& params = {});
    ~Softmax() override;

    std::string type() const override { return "Softmax"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    bool backwardNeedsOutputs() const override { return true; }
    std::string describe() const override { return "axis=" + std::to_string(m_params.axis); }

    const SoftmaxParams& params() const { return m_params; }

private:
    struct Impl;
    SoftmaxParams m_params;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern
