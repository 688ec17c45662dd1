#include "lantern/ops/mat_mul.h"

#include "backend/dnnl_backend.h"

#include <map>
#include <mutex>
#include <utility>

namespace lantern {

using namespace backend;
using dt = dnnl::memory::data_type;

namespace {

/// Both operands and the output padded to one rank R (leading batch dims of 1), as oneDNN wants them.
struct Layout {
    Shape a, b, out;
};

Layout layout(const Shape& a, const Shape& b)
{
    for (const Shape* s : {&a, &b}) {
        if (s->size() < 2)
            throw UnsupportedError("MatMul: operands of rank " + std::to_string(s->size()) + " (got " +
                                   shapeToString(a) + " x " + shapeToString(b) +
                                   ") are not supported; reshape 1-D vectors to (1, K) or (K, 1)");
        if (s->size() > 4)
            throw UnsupportedError("MatMul: operands of rank above 4 are not supported, got " + shapeToString(a) +
                                   " x " + shapeToString(b));
    }
    if (a.back() != b[b.size() - 2])
        throw ShapeError("MatMul: inner dimensions do not match: " + shapeToString(a) + " x " + shapeToString(b));
    const size_t r = std::max(a.size(), b.size());
    Layout l;
    l.a = Shape(r - a.size(), 1);
    l.a.insert(l.a.end(), a.begin(), a.end());
    l.b = Shape(r - b.size(), 1);
    l.b.insert(l.b.end(), b.begin(), b.end());
    l.out.resize(r);
    for (size_t i = 0; i + 2 < r; ++i) {
        if (l.a[i] != l.b[i] && l.a[i] != 1 && l.b[i] != 1)
            throw ShapeError("MatMul: batch dimensions do not broadcast: " + shapeToString(a) + " x " +
                             shapeToString(b));
        l.out[i] = l.a[i] == 1 ? l.b[i] : l.a[i];
    }
    l.out[r - 2] = l.a[r - 2];
    l.out[r - 1] = l.b[r - 1];
    for (int64_t d : l.out)
        if (d <= 0)
            throw ShapeError("MatMul: empty operand in " + shapeToString(a) + " x " + shapeToString(b));
    return l;
}

/// Row-major strides of a shape.
dnnl::memory::dims plainStrides(const Shape& s)
{
    dnnl::memory::dims st(s.size());
    int64_t acc = 1;
    for (size_t i = s.size(); i-- > 0;) {
        st[i] = acc;
        acc *= s[i];
    }
    return st;
}

/// A row-major tensor of shape s viewed with its last two dimensions swapped (no copy).
dnnl::memory::desc transposedDesc(const Shape& s)
{
    dnnl::memory::dims dims = toDims(s), st = plainStrides(s);
    const size_t r = s.size();
    std::swap(dims[r - 1], dims[r - 2]);
    std::swap(st[r - 1], st[r - 2]);
    return {dims, dt::f32, st};
}

/// The last two dimensions of `matrix` behind the batch dimensions of `batch` (both of the same rank).
Shape matrixWithBatch(const Shape& matrix, const Shape& batch)
{
    Shape s = batch;
    s[s.size() - 2] = matrix[matrix.size() - 2];
    s[s.size() - 1] = matrix[matrix.size() - 1];
    return s;
}

/// Sums `full` (B..., r, c) over the batch dims where `target` (rank equal) has 1.
void reduceBatchInto(const Tensor& full, Tensor& target, const Shape& targetShape)
{
    const Shape& fs = full.shape();
    const size_t rank = fs.size();
    const int64_t block = fs[rank - 2] * fs[rank - 1];
    const auto ts = plainStrides(targetShape);
    const int64_t batches = full.size() / block;
    float* out = target.data();
    const float* in = full.data();
    std::vector<int64_t> idx(rank - 2, 0);
    for (int64_t bi = 0; bi < batches; ++bi) {
        int64_t off = 0;
        for (size_t d = 0; d + 2 < rank; ++d)
            if (targetShape[d] != 1)
                off += idx[d] * ts[d];
        const float* src = in + bi * block;
        float* dst = out + off;
        for (int64_t j = 0; j < block; ++j)
            dst[j] += src[j];
        for (size_t d = rank - 2; d-- > 0;) {
            if (++idx[d] < fs[d])
                break;
            idx[d] = 0;
        }
    }
}

} // namespace

struct MatMul::Impl {
    struct Entry {
        Layout l;
        dnnl::matmul fwd, bwdA, bwdB;
    };
    std::mutex mutex;
    std::map<std::pair<Shape, Shape>, Entry> cache;

