#pragma once
// Shared base of the element-wise binary ops with numpy multidirectional broadcasting (Add, Sub, Mul,
// Div, as in ONNX). Not an op by itself: see add.h, sub.h, mul.h, div.h.

#include "lantern/op.h"

#include <memory>

namespace lantern {

namespace backend {
class BroadcastKernels;
}

/// y = a (op) b with numpy broadcasting. Either both operands are inputs (two-input form), or the second
/// operand is a stored constant such as a bias (one-input form), held as a Parameter named "constant";
/// it is not trainable unless constructed so. Backward sums the gradient over broadcast dimensions back
/// to each operand's shape.
class BroadcastBinaryOp : public Op {
public:
    ~BroadcastBinaryOp() override;

    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    std::vector<Parameter*> parameters() override;
    std::string describe() const override;

    /// The stored second operand, or nullptr in the two-input form.
    Parameter* constant() { return m_hasConstant ? &m_constant : nullptr; }
    const Parameter* constant() const { return m_hasConstant ? &m_constant : nullptr; }

protected:
    BroadcastBinaryOp();
    BroadcastBinaryOp(const std::string& type, Tensor constant, bool trainable);

    /// y = a (op) b.
    virtual Tensor compute(backend::BroadcastKernels& kernels, const Tensor& a, const Tensor& b) const = 0;
    /// Fills *ga / *gb (when non-null) with dL/da, dL/db reduced to the shapes of a and b.
    virtual void gradients(backend::BroadcastKernels& kernels, const Tensor& gy, const Tensor& a, const Tensor& b,
                           Tensor* ga, Tensor* gb) const = 0;

private:
    const Tensor& secondOperand(std::span<const Tensor> inputs) const;

    Parameter m_constant;
    bool m_hasConstant = false;
    std::unique_ptr<backend::BroadcastKernels> m_kernels;
};

} // namespace lantern
