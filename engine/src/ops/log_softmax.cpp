#include "lantern/ops/log_softmax.h"

#include "backend/softmax_kernel.h"

namespace lantern {

struct LogSoftmax::Impl {
    backend::SoftmaxKernel kernel{"LogSoftmax", true};
};

LogSoftmax::LogSoftmax(const LogSoftmaxParams& params) : m_params(params), m_impl(std::make_unique<Impl>()) {}

LogSoftmax::~LogSoftmax() = default;

std::vector<Shape> LogSoftmax::outputShapes(std::span<const Shape> inputs) const
{
    return m_impl->kernel.outputShapes(*this, inputs, m_params.axis);
}

void LogSoftmax::forward(ForwardArgs& args)
{
    m_impl->kernel.forward(*this, args, m_params.axis);
}

void LogSoftmax::backward(BackwardArgs& args)
{
    m_impl->kernel.backward(*this, args, m_params.axis);
}

} // namespace lantern
