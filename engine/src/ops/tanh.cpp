#include "lantern/ops/tanh.h"

#include "backend/eltwise_kernel.h"

namespace lantern {

struct Tanh::Impl {
    backend::EltwiseKernel kernel{"Tanh", dnnl::algorithm::eltwise_tanh, true,
                                  dnnl::algorithm::eltwise_tanh_use_dst_for_bwd};
};

Tanh::Tanh() : m_impl(std::make_unique<Impl>()) {}

Tanh::~Tanh() = default;

std::vector<Shape> Tanh::outputShapes(std::span<const Shape> inputs) const
{
    return m_impl->kernel.outputShapes(*this, inputs);
}

void Tanh::forward(ForwardArgs& args)
{
    m_impl->kernel.forward(*this, args);
}

void Tanh::backward(BackwardArgs& args)
{
    m_impl->kernel.backward(*this, args);
}

} // namespace lantern
