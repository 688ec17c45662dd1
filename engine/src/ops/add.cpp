#include "lantern/ops/add.h"

#include "backend/broadcast.h"

namespace lantern {

Tensor Add::compute(backend::BroadcastKernels& k, const Tensor& a, const Tensor& b) const
{
    return k.binary(dnnl::algorithm::binary_add, a, b, "Add");
}

void Add::gradients(backend::BroadcastKernels& k, const Tensor& gy, const Tensor& a, const Tensor& b, Tensor* ga,
                    Tensor* gb) const
{
    if (ga)
        *ga = k.reduceTo(gy, a.shape(), "Add backward");
    if (gb)
        *gb = k.reduceTo(gy, b.shape(), "Add backward");
}

} // namespace lantern
