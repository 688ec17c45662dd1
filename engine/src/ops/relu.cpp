#include "lantern/ops/relu.h"

#include "backend/eltwise_kernel.h"

namespace lantern {

struct Relu::Impl {
    backend::EltwiseKernel kernel{"Relu", dnnl::algorithm::eltwise_relu, true,
                                  dnnl::algorithm::eltwise_relu_use_dst_for_bwd};
};

Relu::Relu() : m_impl(std::make_unique<Impl>()) {}

Relu::~Relu() = default;

std::vector<Shape> Relu::outputShapes(std::span<const Shape> inputs) const
{
    return m_impl->kernel.outputShapes(*this, inputs);
}

void Relu::forward(ForwardArgs& args)
{
    m_impl->kernel.forward(*this, args);
}

void Relu::backward(BackwardArgs& args)
{
    m_impl->kernel.backward(*this, args);
}

} // namespace lantern
