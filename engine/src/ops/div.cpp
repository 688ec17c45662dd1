#include "lantern/ops/div.h"

#include "backend/broadcast.h"

namespace lantern {

Tensor Div::compute(backend::BroadcastKernels& k, const Tensor& a, const Tensor& b) const
{
    return k.binary(dnnl::algorithm::binary_div, a, b, "Div");
}

void Div::gradients(backend::BroadcastKernels& k, const Tensor& gy, const Tensor& a, const Tensor& b, Tensor* ga,
                    Tensor* gb) const
{
    // dL/da = gy / b; dL/db = -gy * a / b^2 = -(gy / b) * a / b.
    const Tensor t = k.binary(dnnl::algorithm::binary_div, gy, b, "Div backward");
    if (ga)
        *ga = k.reduceTo(t, a.shape(), "Div backward");
    if (gb) {
        const Tensor ta = k.binary(dnnl::algorithm::binary_mul, t, a, "Div backward");
        *gb = k.reduceTo(k.binary(dnnl::algorithm::binary_div, ta, b, "Div backward"), b.shape(), "Div backward", -1.f);
    }
}

} // namespace lantern
