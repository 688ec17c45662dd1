#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

/// How spatial padding is chosen: explicit numbers, or resolved from the input size like ONNX auto_pad /
/// Keras "same" (SameUpper puts the odd extra pixel at the end, SameLower at the start).
enum class PadMode { Explicit, SameUpper, SameLower, Valid };

struct Conv2DParams {
    int64_t inChannels = 1;
    int64_t outChannels = 1;
    int64_t kernelH = 1, kernelW = 1;
    int64_t strideH = 1, strideW = 1;
    int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
    int64_t dilationH = 1, dilationW = 1;
    int64_t groups = 1;
    bool bias = true;
    PadMode padMode = PadMode::Explicit;
};

/// Resolved padding for one spatial axis (begin, end).
struct AxisPadding {
    int64_t begin = 0, end = 0;
};
AxisPadding resolvePadding(PadMode mode, int64_t in, int64_t kernel, int64_t stride, int64_t dilation, int64_t begin,
                           int64_t end);

/// 2-D convolution (cross-correlation, as in PyTorch and ONNX) on NCHW input.
/// Weight shape (outChannels, inChannels / groups, kernelH, kernelW); bias shape (outChannels).
class Conv2D : public Op {
public:
    explicit Conv2D(const Conv2DParams& params);
    ~Conv2D() override;

    std::string type() const override { return "Conv2D"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    std::vector<Parameter*> parameters() override;
    bool supportsFusedRelu() const override { return true; }
    std::string describe() const override;

    const Conv2DParams& params() const { return m_params; }
    Parameter& weight() { return m_weight; }
    const Parameter& weight() const { return m_weight; }
    /// nullptr when the convolution has no bias.
    Parameter* bias() { return m_params.bias ? &m_bias : nullptr; }
    const Parameter* bias() const { return m_params.bias ? &m_bias : nullptr; }

private:
    struct Impl;
    Conv2DParams m_params;
    Parameter m_weight;
    Parameter m_bias;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern
