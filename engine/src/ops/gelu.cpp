#include "lantern/ops/gelu.h"

#include "backend/eltwise_kernel.h"

namespace lantern {

struct Gelu::Impl {
    explicit Impl(bool tanh)
        : kernel("Gelu", tanh ? dnnl::algorithm::eltwise_gelu_tanh : dnnl::algorithm::eltwise_gelu_erf, false,
                 dnnl::algorithm::eltwise_gelu_erf)
    {}
    backend::EltwiseKernel kernel;
};

Gelu::Gelu(const GeluParams& params) : m_params(params), m_impl(std::make_unique<Impl>(params.tanhApproximation)) {}

Gelu::~Gelu() = default;

std::vector<Shape> Gelu::outputShapes(std::span<const Shape> inputs) const
{
    return m_impl->kernel.outputShapes(*this, inputs);
}

void Gelu::forward(ForwardArgs& args)
{
    m_impl->kernel.forward(*this, args);
}

void Gelu::backward(BackwardArgs& args)
{
    m_impl->kernel.backward(*this, args);
}

std::string Gelu::describe() const
{
    return m_params.tanhApproximation ? "approximate=tanh" : "approximate=none";
}

} // namespace lantern
