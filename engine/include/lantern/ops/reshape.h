#pragma once

#include "lantern/op.h"

namespace lantern {

struct ReshapeParams {
    /// Target shape, ONNX rules: 0 copies the input dimension at that index (unless allowZero), one -1 is
    /// inferred from the remaining size.
    Shape shape;
    bool allowZero = false; ///< a 0 means a dimension of size 0 (then -1 may not be used)
};

/// ONNX Reshape with the target shape as an attribute. The output is a view of the input; backward
/// reshapes the gradient back.
class Reshape : public Op {
public:
    /// Throws ArgumentError for an invalid target (several -1, values below -1, rank > 5, 0 with -1 under
    /// allowZero).
    explicit Reshape(ReshapeParams params);

    std::string type() const override { return "Reshape"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    std::string describe() const override;

    const ReshapeParams& params() const { return m_params; }
    /// The output shape for an input shape; throws ShapeError when the sizes differ.
    Shape resolve(const Shape& input) const;

private:
    ReshapeParams m_params;
};

} // namespace lantern
