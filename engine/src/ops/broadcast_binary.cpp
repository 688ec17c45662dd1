#include "lantern/ops/broadcast_binary.h"

#include "backend/broadcast.h"
#include "backend/packed_weights.h"

namespace lantern {

using namespace backend;

BroadcastBinaryOp::BroadcastBinaryOp() : m_kernels(std::make_unique<BroadcastKernels>()) {}

BroadcastBinaryOp::BroadcastBinaryOp(const std::string& type, Tensor constant, bool trainable)
    : m_kernels(std::make_unique<BroadcastKernels>())
{
    if (constant.isEmpty())
        throw ArgumentError(type + ": the constant operand is an empty tensor");
    m_constant = Parameter{"constant", constant, trainable};
    m_hasConstant = true;
}

BroadcastBinaryOp::~BroadcastBinaryOp() = default;

std::vector<Shape> BroadcastBinaryOp::outputShapes(std::span<const Shape> inputs) const
{
    if (m_hasConstant) {
        expectInputCount(*this, inputs, 1, 1);
        return {broadcastShapes(inputs[0], m_constant.value.shape(), type())};
    }
    expectInputCount(*this, inputs, 2, 2);
    return {broadcastShapes(inputs[0], inputs[1], type())};
}

const Tensor& BroadcastBinaryOp::secondOperand(std::span<const Tensor> inputs) const
{
    return m_hasConstant ? m_constant.value : inputs[1];
}

void BroadcastBinaryOp::forward(ForwardArgs& args)
{
    std::vector<Shape> shapes;
    for (const auto& t : args.inputs)
        shapes.push_back(t.shape());
    outputShapes(shapes);
    args.outputs = {compute(*m_kernels, args.inputs[0], secondOperand(args.inputs))};
}

void BroadcastBinaryOp::backward(BackwardArgs& args)
{
    const Tensor& a = args.inputs[0];
    const Tensor& b = secondOperand(args.inputs);
    const Shape outShape = broadcastShapes(a.shape(), b.shape(), type());
    Tensor gy = args.gradOutputs.empty() ? Tensor() : args.gradOutputs[0];
    if (gy.isEmpty())
        gy = Tensor(outShape);
    if (gy.shape() != outShape)
        throw ShapeError(type() + ": output gradient has shape " + shapeToString(gy.shape()) + ", expected " +
                         shapeToString(outShape));
    const bool needA = !args.needInputGrad.empty() && args.needInputGrad[0];
    const bool needB = m_hasConstant ? args.accumulateParamGrads && m_constant.trainable
                                     : args.needInputGrad.size() > 1 && args.needInputGrad[1];
    if (!needA && !needB)
        return;
    Tensor ga, gb;
    gradients(*m_kernels, gy, a, b, needA ? &ga : nullptr, needB ? &gb : nullptr);
    if (args.gradInputs.size() < args.inputs.size())
        args.gradInputs.resize(args.inputs.size());
    if (needA)
        args.gradInputs[0] = ga;
    if (needB) {
        if (m_hasConstant)
            addInto(m_constant.gradient(), gb);
        else
            args.gradInputs[1] = gb;
    }
}

std::vector<Parameter*> BroadcastBinaryOp::parameters()
{
    if (m_hasConstant)
        return {&m_constant};
    return {};
}

std::string BroadcastBinaryOp::describe() const
{
    if (!m_hasConstant)
        return {};
    return "constant " + shapeToString(m_constant.value.shape()) + (m_constant.trainable ? " trainable" : "");
}

} // namespace lantern
