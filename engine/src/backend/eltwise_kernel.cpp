#include "backend/eltwise_kernel.h"

namespace lantern::backend {

namespace {

dnnl::memory::desc flatDesc(int64_t count)
{
    return plainDesc(Shape{count});
}

} // namespace

EltwiseKernel::EltwiseKernel(std::string opName, dnnl::algorithm srcAlgorithm, bool hasDstAlgorithm,
                             dnnl::algorithm dstAlgorithm, float alpha, float beta)
    : m_opName(std::move(opName)), m_srcAlgorithm(srcAlgorithm), m_hasDst(hasDstAlgorithm),
      m_dstAlgorithm(dstAlgorithm), m_alpha(alpha), m_beta(beta)
{}

EltwiseKernel::Entry& EltwiseKernel::entry(int64_t count, Variant variant)
{
    std::lock_guard lock(m_mutex);
    const std::tuple<int64_t, int> key{count, static_cast<int>(variant)};
    auto it = m_cache.find(key);
    if (it != m_cache.end())
        return it->second;
    const bool useDst = variant == Variant::TrainDst || (variant == Variant::Inference && m_hasDst);
    const auto alg = useDst ? m_dstAlgorithm : m_srcAlgorithm;
    const auto prop =
        variant == Variant::Inference ? dnnl::prop_kind::forward_inference : dnnl::prop_kind::forward_training;
    const auto md = flatDesc(count);
    Entry e;
    e.fwdPd = guarded(m_opName.c_str(), [&] {
        dnnl::eltwise_forward::desc d(prop, alg, md, m_alpha, m_beta);
        return dnnl::eltwise_forward::primitive_desc(d, primitiveAttr(), cpuEngine());
    });
    e.fwd = dnnl::eltwise_forward(e.fwdPd);
    if (variant != Variant::Inference) {
        const std::string what = m_opName + " backward";
        e.bwdPd = guarded(what.c_str(), [&] {
            dnnl::eltwise_backward::desc d(alg, md, md, m_alpha, m_beta);
            return dnnl::eltwise_backward::primitive_desc(d, primitiveAttr(), cpuEngine(), e.fwdPd);
        });
        e.bwd = dnnl::eltwise_backward(e.bwdPd);
    }
    return m_cache.emplace(key, std::move(e)).first->second;
}

Tensor EltwiseKernel::forward(const Tensor& x, bool training)
{
    Tensor y = Tensor::uninitialized(x.shape());
    if (x.size() == 0)
        return y;
    const Variant v = !training ? Variant::Inference : (m_hasDst ? Variant::TrainDst : Variant::TrainSrc);
    auto& e = entry(x.size(), v);
    const auto md = flatDesc(x.size());
    execute(e.fwd, {{DNNL_ARG_SRC, wrap(x, md)}, {DNNL_ARG_DST, wrap(y, md)}}, m_opName.c_str());
    return y;
}

Tensor EltwiseKernel::runBackward(const Tensor& data, const Tensor& gy, Variant variant, int dataArg)
{
    if (!gy.isEmpty() && gy.shape() != data.shape())
        throw ShapeError(m_opName + ": output gradient has shape " + shapeToString(gy.shape()) + ", expected " +
                         shapeToString(data.shape()));
    if (gy.isEmpty() || data.size() == 0)
        return Tensor(data.shape()); // zero gradient
    Tensor gx = Tensor::uninitialized(data.shape());
    auto& e = entry(data.size(), variant);
    const auto md = flatDesc(data.size());
    const std::string what = m_opName + " backward";
    execute(e.bwd, {{dataArg, wrap(data, md)}, {DNNL_ARG_DIFF_DST, wrap(gy, md)}, {DNNL_ARG_DIFF_SRC, wrap(gx, md)}},
            what.c_str());
    return gx;
}

Tensor EltwiseKernel::backwardFromOutput(const Tensor& y, const Tensor& gy)
{
    if (!m_hasDst)
        throw Error(m_opName + ": backward cannot be computed from the output alone");
    return runBackward(y, gy, Variant::TrainDst, DNNL_ARG_DST);
}

Tensor EltwiseKernel::backwardFromInput(const Tensor& x, const Tensor& gy)
{
    return runBackward(x, gy, Variant::TrainSrc, DNNL_ARG_SRC);
}

std::vector<Shape> EltwiseKernel::outputShapes(const Op& op, std::span<const Shape> inputs) const
{
    expectInputCount(op, inputs, 1, 1);
    shapeSize(inputs[0]); // rejects negative dimensions
    if (inputs[0].size() > static_cast<size_t>(kMaxRank))
        throw ShapeError(op.type() + ": input rank exceeds " + std::to_string(kMaxRank) + ": " +
                         shapeToString(inputs[0]));
    return {inputs[0]};
}

void EltwiseKernel::forward(const Op& op, ForwardArgs& args)
{
    if (args.inputs.size() != 1)
        throw ShapeError(op.type() + ": expected 1 input(s), got " + std::to_string(args.inputs.size()));
    if (args.inputs[0].isEmpty())
        throw ArgumentError(op.type() + ": input tensor is empty (no storage)");
    const Shape shape = args.inputs[0].shape();
    outputShapes(op, std::span<const Shape>(&shape, 1));
    args.outputs = {forward(args.inputs[0], args.keepForBackward)};
}

void EltwiseKernel::backward(const Op& op, BackwardArgs& args)
{
    if (args.gradInputs.size() < 1)
        args.gradInputs.resize(1);
    if (args.needInputGrad.empty() || !args.needInputGrad[0])
        return;
    const Tensor gy = args.gradOutputs.empty() ? Tensor() : args.gradOutputs[0];
    const bool haveOutput = !args.outputs.empty() && !args.outputs[0].isEmpty();
    const bool haveInput = !args.inputs.empty() && !args.inputs[0].isEmpty();
    if (m_hasDst && haveOutput)
        args.gradInputs[0] = backwardFromOutput(args.outputs[0], gy);
    else if (haveInput)
        args.gradInputs[0] = backwardFromInput(args.inputs[0], gy);
    else
        throw Error(op.type() + ": backward needs the forward " + (m_hasDst ? "output" : "input") +
                    ", which is not available");
}

} // namespace lantern::backend
