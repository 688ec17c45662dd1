#pragma once

#include "lantern/op.h"
#include "lantern/ops/conv2d.h"

#include <memory>

namespace lantern {

struct MaxPool2DParams {
    int64_t kernelH = 2, kernelW = 2;
    int64_t strideH = 2, strideW = 2;
    int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
    int64_t dilationH = 1, dilationW = 1;
    /// Output size rounds up (PyTorch/ONNX ceil_mode); the last window must still start inside the input
    /// or the begin padding.
    bool ceilMode = false;
    PadMode padMode = PadMode::Explicit;
};

/// 2-D max pooling on NCHW input (PyTorch MaxPool2d / ONNX MaxPool). Padding pixels never win (they act
/// as -inf); a window lying entirely in the padding is a ShapeError. Backward routes each output gradient to
/// the input element that won in forward (the "switch"); among equal values the first one in row-major
/// window order normally wins.
class MaxPool2D : public Op {
public:
    explicit MaxPool2D(const MaxPool2DParams& params);
    ~MaxPool2D() override;

    std::string type() const override { return "MaxPool2D"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    std::string describe() const override;

    const MaxPool2DParams& params() const { return m_params; }

    /// The switches of a forward pass run with keepForBackward: a tensor of the output's shape (N, C, OH, OW)
    /// whose element is the flat index ih * W + iw, stored exactly as float, of the input element of the same
    /// (n, c) plane that won that window; backward() routes gradients exactly there. `state` is
    /// ForwardArgs::state of that pass (or BackwardArgs::state). Throws ArgumentError when state is null or
    /// not from a MaxPool2D. Reads the forward input, which must not have been modified since.
    static Tensor switches(const OpState* state);
    /// Scatters `values` (shape of the switches) to an input-shaped tensor along `switches`, summing where
    /// windows overlap: unpool(gradOutput, switches(state), inputShape) equals the input gradient.
    static Tensor unpool(const Tensor& values, const Tensor& switches, const Shape& inputShape);

private:
    struct Impl;
    MaxPool2DParams m_params;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern
