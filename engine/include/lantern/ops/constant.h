#pragma once

#include "lantern/op.h"

namespace lantern {

/// A node without inputs whose single output is a stored tensor (ONNX Constant, or an initializer that an
/// importer feeds to an op input that takes activations, e.g. the second operand of MatMul or Concat). The value
/// is a non-trainable Parameter named "value"; the output is a view of it, so readers must not modify it.
class Constant : public Op {
public:
    /// Throws ArgumentError for an empty tensor.
    explicit Constant(Tensor value);

    std::string type() const override { return "Constant"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    /// Nothing to do: there are no inputs, and the value is not trainable.
    void backward(BackwardArgs& args) override;
    std::vector<Parameter*> parameters() override { return {&m_value}; }
    std::string describe() const override;

    const Tensor& value() const { return m_value.value; }

private:
    Parameter m_value;
};

} // namespace lantern
