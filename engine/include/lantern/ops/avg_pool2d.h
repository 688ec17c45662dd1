#pragma once

#include "lantern/op.h"
#include "lantern/ops/conv2d.h"

#include <memory>

namespace lantern {

struct AvgPool2DParams {
    int64_t kernelH = 2, kernelW = 2;
    int64_t strideH = 2, strideW = 2;
    int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
    int64_t dilationH = 1, dilationW = 1;
    /// Output size rounds up (PyTorch/ONNX ceil_mode); the last window must still start inside the input
    /// or the begin padding.
    bool ceilMode = false;
    PadMode padMode = PadMode::Explicit;
    /// Divide by the whole window including padding pixels (PyTorch count_include_pad, ONNX
    /// count_include_pad=1) instead of by the number of input pixels in the window. As in PyTorch, the part of
    /// a ceil-mode window that reaches past the explicit end padding is never counted.
    bool countIncludePad = false;
};

/// 2-D average pooling on NCHW input (PyTorch AvgPool2d / ONNX AveragePool). Windows are counted in taps,
/// so with dilation the divisor is the number of (valid or padded) taps. A window lying entirely in the
/// padding is a ShapeError.
class AvgPool2D : public Op {
public:
    explicit AvgPool2D(const AvgPool2DParams& params);
    ~AvgPool2D() override;

    std::string type() const override { return "AvgPool2D"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    std::string describe() const override;

    const AvgPool2DParams& params() const { return m_params; }

private:
    struct Impl;
    AvgPool2DParams m_params;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern
