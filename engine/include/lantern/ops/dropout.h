#pragma once

#include "lantern/op.h"

namespace lantern {

struct DropoutParams {
    float ratio = 0.5f; ///< probability of zeroing an element, in [0, 1]
};

/// Inverted dropout (ONNX Dropout with a fixed ratio). Inference: identity (the output is a view of the
/// input). Training: each element is kept with probability 1 - ratio and scaled by 1 / (1 - ratio). The mask
/// comes from a counter-based generator keyed by ForwardArgs::seed and the element index, so the same seed
/// and shape always give the same mask. Any input rank; the output has the input's shape.
class Dropout : public Op {
public:
    explicit Dropout(const DropoutParams& params = {});

    std::string type() const override { return "Dropout"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    std::string describe() const override;

    const DropoutParams& params() const { return m_params; }

private:
    DropoutParams m_params;
};

} // namespace lantern
