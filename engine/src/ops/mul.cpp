#include "lantern/ops/mul.h"

#include "backend/broadcast.h"

namespace lantern {

Tensor Mul::compute(backend::BroadcastKernels& k, const Tensor& a, const Tensor& b) const
{
    return k.binary(dnnl::algorithm::binary_mul, a, b, "Mul");
}

void Mul::gradients(backend::BroadcastKernels& k, const Tensor& gy, const Tensor& a, const Tensor& b, Tensor* ga,
                    Tensor* gb) const
{
    // dL/da = gy * b, dL/db = gy * a, each summed over its broadcast dimensions.
    if (ga)
        *ga = k.reduceTo(k.binary(dnnl::algorithm::binary_mul, gy, b, "Mul backward"), a.shape(), "Mul backward");
    if (gb)
        *gb = k.reduceTo(k.binary(dnnl::algorithm::binary_mul, gy, a, "Mul backward"), b.shape(), "Mul backward");
}

} // namespace lantern
