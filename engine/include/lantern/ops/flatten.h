#pragma once

#include "lantern/op.h"

namespace lantern {

struct FlattenParams {
    int64_t axis = 1; ///< in [-rank, rank]; negative counts from the end
};

/// ONNX Flatten: (d0, ..., dn) -> (d0 * ... * d(axis-1), d(axis) * ... * dn). The output is a view of
/// the input (no copy); backward reshapes the gradient back.
class Flatten : public Op {
public:
    explicit Flatten(const FlattenParams& params = {}) : m_params(params) {}

    std::string type() const override { return "Flatten"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    std::string describe() const override;

    const FlattenParams& params() const { return m_params; }

private:
    FlattenParams m_params;
};

} // namespace lantern
