#include "lantern/ops/identity.h"

#include "lantern/error.h"

namespace lantern {

std::vector<Shape> Identity::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, 1);
    return {inputs[0]};
}

void Identity::forward(ForwardArgs& args)
{
    if (args.inputs.size() != 1)
        throw ShapeError("Identity: expected 1 input(s), got " + std::to_string(args.inputs.size()));
    if (args.inputs[0].isEmpty())
        throw ArgumentError("Identity: input tensor is empty (no storage)");
    args.outputs = {args.inputs[0]};
}

void Identity::backward(BackwardArgs& args)
{
    if (args.gradInputs.size() < 1)
        args.gradInputs.resize(1);
    if (args.needInputGrad.empty() || !args.needInputGrad[0])
        return;
    const Tensor gy = args.gradOutputs.empty() ? Tensor() : args.gradOutputs[0];
    if (!gy.isEmpty()) {
        if (!args.inputs.empty() && !args.inputs[0].isEmpty() && gy.shape() != args.inputs[0].shape())
            throw ShapeError("Identity: output gradient has shape " + shapeToString(gy.shape()) + ", expected " +
                             shapeToString(args.inputs[0].shape()));
        args.gradInputs[0] = gy;
        return;
    }
    // An empty gradient means zero: make one of the forward value's shape.
    const Tensor& ref = !args.inputs.empty() && !args.inputs[0].isEmpty() ? args.inputs[0]
                        : !args.outputs.empty()                           ? args.outputs[0]
                                                                          : Tensor();
    if (ref.isEmpty())
        throw Error("Identity: backward got neither an output gradient nor the forward value");
    args.gradInputs[0] = Tensor(ref.shape());
}

} // namespace lantern
