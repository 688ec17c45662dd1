#include "lantern/ops/leaky_relu.h"

#include "backend/eltwise_kernel.h"
#include "lantern/error.h"

#include <cmath>
#include <sstream>

namespace lantern {

struct LeakyRelu::Impl {
    explicit Impl(float alpha)
        : kernel("LeakyRelu", dnnl::algorithm::eltwise_relu, alpha >= 0.f,
                 dnnl::algorithm::eltwise_relu_use_dst_for_bwd, alpha)
    {}
    backend::EltwiseKernel kernel;
};

LeakyRelu::LeakyRelu(const LeakyReluParams& params) : m_params(params)
{
    if (!std::isfinite(m_params.alpha))
        throw ArgumentError("LeakyRelu: alpha must be finite, got " + std::to_string(m_params.alpha));
    m_impl = std::make_unique<Impl>(m_params.alpha);
}

LeakyRelu::~LeakyRelu() = default;

std::vector<Shape> LeakyRelu::outputShapes(std::span<const Shape> inputs) const
{
    return m_impl->kernel.outputShapes(*this, inputs);
}

void LeakyRelu::forward(ForwardArgs& args)
{
    m_impl->kernel.forward(*this, args);
}

void LeakyRelu::backward(BackwardArgs& args)
{
    m_impl->kernel.backward(*this, args);
}

std::string LeakyRelu::describe() const
{
    std::ostringstream os;
    os << "alpha=" << m_params.alpha;
    return os.str();
}

} // namespace lantern
