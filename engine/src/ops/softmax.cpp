#include "lantern/ops/softmax.h"

#include "backend/softmax_kernel.h"

namespace lantern {

struct Softmax::Impl {
    backend::SoftmaxKernel kernel{"Softmax", false};
};

Softmax::Softmax(const SoftmaxParams& params) : m_params(params), m_impl(std::make_unique<Impl>()) {}

Softmax::~Softmax() = default;

std::vector<Shape> Softmax::outputShapes(std::span<const Shape> inputs) const
{
    return m_impl->kernel.outputShapes(*this, inputs, m_params.axis);
}

void Softmax::forward(ForwardArgs& args)
{
    m_impl->kernel.forward(*this, args, m_params.axis);
}

void Softmax::backward(BackwardArgs& args)
{
    m_impl->kernel.backward(*this, args, m_params.axis);
}

} // namespace lantern
