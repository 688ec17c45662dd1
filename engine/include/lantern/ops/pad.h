#pragma once

#include "lantern/op.h"

#include <span>

namespace lantern {

/// How Pad fills the new border (ONNX Pad modes).
enum class PadFillMode {
    Constant, ///< `value`
    Reflect,  ///< mirror without repeating the edge: [a b c] -> b [a b c] b; needs pad < dimension
    Edge,     ///< repeat the edge value: [a b c] -> a [a b c] c
};

/// Padding of one axis: elements added before index 0 and after the last index.
struct PadAxis {
    int64_t begin = 0, end = 0;
};

struct PadParams {
    std::vector<PadAxis> pads; ///< one entry per input dimension
    PadFillMode mode = PadFillMode::Constant;
    float value = 0.f; ///< fill value for Constant mode

    /// From ONNX order: all begins, then all ends ([x1_begin, x2_begin, ..., x1_end, x2_end, ...]).
    /// Throws ArgumentError for an odd count.
    static PadParams fromOnnx(std::span<const int64_t> pads, PadFillMode mode = PadFillMode::Constant,
                              float value = 0.f);
};

/// ONNX Pad on tensors of any rank. Backward sums the gradient back into the input; for Reflect and Edge
/// the border gradients accumulate into the source elements they copied.
class Pad : public Op {
public:
    /// Negative pads (cropping) throw UnsupportedError.
    explicit Pad(PadParams params);

    std::string type() const override { return "Pad"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    std::string describe() const override;

    const PadParams& params() const { return m_params; }

private:
    PadParams m_params;
};

} // namespace lantern
