#include "lantern/ops/flatten.h"

#include "lantern/error.h"

namespace lantern {

std::vector<Shape> Flatten::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, 1);
    const Shape& in = inputs[0];
    const auto rank = static_cast<int64_t>(in.size());
    const int64_t axis = m_params.axis < 0 ? m_params.axis + rank : m_params.axis;
    if (axis < 0 || axis > rank)
        throw ShapeError("Flatten: axis " + std::to_string(m_params.axis) + " is out of range for input " +
                         shapeToString(in));
    int64_t outer = 1, inner = 1;
    for (int64_t i = 0; i < rank; ++i)
        (i < axis ? outer : inner) *= in[static_cast<size_t>(i)];
    return {{outer, inner}};
}

void Flatten::forward(ForwardArgs& args)
{
    const Shape in = args.inputs[0].shape();
    args.outputs = {args.inputs[0].reshaped(outputShapes(std::span<const Shape>(&in, 1))[0])};
}

void Flatten::backward(BackwardArgs& args)
{
    if (!args.needInputGrad[0])
        return;
    const Shape& in = args.inputs[0].shape();
    const Tensor& gy = args.gradOutputs[0];
    if (gy.size() != shapeSize(in))
        throw ShapeError("Flatten: output gradient of shape " + shapeToString(gy.shape()) + " does not match input " +
                         shapeToString(in));
    args.gradInputs[0] = gy.reshaped(in);
}

std::string Flatten::describe() const
{
    return "axis=" + std::to_string(m_params.axis);
}

} // namespace lantern
