#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

struct LogSoftmaxParams {
    int axis = -1; ///< negative counts from the end
};

/// x_i - log(sum_j exp(x_j)) along one axis (ONNX LogSoftmax, opset >= 13), computed stably.
/// Input rank 1..5; the output has the input's shape. Backward reads only the output.
class LogSoftmax : public Op {
public:
    explicit LogSoftmax(const LogSoftmaxParams& params = {});
    ~LogSoftmax() override;

    std::string type() const override { return "LogSoftmax"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    bool backwardNeedsOutputs() const override { return true; }
    std::string describe() const override { return "axis=" + std::to_string(m_params.axis); }

    const LogSoftmaxParams& params() const { return m_params; }

private:
    struct Impl;
    LogSoftmaxParams m_params;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern
