#include "lantern/ops/transpose.h"

#include "backend/dnnl_backend.h"

#include <map>
#include <mutex>

namespace lantern {

using namespace backend;

namespace {

std::string permToString(const std::vector<int64_t>& perm)
{
    std::string s = "[";
    for (size_t i = 0; i < perm.size(); ++i) {
        if (i)
            s += ',';
        s += std::to_string(perm[i]);
    }
    return s + "]";
}

} // namespace

struct Transpose::Impl {
    std::mutex mutex;
    std::map<std::pair<Shape, std::vector<int64_t>>, dnnl::reorder> cache;

    /// y[i0..] = x[...] with y dimension i = x dimension perm[i].
    Tensor permute(const Tensor& x, const std::vector<int64_t>& perm)
    {
        const Shape& in = x.shape();
        const size_t rank = in.size();
        Shape out(rank);
        for (size_t i = 0; i < rank; ++i)
            out[i] = in[static_cast<size_t>(perm[i])];
        // When the dimensions larger than 1 keep their relative order, the memory order is unchanged.
        bool identity = true;
        int64_t last = -1;
        for (size_t i = 0; i < rank; ++i) {
            if (in[static_cast<size_t>(perm[i])] == 1)
                continue;
            identity = identity && perm[i] > last;
            last = perm[i];
        }
        if (identity)
            return x.reshaped(out);
        Tensor y(out);
        if (y.size() == 0)
            return y;
        Shape inStrides(rank);
        int64_t s = 1;
        for (size_t i = rank; i-- > 0;) {
            inStrides[i] = s;
            s *= in[i];
        }
        dnnl::memory::dims permStrides(rank);
        for (size_t i = 0; i < rank; ++i)
            permStrides[i] = inStrides[static_cast<size_t>(perm[i])];
        const dnnl::memory::desc srcDesc(toDims(out), dnnl::memory::data_type::f32, permStrides);
        const dnnl::memory::desc dstDesc = plainDesc(out);
        dnnl::reorder* prim = nullptr;
        {
            std::lock_guard lock(mutex);
            auto key = std::make_pair(in, perm);
            auto it = cache.find(key);
            if (it == cache.end()) {
                auto pd = guarded("Transpose", [&] {
                    return dnnl::reorder::primitive_desc(cpuEngine(), srcDesc, cpuEngine(), dstDesc, primitiveAttr());
                });
                it = cache.emplace(key, dnnl::reorder(pd)).first;
            }
            prim = &it->second;
        }
        dnnl::memory src(srcDesc, cpuEngine(), const_cast<float*>(x.data()));
        execute(*prim, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, wrap(y, dstDesc)}}, "Transpose");
        return y;
    }
};

Transpose::Transpose(TransposeParams params) : m_params(std::move(params)), m_impl(std::make_unique<Impl>())
{
    const auto& perm = m_params.perm;
    std::vector<bool> seen(perm.size(), false);
    for (int64_t p : perm) {
        if (p < 0 || p >= static_cast<int64_t>(perm.size()) || seen[static_cast<size_t>(p)])
            throw ArgumentError("Transpose: " + permToString(perm) + " is not a permutation of 0.." +
                                std::to_string(static_cast<int64_t>(perm.size()) - 1));
        seen[static_cast<size_t>(p)] = true;
    }
}

Transpose::~Transpose() = default;

std::vector<int64_t> Transpose::permutation(size_t rank) const
{
    if (!m_params.perm.empty())
        return m_params.perm;
    std::vector<int64_t> perm(rank);
    for (size_t i = 0; i < rank; ++i)
        perm[i] = static_cast<int64_t>(rank - 1 - i);
    return perm;
}

std::vector<Shape> Transpose::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, 1);
    const Shape& in = inputs[0];
    const auto perm = permutation(in.size());
    if (perm.size() != in.size())
        throw ShapeError("Transpose: permutation " + permToString(perm) + " does not fit input " + shapeToString(in) +
                         " of rank " + std::to_string(in.size()));
    Shape out(in.size());
    for (size_t i = 0; i < in.size(); ++i)
        out[i] = in[static_cast<size_t>(perm[i])];
    return {out};
}

void Transpose::forward(ForwardArgs& args)
{
    const Shape in = args.inputs[0].shape();
    outputShapes(std::span<const Shape>(&in, 1));
    args.outputs = {m_impl->permute(args.inputs[0], permutation(in.size()))};
}

void Transpose::backward(BackwardArgs& args)
{
    if (!args.needInputGrad[0])
        return;
    const Shape& in = args.inputs[0].shape();
    const Shape out = outputShapes(std::span<const Shape>(&in, 1))[0];
    const Tensor& gy = args.gradOutputs[0];
    if (gy.shape() != out)
        throw ShapeError("Transpose: output gradient has shape " + shapeToString(gy.shape()) + ", expected " +
                         shapeToString(out));
    const auto perm = permutation(in.size());
    std::vector<int64_t> inverse(perm.size());
    for (size_t i = 0; i < perm.size(); ++i)
        inverse[static_cast<size_t>(perm[i])] = static_cast<int64_t>(i);
    args.gradInputs[0] = m_impl->permute(gy, inverse);
}

std::string Transpose::describe() const
{
    return m_params.perm.empty() ? "perm=reverse" : "perm=" + permToString(m_params.perm);
}

} // namespace lantern
