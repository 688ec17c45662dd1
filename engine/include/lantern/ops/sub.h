#pragma once

#include "lantern/ops/broadcast_binary.h"

namespace lantern {

/// Element-wise y = a - b with numpy broadcasting (ONNX Sub). Two inputs (a, b), or one input a and a
/// stored constant b.
class Sub final : public BroadcastBinaryOp {
public:
    Sub() = default;
    /// One-input form: b is `constant` (a Parameter named "constant", trainable when asked).
    explicit Sub(Tensor constant, bool trainableConstant = false)
        : BroadcastBinaryOp("Sub", std::move(constant), trainableConstant)
    {}

    std::string type() const override { return "Sub"; }

protected:
    Tensor compute(backend::BroadcastKernels& kernels, const Tensor& a, const Tensor& b) const override;
    void gradients(backend::BroadcastKernels& kernels, const Tensor& gy, const Tensor& a, const Tensor& b, Tensor* ga,
                   Tensor* gb) const override;
};

} // namespace lantern
