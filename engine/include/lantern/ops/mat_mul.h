#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

/// numpy/ONNX matmul of two inputs A (..., N, K) and B (..., K, M) -> (..., N, M). Both inputs have rank 2 to 4;
/// batch dimensions broadcast as in numpy (missing leading ones are 1). 1-D operands are not supported.
class MatMul : public Op {
public:
    MatMul();
    ~MatMul() override;

    std::string type() const override { return "MatMul"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern
