#pragma once

#include "lantern/ops/broadcast_binary.h"

namespace lantern {

/// Element-wise y = a * b with numpy broadcasting (ONNX Mul). Two inputs (a, b), or one input a and a
/// stored constant b.
class Mul final : public BroadcastBinaryOp {
public:
    Mul() = default;
    /// One-input form: b is `constant` (a Parameter named "constant", trainable when asked).
    explicit Mul(Tensor constant, bool trainableConstant = false)
        : BroadcastBinaryOp("Mul", std::move(constant), trainableConstant)
    {}

    std::string type() const override { return "Mul"; }

protected:
    Tensor compute(backend::BroadcastKernels& kernels, const Tensor& a, const Tensor& b) const override;
    void gradients(backend::BroadcastKernels& kernels, const Tensor& gy, const Tensor& a, const Tensor& b, Tensor* ga,
                   Tensor* gb) const override;
};

} // namespace lantern
