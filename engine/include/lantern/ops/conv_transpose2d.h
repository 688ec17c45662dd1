#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

struct ConvTranspose2DParams {
    int64_t inChannels = 1;
    int64_t outChannels = 1;
    int64_t kernelH = 1, kernelW = 1;
    int64_t strideH = 1, strideW = 1;
    /// Padding removed from the full output (PyTorch `padding`, ONNX `pads`), per edge.
    int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
    /// Extra rows/columns added at the bottom/right (PyTorch/ONNX output_padding); < stride or < dilation.
    int64_t outputPaddingH = 0, outputPaddingW = 0;
    int64_t dilationH = 1, dilationW = 1;
    int64_t groups = 1;
    bool bias = true;
};

/// 2-D transposed convolution (the gradient of Conv2D with respect to its input) on NCHW input, as in PyTorch
/// ConvTranspose2d and ONNX ConvTranspose. Weight shape (inChannels, outChannels / groups, kernelH, kernelW);
/// bias shape (outChannels). Output size per axis:
/// (in - 1) * stride - padBegin - padEnd + dilation * (kernel - 1) + outputPadding + 1.
class ConvTranspose2D : public Op {
public:
    explicit ConvTranspose2D(const ConvTranspose2DParams& params);
    ~ConvTranspose2D() override;

    std::string type() const override { return "ConvTranspose2D"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    std::vector<Parameter*> parameters() override;
    bool supportsFusedRelu() const override { return true; }
    std::string describe() const override;

    const ConvTranspose2DParams& params() const { return m_params; }
    Parameter& weight() { return m_weight; }
    const Parameter& weight() const { return m_weight; }
    /// nullptr when the transposed convolution has no bias.
    Parameter* bias() { return m_params.bias ? &m_bias : nullptr; }
    const Parameter* bias() const { return m_params.bias ? &m_bias : nullptr; }

private:
    struct Impl;
    ConvTranspose2DParams m_params;
    Parameter m_weight;
    Parameter m_bias;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern
