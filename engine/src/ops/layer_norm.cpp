#include "lantern/ops/layer_norm.h"

#include "backend/dnnl_backend.h"
#include "backend/packed_weights.h"

#include <cmath>
#include <map>
#include <mutex>
#include <sstream>
#include <tuple>

namespace lantern {

using namespace backend;
using flags = dnnl::normalization_flags;

namespace {

/// Per-row mean and variance of a forward pass, for backward.
struct LayerNormState : OpState {
    Shape rows; ///< (T, C) the input was viewed as
    Tensor mean, variance;
};

} // namespace

struct LayerNorm::Impl {
    struct Entry {
        dnnl::layer_normalization_forward::primitive_desc fwdPd;
        dnnl::layer_normalization_forward fwd;
        dnnl::layer_normalization_backward::primitive_desc bwdPd;
        dnnl::layer_normalization_backward bwd;
    };
    using Key = std::tuple<Shape, bool>; ///< ((T, C), forward_training)
    std::mutex mutex;
    std::map<Key, Entry> cache;

    static flags flagsFor(const LayerNormParams& p)
    {
        flags f = flags::none;
        if (p.affine)
            f |= flags::use_scale;
        if (p.affine && p.bias)
            f |= flags::use_shift;
        return f;
    }

    Entry& entry(const LayerNormParams& p, const Shape& rows, bool training)
    {
        std::lock_guard lock(mutex);
        const Key key{rows, training};
        auto it = cache.find(key);
        if (it != cache.end())
            return it->second;
        Entry e;
        const auto prop = training ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
        e.fwdPd = guarded("LayerNorm", [&] {
            dnnl::layer_normalization_forward::desc desc(prop, plainDesc(rows), p.epsilon, flagsFor(p));
            return dnnl::layer_normalization_forward::primitive_desc(desc, primitiveAttr(), cpuEngine());
        });
        e.fwd = dnnl::layer_normalization_forward(e.fwdPd);
        return cache.emplace(key, std::move(e)).first->second;
    }

