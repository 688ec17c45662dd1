#include "lantern/ops/constant.h"

#include "lantern/error.h"

namespace lantern {

Constant::Constant(Tensor value) : m_value("value", std::move(value), false)
{
    if (m_value.value.isEmpty())
        throw ArgumentError("Constant: the value is an empty tensor");
}

std::vector<Shape> Constant::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 0, 0);
    return {m_value.value.shape()};
}

void Constant::forward(ForwardArgs& args)
{
    args.outputs = {m_value.value};
}

void Constant::backward(BackwardArgs& args)
{
    args.gradInputs.clear();
}

std::string Constant::describe() const
{
    return "shape=" + shapeToString(m_value.value.shape());
}

} // namespace lantern
