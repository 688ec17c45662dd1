#pragma once

#include "lantern/op.h"

#include <array>
#include <memory>

namespace lantern {

struct ConvTranspose3DParams {
    int64_t inChannels = 1;
    int64_t outChannels = 1;
    std::array<int64_t, 3> kernel{1, 1, 1}; ///< depth, height, width
    std::array<int64_t, 3> stride{1, 1, 1};
    std::array<int64_t, 3> padBegin{0, 0, 0}; ///< removed from the start of the full output, per axis
    std::array<int64_t, 3> padEnd{0, 0, 0};   ///< removed from the end of the full output, per axis
    /// Extra elements added at the end of each axis (PyTorch/ONNX output_padding); < stride or < dilation.
    std::array<int64_t, 3> outputPadding{0, 0, 0};
    std::array<int64_t, 3> dilation{1, 1, 1};
    int64_t groups = 1;
    bool bias = true;
};

/// 3-D transposed convolution on NCDHW input (PyTorch ConvTranspose3d, ONNX ConvTranspose with 3 spatial axes),
/// with the same conventions as ConvTranspose2D. Weight shape (inChannels, outChannels / groups, kD, kH, kW);
/// bias shape (outChannels). Output size per axis:
/// (in - 1) * stride - padBegin - padEnd + dilation * (kernel - 1) + outputPadding + 1.
class ConvTranspose3D : public Op {
public:
    explicit ConvTranspose3D(const ConvTranspose3DParams& params);
    ~ConvTranspose3D() override;

    std::string type() const override { return "ConvTranspose3D"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    std::vector<Parameter*> parameters() override;
    bool supportsFusedRelu() const override { return true; }
    std::string describe() const override;

    const ConvTranspose3DParams& params() const { return m_params; }
    Parameter& weight() { return m_weight; }
    const Parameter& weight() const { return m_weight; }
    /// nullptr when the transposed convolution has no bias.
    Parameter* bias() { return m_params.bias ? &m_bias : nullptr; }
    const Parameter* bias() const { return m_params.bias ? &m_bias : nullptr; }

private:
    struct Impl;
    ConvTranspose3DParams m_params;
    Parameter m_weight;
    Parameter m_bias;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern
