#include "backend/broadcast.h"

#include <algorithm>
#include <utility>

namespace lantern::backend {

using dt = dnnl::memory::data_type;

Shape broadcastShapes(const Shape& a, const Shape& b, const std::string& what)
{
    const size_t rank = std::max(a.size(), b.size());
    const Shape pa = padShape(a, rank), pb = padShape(b, rank);
    Shape out(rank);
    for (size_t i = 0; i < rank; ++i) {
        if (pa[i] == pb[i] || pb[i] == 1)
            out[i] = pa[i];
        else if (pa[i] == 1)
            out[i] = pb[i];
        else
            throw ShapeError(what + ": cannot broadcast " + shapeToString(a) + " with " + shapeToString(b));
    }
    return out;
}

Shape padShape(const Shape& shape, size_t rank)
{
    if (shape.size() >= rank)
        return shape;
    Shape out(rank - shape.size(), 1);
    out.insert(out.end(), shape.begin(), shape.end());
    return out;
}

namespace {

bool commutative(dnnl::algorithm alg)
{
    return alg == dnnl::algorithm::binary_add || alg == dnnl::algorithm::binary_mul ||
           alg == dnnl::algorithm::binary_max || alg == dnnl::algorithm::binary_min;
}

dnnl::memory::desc descOf(const Shape& padded)
{
    return {toDims(padded), dt::f32, plainTag(padded.size())};
}

dnnl::memory memOf(const Tensor& t, const dnnl::memory::desc& d)
{
    return dnnl::memory(d, cpuEngine(), const_cast<float*>(t.data()));
}

} // namespace

Tensor BroadcastKernels::binary(dnnl::algorithm alg, const Tensor& a, const Tensor& b, const std::string& what)
{
    const Shape outShape = broadcastShapes(a.shape(), b.shape(), what);
    Tensor y(outShape);
    if (y.size() == 0)
        return y;
    const size_t rank = std::max<size_t>(outShape.size(), 1);
    const Shape pOut = padShape(outShape, rank);
    const Tensor* src0 = &a;
    const Tensor* src1 = &b;
    // oneDNN is fastest when only src1 broadcasts: swap the operands where the result is the same.
    if (padShape(a.shape(), rank) != pOut && padShape(b.shape(), rank) == pOut && commutative(alg))
        std::swap(src0, src1);
    const Shape p0 = padShape(src0->shape(), rank), p1 = padShape(src1->shape(), rank);

    dnnl::binary* prim = nullptr;
    {
        std::lock_guard lock(m_mutex);
        BinaryKey key{static_cast<int>(alg), p0, p1};
        auto it = m_binary.find(key);
        if (it == m_binary.end()) {
            auto pd = guarded(what.c_str(), [&] {
                dnnl::binary::desc d(alg, descOf(p0), descOf(p1), descOf(pOut));
                return dnnl::binary::primitive_desc(d, primitiveAttr(), cpuEngine());
            });
            it = m_binary.emplace(key, dnnl::binary(pd)).first;
        }
        prim = &it->second;
    }
    execute(*prim,
            {{DNNL_ARG_SRC_0, memOf(*src0, descOf(p0))},
             {DNNL_ARG_SRC_1, memOf(*src1, descOf(p1))},
             {DNNL_ARG_DST, memOf(y, descOf(pOut))}},
            what.c_str());
    return y;
}

Tensor BroadcastKernels::reduceTo(const Tensor& g, const Shape& target, const std::string& what, float scale)
{
    const Shape& gs = g.shape();
    if (target.size() > gs.size())
        throw ShapeError(what + ": cannot reduce a gradient of shape " + shapeToString(gs) + " to " +
                         shapeToString(target));
    const Shape pt = padShape(target, gs.size());
    for (size_t i = 0; i < gs.size(); ++i)
        if (pt[i] != gs[i] && pt[i] != 1)
            throw ShapeError(what + ": cannot reduce a gradient of shape " + shapeToString(gs) + " to " +
                             shapeToString(target));

    Tensor out;
    if (pt == gs) {
        if (scale == 1.f)
            return g.reshaped(target);
        out = Tensor(target);
        out.copyFrom(g);
    } else {
        out = Tensor(target);
        if (g.size() == 0)
            return out; // nothing to sum: zeros
        dnnl::reduction* prim = nullptr;
        {
            std::lock_guard lock(m_mutex);
            ReduceKey key{gs, pt};
            auto it = m_reduce.find(key);
            if (it == m_reduce.end()) {
                auto pd = guarded(what.c_str(), [&] {
                    dnnl::reduction::desc d(dnnl::algorithm::reduction_sum, descOf(gs), descOf(pt), 0.f, 0.f);
                    return dnnl::reduction::primitive_desc(d, primitiveAttr(), cpuEngine());
                });
                it = m_reduce.emplace(key, dnnl::reduction(pd)).first;
            }
            prim = &it->second;
        }
        execute(*prim, {{DNNL_ARG_SRC, memOf(g, descOf(gs))}, {DNNL_ARG_DST, memOf(out, descOf(pt))}}, what.c_str());
    }
    if (scale != 1.f)
        for (auto& v : out.values())
            v *= scale;
    return out;
}

} // namespace lantern::backend
