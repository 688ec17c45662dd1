#include "lantern/ops/softplus.h"

#include "backend/eltwise_kernel.h"

namespace lantern {

struct Softplus::Impl {
    // oneDNN 2.x soft_relu is log(1 + exp(x)) (no beta); it has no use_dst_for_bwd variant.
    backend::EltwiseKernel kernel{"Softplus", dnnl::algorithm::eltwise_soft_relu, false,
                                  dnnl::algorithm::eltwise_soft_relu};
};

Softplus::Softplus() : m_impl(std::make_unique<Impl>()) {}

Softplus::~Softplus() = default;

std::vector<Shape> Softplus::outputShapes(std::span<const Shape> inputs) const
{
    return m_impl->kernel.outputShapes(*this, inputs);
}

void Softplus::forward(ForwardArgs& args)
{
    m_impl->kernel.forward(*this, args);
}

void Softplus::backward(BackwardArgs& args)
{
    m_impl->kernel.backward(*this, args);
}

} // namespace lantern