    void ensureBackward(const LayerNormParams& p, const Shape& rows, Entry& e)
    {
        std::lock_guard lock(mutex);
        if (e.bwd)
            return;
        const auto prop = p.affine ? dnnl::prop_kind::backward : dnnl::prop_kind::backward_data;
        e.bwdPd = guarded("LayerNorm backward", [&] {
            dnnl::layer_normalization_backward::desc desc(prop, plainDesc(rows), plainDesc(rows), p.epsilon,
                                                          flagsFor(p));
            return dnnl::layer_normalization_backward::primitive_desc(desc, primitiveAttr(), cpuEngine(), e.fwdPd);
        });
        e.bwd = dnnl::layer_normalization_backward(e.bwdPd);
    }
};

LayerNorm::LayerNorm(const LayerNormParams& params) : m_params(params), m_impl(std::make_unique<Impl>())
{
    const auto& p = m_params;
    if (p.normalizedShape.empty() || p.normalizedShape.size() > static_cast<size_t>(kMaxRank))
        throw ArgumentError("LayerNorm: normalizedShape must have rank 1 to " + std::to_string(kMaxRank) + ", got " +
                            shapeToString(p.normalizedShape));
    for (int64_t d : p.normalizedShape)
        if (d <= 0)
            throw ArgumentError("LayerNorm: normalizedShape must be positive, got " + shapeToString(p.normalizedShape));
    if (!(p.epsilon >= 0.f) || !std::isfinite(p.epsilon))
        throw ArgumentError("LayerNorm: epsilon must be >= 0, got " + std::to_string(p.epsilon));
    m_weight = Parameter{"weight", Tensor(p.normalizedShape, 1.f)};
    m_bias = Parameter{"bias", Tensor(p.normalizedShape, 0.f)};
}

LayerNorm::~LayerNorm() = default;

std::vector<Shape> LayerNorm::outputShapes(std::span<const Shape> inputs) const
{
    expectInputCount(*this, inputs, 1, 1);
    const Shape& in = inputs[0];
    const Shape& ns = m_params.normalizedShape;
    if (in.size() < ns.size() || !std::equal(ns.begin(), ns.end(), in.end() - static_cast<ptrdiff_t>(ns.size())))
        throw ShapeError("LayerNorm expects input ending in normalized shape " + shapeToString(ns) + ", got " +
                         shapeToString(in));
    if (shapeSize(in) == 0)
        throw ShapeError("LayerNorm expects a non-empty input, got " + shapeToString(in));
    if (m_params.affine && m_weight.value.shape() != ns)
        throw ShapeError("LayerNorm: parameter weight has shape " + shapeToString(m_weight.value.shape()) +
                         ", expected " + shapeToString(ns));
    if (m_params.affine && m_params.bias && m_bias.value.shape() != ns)
        throw ShapeError("LayerNorm: parameter bias has shape " + shapeToString(m_bias.value.shape()) + ", expected " +
                         shapeToString(ns));
    return {in};
}

namespace {

Shape rowsOf(const Shape& in, const Shape& normalized)
{
    const int64_t c = shapeSize(normalized);
    return {shapeSize(in) / c, c};
}

} // namespace

void LayerNorm::forward(ForwardArgs& args)
{
    std::vector<Shape> inShapes;
    for (const Tensor& t : args.inputs)
        inShapes.push_back(t.shape());
    outputShapes(inShapes);
    const Tensor& x = args.inputs[0];
    const Shape rows = rowsOf(x.shape(), m_params.normalizedShape);
    auto& e = m_impl->entry(m_params, rows, args.keepForBackward);
    Tensor y(x.shape());
    std::unordered_map<int, dnnl::memory> a{{DNNL_ARG_SRC, wrap(x, plainDesc(rows))},
                                            {DNNL_ARG_DST, wrap(y, plainDesc(rows))}};
    Tensor mean, variance;
    if (args.keepForBackward) {
        mean = Tensor({rows[0]});
        variance = Tensor({rows[0]});
        a[DNNL_ARG_MEAN] = wrap(mean);
        a[DNNL_ARG_VARIANCE] = wrap(variance);
    }
    if (m_params.affine)
        a[DNNL_ARG_SCALE] = wrap(m_weight.value, plainDesc({rows[1]}));
    if (m_params.affine && m_params.bias)
        a[DNNL_ARG_SHIFT] = wrap(m_bias.value, plainDesc({rows[1]}));
    execute(e.fwd, a, "LayerNorm");
    args.outputs = {y};
    if (args.keepForBackward) {
        auto st = std::make_unique<LayerNormState>();
        st->rows = rows;
        st->mean = mean;
        st->variance = variance;
        args.state = std::move(st);
    }
}

void LayerNorm::backward(BackwardArgs& args)
{
    const bool wantInput = !args.needInputGrad.empty() && args.needInputGrad[0];
    const bool wantParams = args.accumulateParamGrads && m_params.affine;
    if (!wantInput && !wantParams)
        return;
    const Tensor& x = args.inputs[0];
    const std::vector<Shape> inShapes{x.shape()};
    outputShapes(inShapes);
    const Tensor gy = args.gradOutputs.empty() ? Tensor() : args.gradOutputs[0];
    if (gy.isEmpty()) {
        if (wantInput)
            args.gradInputs[0] = Tensor(x.shape());
        return;
    }
    if (gy.shape() != x.shape())
        throw ShapeError("LayerNorm backward: output gradient has shape " + shapeToString(gy.shape()) + ", expected " +
                         shapeToString(x.shape()));
    const Shape rows = rowsOf(x.shape(), m_params.normalizedShape);
    const Shape c{rows[1]};
    auto& e = m_impl->entry(m_params, rows, true);
    m_impl->ensureBackward(m_params, rows, e);

    Tensor mean, variance;
    const auto* st = dynamic_cast<const LayerNormState*>(args.state);
    if (st && st->rows == rows) {
        mean = st->mean;
        variance = st->variance;
    } else {
        // No state kept: recompute the statistics.
        mean = Tensor({rows[0]});
        variance = Tensor({rows[0]});
        Tensor scratch(x.shape());
        std::unordered_map<int, dnnl::memory> a{{DNNL_ARG_SRC, wrap(x, plainDesc(rows))},
                                                {DNNL_ARG_DST, wrap(scratch, plainDesc(rows))},
                                                {DNNL_ARG_MEAN, wrap(mean)},
                                                {DNNL_ARG_VARIANCE, wrap(variance)}};
        if (m_params.affine)
            a[DNNL_ARG_SCALE] = wrap(m_weight.value, plainDesc(c));
        if (m_params.affine && m_params.bias)
            a[DNNL_ARG_SHIFT] = wrap(m_bias.value, plainDesc(c));
        execute(e.fwd, a, "LayerNorm");
    }

    Tensor gx(x.shape());
    Tensor gScale, gShift;
    std::unordered_map<int, dnnl::memory> a{{DNNL_ARG_SRC, wrap(x, plainDesc(rows))},
                                            {DNNL_ARG_MEAN, wrap(mean)},
                                            {DNNL_ARG_VARIANCE, wrap(variance)},
                                            {DNNL_ARG_DIFF_DST, wrap(gy, plainDesc(rows))},
                                            {DNNL_ARG_DIFF_SRC, wrap(gx, plainDesc(rows))}};
    if (m_params.affine) {
        gScale = Tensor(c);
        a[DNNL_ARG_SCALE] = wrap(m_weight.value, plainDesc(c));
        a[DNNL_ARG_DIFF_SCALE] = wrap(gScale);
    }
    if (m_params.affine && m_params.bias) {
        gShift = Tensor(c);
        a[DNNL_ARG_SHIFT] = wrap(m_bias.value, plainDesc(c)); // oneDNN 2.6 wants it although unused
        a[DNNL_ARG_DIFF_SHIFT] = wrap(gShift);
    }
    execute(e.bwd, a, "LayerNorm backward");
    if (wantInput)
        args.gradInputs[0] = gx;
    if (wantParams) {
        Tensor& gw = m_weight.gradient();
        Tensor flat = gw.reshaped(c);
        addInto(flat, gScale);
        if (m_params.bias) {
            Tensor flatBias = m_bias.gradient().reshaped(c);
            addInto(flatBias, gShift);
        }
    }
}

std::vector<Parameter*> LayerNorm::parameters()
{
    if (!m_params.affine)
        return {};
    if (!m_params.bias)
        return {&m_weight};
    return {&m_weight, &m_bias};
}

std::string LayerNorm::describe() const
{
    std::ostringstream os;
    os << "shape=" << shapeToString(m_params.normalizedShape) << " eps=" << m_params.epsilon;
    if (!m_params.affine)
        os << " no-affine";
    else if (!m_params.bias)
        os << " no-bias";
    return os.str();
}

} // namespace lantern
