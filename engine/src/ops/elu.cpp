#include "lantern/ops/elu.h"

#include "backend/eltwise_kernel.h"
#include "lantern/error.h"

#include <cmath>
#include <sstream>

namespace lantern {

struct Elu::Impl {
    explicit Impl(float alpha)
        : kernel("Elu", dnnl::algorithm::eltwise_elu, alpha >= 0.f, dnnl::algorithm::eltwise_elu_use_dst_for_bwd, alpha)
    {}
    backend::EltwiseKernel kernel;
};

Elu::Elu(const EluParams& params) : m_params(params)
{
    if (!std::isfinite(m_params.alpha))
        throw ArgumentError("Elu: alpha must be finite, got " + std::to_string(m_params.alpha));
    m_impl = std::make_unique<Impl>(m_params.alpha);
}

Elu::~Elu() = default;

std::vector<Shape> Elu::outputShapes(std::span<const Shape> inputs) const
{
    return m_impl->kernel.outputShapes(*this, inputs);
}

void Elu::forward(ForwardArgs& args)
{
    m_impl->kernel.forward(*this, args);
}

void Elu::backward(BackwardArgs& args)
{
    m_impl->kernel.backward(*this, args);
}

std::string Elu::describe() const
{
    std::ostringstream os;
    os << "alpha=" << m_params.alpha;
    return os.str();
}

} // namespace lantern
