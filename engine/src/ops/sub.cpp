#include "lantern/ops/sub.h"

#include "backend/broadcast.h"

namespace lantern {

Tensor Sub::compute(backend::BroadcastKernels& k, const Tensor& a, const Tensor& b) const
{
    return k.binary(dnnl::algorithm::binary_sub, a, b, "Sub");
}

void Sub::gradients(backend::BroadcastKernels& k, const Tensor& gy, const Tensor& a, const Tensor& b, Tensor* ga,
                    Tensor* gb) const
{
    if (ga)
        *ga = k.reduceTo(gy, a.shape(), "Sub backward");
    if (gb)
        *gb = k.reduceTo(gy, b.shape(), "Sub backward", -1.f);
}

} // namespace lantern
