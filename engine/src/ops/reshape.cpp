#include "lantern/ops/reshape.h"

#include "lantern/error.h"

#include <algorithm>

namespace lantern {

Reshape::Reshape(ReshapeParams params) : m_params(std::move(params))
{
    const Shape& s = m_params.shape;
    const std::string target = shapeToString(s);
    if (s.size() > static_cast<size_t>(kMaxRank))
        throw ArgumentError("Reshape: target shape " + target + " has more than " + std::to_string(kMaxRank) +
                            " dimensions");
    if (std::count(s.begin(), s.end(), -1) > 1)
        throw ArgumentError("Reshape: target shape " + target + " has more than one -1");
    if (std::any_of(s.begin(), s.end(), [](int64_t d) { return d < -1; }))
        throw ArgumentError("Reshape: target shape " + target + " has a dimension below -1");
    if (m_params.allowZero && std::count(s.begin(), s.end(), -1) && std::count(s.begin(), s.end(), 0))
        throw ArgumentError("Reshape: target shape " + target + " has both 0 and -1 while allowZero is set");
}

Shape Reshape::resolve(const Shape& in) const
{
    Shape out = m_params.shape;
    int64_t known = 1;
    int inferred = -1;
    for (size_t i = 0; i < out.size(); ++i) {
        if (out[i] == 0 && !m_params.allowZero) {
            if (i >= in.size())
                throw ShapeError("Reshape: target " + shapeToString(m_params.shape) + " copies dimension " +
                                 std::to_string(i) + " which input " + shapeToString(in) + " does not have");
            out[i] = in[i];
        }
        if (out[i] == -1)
            inferred = static_cast<int>(i);
        else
            known *= out[i];
    }
    const int64_t size = shapeSize(in);
    if (inferred >= 0) {
        if (known == 0 || size % known != 0)
            throw ShapeError("Reshape: cannot reshape input " + shapeToString(in) + " (" + std::to_string(size) +
                             " elements) to " + shapeToString(m_params.shape));
        out[static_cast<size_t>(inferred)] = size / known;
    } else if (known != size) {
        throw ShapeError("Reshape: cannot reshape input " + shapeToString(in) + " (" + std::to_string(size) +
                         " elements) to " + shapeToString(m_params.shape) + " (" + std::to_string(known) +
                         " elements)");
    }
    return out;
}

std::vector<Shape> Reshape::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, 1);
    return {resolve(inputs[0])};
}

void Reshape::forward(ForwardArgs& args)
{
    args.outputs = {args.inputs[0].reshaped(resolve(args.inputs[0].shape()))};
}

void Reshape::backward(BackwardArgs& args)
{
    if (!args.needInputGrad[0])
        return;
    const Shape& in = args.inputs[0].shape();
    const Tensor& gy = args.gradOutputs[0];
    if (gy.size() != shapeSize(in))
        throw ShapeError("Reshape: output gradient of shape " + shapeToString(gy.shape()) + " does not match input " +
                         shapeToString(in));
    args.gradInputs[0] = gy.reshaped(in);
}

std::string Reshape::describe() const
{
    return "shape=" + shapeToString(m_params.shape) + (m_params.allowZero ? " allowzero" : "");
}

} // namespace lantern
