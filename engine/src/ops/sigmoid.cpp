#include "lantern/ops/sigmoid.h"

#include "backend/eltwise_kernel.h"

namespace lantern {

struct Sigmoid::Impl {
    backend::EltwiseKernel kernel{"Sigmoid", dnnl::algorithm::eltwise_logistic, true,
                                  dnnl::algorithm::eltwise_logistic_use_dst_for_bwd};
};

Sigmoid::Sigmoid() : m_impl(std::make_unique<Impl>()) {}

Sigmoid::~Sigmoid() = default;

std::vector<Shape> Sigmoid::outputShapes(std::span<const Shape> inputs) const
{
    return m_impl->kernel.outputShapes(*this, inputs);
}

void Sigmoid::forward(ForwardArgs& args)
{
    m_impl->kernel.forward(*this, args);
}

void Sigmoid::backward(BackwardArgs& args)
{
    m_impl->kernel.backward(*this, args);
}

} // namespace lantern