    static dnnl::matmul make(const dnnl::memory::desc& src, const dnnl::memory::desc& weights,
                             const dnnl::memory::desc& dst, const char* what)
    {
        return guarded(what, [&] {
            return dnnl::matmul(dnnl::matmul::primitive_desc(dnnl::matmul::desc(src, weights, dst), primitiveAttr(), cpuEngine()));
        });
    }

    Entry& entry(const Shape& a, const Shape& b)
    {
        std::lock_guard lock(mutex);
        auto key = std::make_pair(a, b);
        auto it = cache.find(key);
        if (it != cache.end())
            return it->second;
        Entry e;
        e.l = layout(a, b);
        e.fwd = make(plainDesc(e.l.a), plainDesc(e.l.b), plainDesc(e.l.out), "MatMul");
        return cache.emplace(key, std::move(e)).first->second;
    }

    /// dA = dY * B^T, over the output batch.
    dnnl::matmul& backwardA(Entry& e)
    {
        std::lock_guard lock(mutex);
        if (!e.bwdA)
            e.bwdA = make(plainDesc(e.l.out), transposedDesc(e.l.b), plainDesc(matrixWithBatch(e.l.a, e.l.out)),
                          "MatMul backward");
        return e.bwdA;
    }

    /// dB = A^T * dY, over the output batch.
    dnnl::matmul& backwardB(Entry& e)
    {
        std::lock_guard lock(mutex);
        if (!e.bwdB)
            e.bwdB = make(transposedDesc(e.l.a), plainDesc(e.l.out), plainDesc(matrixWithBatch(e.l.b, e.l.out)),
                          "MatMul backward");
        return e.bwdB;
    }
};

MatMul::MatMul() : m_impl(std::make_unique<Impl>()) {}

MatMul::~MatMul() = default;

std::vector<Shape> MatMul::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 2, 2);
    return {layout(inputs[0], inputs[1]).out};
}

void MatMul::forward(ForwardArgs& args)
{
    if (args.inputs.size() != 2)
        throw ShapeError("MatMul: expected 2 inputs, got " + std::to_string(args.inputs.size()));
    const Tensor& a = args.inputs[0];
    const Tensor& b = args.inputs[1];
    auto& e = m_impl->entry(a.shape(), b.shape());
    Tensor y(e.l.out);
    execute(e.fwd,
            {{DNNL_ARG_SRC, wrap(a, plainDesc(e.l.a))},
             {DNNL_ARG_WEIGHTS, wrap(b, plainDesc(e.l.b))},
             {DNNL_ARG_DST, wrap(y)}},
            "MatMul");
    args.outputs = {y};
}

void MatMul::backward(BackwardArgs& args)
{
    if (args.inputs.size() != 2)
        throw ShapeError("MatMul: expected 2 inputs, got " + std::to_string(args.inputs.size()));
    const Tensor& a = args.inputs[0];
    const Tensor& b = args.inputs[1];
    auto& e = m_impl->entry(a.shape(), b.shape());
    const Layout& l = e.l;
    Tensor gy = args.gradOutputs.empty() ? Tensor() : args.gradOutputs[0];
    if (gy.isEmpty())
        gy = Tensor(l.out);
    if (gy.shape() != l.out)
        throw ShapeError("MatMul backward: output gradient " + shapeToString(gy.shape()) + " does not match output " +
                         shapeToString(l.out));
    args.gradInputs.resize(2);
    const auto need = [&](size_t i) { return args.needInputGrad.size() > i && args.needInputGrad[i]; };

    // Computes one operand gradient over the full output batch, summing over the batch dims it was broadcast along.
    const auto grad = [&](dnnl::matmul& prim, const dnnl::memory& src, const dnnl::memory& weights, const Shape& padded,
                          const Tensor& operand) {
        const Shape full = matrixWithBatch(padded, l.out);
        Tensor g(padded);
        if (full == padded) {
            execute(prim, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_DST, wrap(g)}},
                    "MatMul backward");
        } else {
            Tensor tmp(full);
            execute(prim, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_DST, wrap(tmp)}},
                    "MatMul backward");
            reduceBatchInto(tmp, g, padded);
        }
        return g.reshaped(operand.shape());
    };
    if (need(0)) {
        auto& prim = m_impl->backwardA(e);
        args.gradInputs[0] = grad(prim, wrap(gy), wrap(b, transposedDesc(l.b)), l.a, a);
    }
    if (need(1)) {
        auto& prim = m_impl->backwardB(e);
        args.gradInputs[1] = grad(prim, wrap(a, transposedDesc(l.a)), wrap(gy), l.b, b);
    }
}

} // namespace lantern
