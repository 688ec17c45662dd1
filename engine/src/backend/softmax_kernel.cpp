#include "backend/softmax_kernel.h"

namespace lantern::backend {

SoftmaxKernel::SoftmaxKernel(std::string opName, bool log) : m_opName(std::move(opName)), m_log(log) {}

int SoftmaxKernel::normalizeAxis(const Shape& shape, int axis) const
{
    const int rank = static_cast<int>(shape.size());
    if (rank == 0)
        throw ShapeError(m_opName + ": input must have rank >= 1, got a scalar " + shapeToString(shape));
    const int k = axis < 0 ? axis + rank : axis;
    if (k < 0 || k >= rank)
        throw ShapeError(m_opName + ": axis " + std::to_string(axis) + " is out of range for input " +
                         shapeToString(shape));
    return k;
}

std::vector<Shape> SoftmaxKernel::outputShapes(const Op& op, std::span<const Shape> inputs, int axis) const
{
    expectInputCount(op, inputs, 1, 1);
    shapeSize(inputs[0]); // rejects negative dimensions
    if (inputs[0].size() > static_cast<size_t>(kMaxRank))
        throw ShapeError(m_opName + ": input rank exceeds " + std::to_string(kMaxRank) + ": " +
                         shapeToString(inputs[0]));
    normalizeAxis(inputs[0], axis);
    return {inputs[0]};
}

dnnl::memory::desc SoftmaxKernel::collapsedDesc(const Shape& shape, int axis) const
{
    const int k = normalizeAxis(shape, axis);
    int64_t outer = 1, inner = 1;
    for (int i = 0; i < k; ++i)
        outer *= shape[static_cast<size_t>(i)];
    for (size_t i = static_cast<size_t>(k) + 1; i < shape.size(); ++i)
        inner *= shape[i];
    const int64_t c = shape[static_cast<size_t>(k)];
    return inner == 1 ? plainDesc({outer, c}) : plainDesc({outer, c, inner});
}

SoftmaxKernel::Entry& SoftmaxKernel::entry(const dnnl::memory::desc& md, bool training, bool withBackward)
{
    std::lock_guard lock(m_mutex);
    const std::tuple<dnnl::memory::dims, bool> key{md.dims(), training};
    auto it = m_cache.find(key);
    if (it == m_cache.end()) {
        const auto prop = training ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
        Entry e;
        e.fwdPd = guarded(m_opName.c_str(), [&] {
            dnnl::softmax_v2_forward::desc d(
                prop, m_log ? dnnl::algorithm::softmax_log : dnnl::algorithm::softmax_accurate, md, md, 1);
            return dnnl::softmax_v2_forward::primitive_desc(d, primitiveAttr(), cpuEngine());
        });
        e.fwd = dnnl::softmax_v2_forward(e.fwdPd);
        it = m_cache.emplace(key, std::move(e)).first;
    }
    Entry& e = it->second;
    if (withBackward && !e.bwd) {
        const std::string what = m_opName + " backward";
        e.bwdPd = guarded(what.c_str(), [&] {
            dnnl::softmax_v2_backward::desc d(m_log ? dnnl::algorithm::softmax_log : dnnl::algorithm::softmax_accurate,
                                              md, md, md, 1);
            return dnnl::softmax_v2_backward::primitive_desc(d, primitiveAttr(), cpuEngine(), e.fwdPd);
        });
        e.bwd = dnnl::softmax_v2_backward(e.bwdPd);
    }
    return e;
}

Tensor SoftmaxKernel::forward(const Tensor& x, int axis, bool training)
{
    const auto md = collapsedDesc(x.shape(), axis);
    Tensor y(x.shape());
    if (x.size() == 0)
        return y;
    auto& e = entry(md, training, false);
    execute(e.fwd, {{DNNL_ARG_SRC, wrap(x, md)}, {DNNL_ARG_DST, wrap(y, md)}}, m_opName.c_str());
    return y;
}

Tensor SoftmaxKernel::backward(const Tensor& y, const Tensor& gy, int axis)
{
    const auto md = collapsedDesc(y.shape(), axis);
    if (!gy.isEmpty() && gy.shape() != y.shape())
        throw ShapeError(m_opName + ": output gradient has shape " + shapeToString(gy.shape()) + ", expected " +
                         shapeToString(y.shape()));
    Tensor gx(y.shape());
    if (gy.isEmpty() || y.size() == 0)
        return gx;
    auto& e = entry(md, true, true);
    const std::string what = m_opName + " backward";
    execute(e.bwd, {{DNNL_ARG_DST, wrap(y, md)}, {DNNL_ARG_DIFF_DST, wrap(gy, md)}, {DNNL_ARG_DIFF_SRC, wrap(gx, md)}},
            what.c_str());
    return gx;
}

void SoftmaxKernel::forward(const Op& op, ForwardArgs& args, int axis)
{
    if (args.inputs.size() != 1)
        throw ShapeError(op.type() + ": expected 1 input(s), got " + std::to_string(args.inputs.size()));
    if (args.inputs[0].isEmpty())
        throw ArgumentError(op.type() + ": input tensor is empty (no storage)");
    const Shape shape = args.inputs[0].shape();
    outputShapes(op, std::span<const Shape>(&shape, 1), axis);
    args.outputs = {forward(args.inputs[0], axis, args.keepForBackward)};
}

void SoftmaxKernel::backward(const Op& op, BackwardArgs& args, int axis)
{
    if (args.gradInputs.size() < 1)
        args.gradInputs.resize(1);
    if (args.needInputGrad.empty() || !args.needInputGrad[0])
        return;
    const Tensor gy = args.gradOutputs.empty() ? Tensor() : args.gradOutputs[0];
    Tensor y = !args.outputs.empty() ? args.outputs[0] : Tensor();
    if (y.isEmpty()) {
        if (args.inputs.empty() || args.inputs[0].isEmpty())
            throw Error(op.type() + ": backward needs the forward output or input, neither is available");
        y = forward(args.inputs[0], axis, true);
    }
    args.gradInputs[0] = backward(y, gy, axis);
}

} // namespace lantern::backend
